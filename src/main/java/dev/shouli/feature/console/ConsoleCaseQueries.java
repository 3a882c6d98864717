package dev.shouli.feature.console;

import dev.shouli.core.db.SqlTime;
import dev.shouli.core.sla.SlaDeadline;
import dev.shouli.core.sla.SlaStore;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The console's case list: every filter of the desk, substring search over subject, description, complainant
 * name and respondent (trigram GIN index, V10_1), keyset paging on (received_at, id), and the open deadlines of
 * the cases on the page.
 */
public final class ConsoleCaseQueries {

    /** Exactly the indexed expression of V10_1__console_search.sql. */
    static final String SEARCH_TEXT = """
            (coalesce(subject, '') || ' ' || coalesce(description, '') || ' '
                || CASE WHEN complainant ->> 'confidential' = 'true' THEN '' ELSE coalesce(complainant ->> 'name', '') END
                || ' ' || coalesce(respondent_name, ''))""";

    /** SLA state of a case: its worst open deadline. */
    private static final String OPEN_DEADLINE = "SELECT 1 FROM sla_deadline d WHERE d.case_id = c.id AND d.state = ";

    private static final String LIST = """
            SELECT c.id, c.reference, c.kind, c.status, c.channel, c.received_at, c.subject, c.urgency, c.assignee,
                   c.complainant, c.respondent_name, c.respondent, coalesce(u.display_name, c.assignee) AS assignee_name
              FROM complaint_case c
              LEFT JOIN desk_user u ON u.username = c.assignee
             WHERE ($1::text IS NULL OR c.status = $1)
               AND ($2::text IS NULL OR c.channel = $2 OR c.channel LIKE $2 || ':%%')
               AND ($3::text IS NULL OR c.kind = $3)
               AND ($4::text IS NULL OR c.urgency = $4)
               AND ($5::text IS NULL
                    OR $5 = 'breached' AND EXISTS (%1$s'breached')
                    OR $5 = 'warning' AND EXISTS (%1$s'warning') AND NOT EXISTS (%1$s'breached')
                    OR $5 = 'paused' AND EXISTS (%1$s'paused')
                    OR $5 = 'on_time' AND EXISTS (%1$s'on_time')
                       AND NOT EXISTS (SELECT 1 FROM sla_deadline d WHERE d.case_id = c.id
                                          AND d.state IN ('warning', 'breached', 'paused'))
                    OR $5 = 'none' AND NOT EXISTS (SELECT 1 FROM sla_deadline d WHERE d.case_id = c.id
                                          AND d.state IN ('on_time', 'warning', 'breached', 'paused')))
               AND ($6::text IS NULL OR $6 = '-' AND c.assignee IS NULL OR c.assignee = $6)
               AND ($7::text IS NULL OR c.respondent_name ILIKE '%%' || $7 || '%%' ESCAPE '\\')
               AND ($8::timestamptz IS NULL OR c.received_at >= $8)
               AND ($9::timestamptz IS NULL OR c.received_at < $9)
               AND ($10::text IS NULL OR %2$s ILIKE '%%' || $10 || '%%' ESCAPE '\\')
               AND ($11::timestamptz IS NULL OR (c.received_at, c.id) < ($11, $12))
               AND ($14::text IS NULL OR c.reference = $14)
             ORDER BY c.received_at DESC, c.id DESC
             LIMIT $13""".formatted(OPEN_DEADLINE, SEARCH_TEXT);

    private static final String OPEN_DEADLINES = """
            SELECT d.id, d.case_id, d.kind, d.calendar, d.source, d.started_at, d.original_due_at, d.due_at, d.warn_at,
                   d.state, d.warned_at, d.breached_at, d.met_at, d.paused_since, d.resume_state, d.paused_seconds,
                   d.extensions, d.extension_reason, d.extended_at, d.extended_by
              FROM sla_deadline d
             WHERE d.case_id = ANY($1) AND d.state IN ('on_time', 'warning', 'breached', 'paused')
             ORDER BY d.due_at""";

    /** Filters; null means any. {@code assignee} "-" means unassigned; {@code search} is a plain substring. */
    public record Filter(String status, String channel, String kind, String urgency, String slaState,
                         String assignee, String respondent, Instant receivedFrom, Instant receivedUntil,
                         String search) {
    }

    /** One row of the list; {@code deadlines} are its open ones, nearest first. */
    public record CaseRow(long id, String reference, String kind, String status, String channel, Instant receivedAt,
                       String subject, String urgency, String assignee, JsonObject complainant, String respondent,
                       List<SlaDeadline> deadlines) {
        // assignee: the display name of the desk user the case is assigned to (their user name when unknown)
    }

    public record Cursor(Instant receivedAt, long id) {
    }

    public record Page(List<CaseRow> rows, Cursor next) {
    }

    private final Pool pool;

    public ConsoleCaseQueries(Pool pool) {
        this.pool = pool;
    }

    public Future<Page> list(Filter f, Cursor after, int limit) {
        Tuple t = Tuple.tuple()
                .addValue(f.status()).addValue(f.channel()).addValue(f.kind()).addValue(f.urgency())
                .addValue(f.slaState()).addValue(f.assignee()).addValue(like(f.respondent()))
                .addValue(SqlTime.utc(f.receivedFrom())).addValue(SqlTime.utc(f.receivedUntil()))
                .addValue(like(f.search()))
                .addValue(after == null ? null : SqlTime.utc(after.receivedAt()))
                .addValue(after == null ? null : after.id())
                .addValue(limit + 1)
                .addValue(null);
        return pool.preparedQuery(LIST).execute(t).compose(rows -> {
            List<Row> all = new ArrayList<>();
            rows.forEach(all::add);
            List<Row> page = all.subList(0, Math.min(limit, all.size()));
            Cursor next = null;
            if (all.size() > limit) {
                Row last = page.get(page.size() - 1);
                next = new Cursor(last.getOffsetDateTime("received_at").toInstant(), last.getLong("id"));
            }
            Cursor nextCursor = next;
            return deadlines(page.stream().map(r -> r.getLong("id")).toList()).map(byCase -> new Page(
                    page.stream().map(r -> row(r, byCase.getOrDefault(r.getLong("id"), List.of()))).toList(),
                    nextCursor));
        });
    }

    /** One case as a list row (a live update of that row). */
    public Future<Optional<CaseRow>> row(String reference) {
        Tuple t = Tuple.tuple();
        for (int i = 0; i < 12; i++) {
            t.addValue(null);
        }
        return pool.preparedQuery(LIST).execute(t.addValue(1).addValue(reference)).compose(rows -> {
            if (!rows.iterator().hasNext()) {
                return Future.succeededFuture(Optional.<CaseRow>empty());
            }
            Row r = rows.iterator().next();
            return deadlines(List.of(r.getLong("id")))
                    .map(byCase -> Optional.of(row(r, byCase.getOrDefault(r.getLong("id"), List.of()))));
        });
    }

    private Future<Map<Long, List<SlaDeadline>>> deadlines(List<Long> caseIds) {
        if (caseIds.isEmpty()) {
            return Future.succeededFuture(Map.of());
        }
        return pool.preparedQuery(OPEN_DEADLINES).execute(Tuple.of(caseIds.toArray(new Long[0]))).map(rows -> {
            Map<Long, List<SlaDeadline>> out = new HashMap<>();
            rows.forEach(r -> out.computeIfAbsent(r.getLong("case_id"), k -> new ArrayList<>()).add(SlaStore.deadline(r)));
            return out;
        });
    }

    private static CaseRow row(Row r, List<SlaDeadline> deadlines) {
        return new CaseRow(r.getLong("id"), r.getString("reference"), r.getString("kind"), r.getString("status"),
                r.getString("channel"), r.getOffsetDateTime("received_at").toInstant(), r.getString("subject"),
                r.getString("urgency"), r.getString("assignee_name"), r.getJsonObject("complainant"),
                r.getString("respondent_name"), deadlines);
    }

    /** A substring for ILIKE with its wildcards escaped; null stays null. */
    static String like(String s) {
        if (s == null || s.isBlank()) {
            return null;
        }
        return s.strip().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }
}
