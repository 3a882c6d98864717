package dev.shouli.feature.console;

import dev.shouli.core.cases.CaseSearch;
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
 * The console's case list: every filter of the desk, the search that finds people ({@link CaseSearch}: a
 * reference, a phone or its fragment, an address, an order number, words in either script), the work queues (mine, unassigned, due soon, overdue, re-opened,
 * new citizen input) with their counts, three orders (arrival with keyset paging on (received_at, id); nearest
 * deadline and urgency with offset paging), the total, and the open deadlines of the cases on the page.
 */
public final class ConsoleCaseQueries {

    /** SLA state of a case: its worst open deadline. */
    private static final String OPEN_DEADLINE = "SELECT 1 FROM sla_deadline d WHERE d.case_id = c.id AND d.state = ";

    /** A case the desk still works on. */
    private static final String OPEN = "c.status IN ('new', 'acknowledged', 'in_progress')";

    /** The desk's own clocks of a case that still run (the receipt is the gateway's). */
    private static final String DESK_CLOCK = "SELECT 1 FROM sla_deadline d WHERE d.case_id = c.id AND d.kind <> 'receipt' AND ";

    /**
     * The queues ($15, with the viewer in $14 and the end of "due soon" in $16): an open case in 即将超时 has a desk
     * deadline in warning or due before $16 and none breached yet; in 已超时 one breached; in 重办 it was re-opened; in
     * 有新进展 the citizen added something since its assignee (or, unassigned, the viewer) last opened it.
     */
    private static final String QUEUE = """
            ($15::text IS NULL
             OR $15 = 'mine' AND %1$s AND c.assignee = $14
             OR $15 = 'unassigned' AND %1$s AND c.assignee IS NULL
             OR $15 = 'due-soon' AND %1$s
                AND EXISTS (%2$s(d.state = 'warning' OR d.state = 'on_time' AND d.due_at <= $16))
                AND NOT EXISTS (%2$sd.state = 'breached')
             OR $15 = 'overdue' AND %1$s AND EXISTS (%2$sd.state = 'breached')
             OR $15 = 'reopened' AND %1$s AND a.reopened_at IS NOT NULL
             OR $15 = 'new-input' AND %1$s AND a.input_at > coalesce(s.seen_at, '-infinity'))"""
            .formatted(OPEN, DESK_CLOCK);

    private static final String FROM_WHERE = """
              FROM complaint_case c
              LEFT JOIN desk_user u ON u.username = c.assignee
              LEFT JOIN desk_case_attention a ON a.case_id = c.id
              LEFT JOIN desk_case_seen s ON s.case_id = c.id AND s.username = coalesce(c.assignee, $14)
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
               AND ($10::text IS NULL OR c.reference = $10)
               AND {search}
               AND ($11::timestamptz IS NULL OR (c.received_at, c.id) < ($11, $12))
               AND ($13::text IS NULL OR c.reference = $13)
               AND %2$s""".formatted(OPEN_DEADLINE, QUEUE);

    /** The nearest running desk deadline of a case, for ordering by deadline and urgency. */
    private static final String NEXT_DUE = """
              LEFT JOIN LATERAL (SELECT min(d.due_at) AS due FROM sla_deadline d
                                  WHERE d.case_id = c.id AND d.kind <> 'receipt'
                                    AND d.state IN ('on_time', 'warning', 'breached')) nd ON true""";

    /** The list's FROM … WHERE with each case's nearest deadline joined, for the orders that use it. */
    private static final String WITH_NEXT_DUE = FROM_WHERE.replaceFirst("(?m)^\\s*WHERE", NEXT_DUE + "\n WHERE");

    /** Parameters $1 … $16 are the filter's; the search's patterns follow them. */
    private static final int FILTER_PARAMETERS = 16;

    private static final String COLUMNS = """
            SELECT c.id, c.reference, c.kind, c.status, c.channel, c.received_at, c.subject, c.urgency, c.assignee,
                   c.complainant, c.respondent_name, c.respondent, coalesce(u.display_name, c.assignee) AS assignee_name,
                   a.input_at > coalesce(s.seen_at, '-infinity') AND %s AS new_input, a.input_kind,
                   a.reopened_at IS NOT NULL AND %s AS reopened, a.reopened_by""".formatted(OPEN, OPEN);

    private static final String URGENCY_RANK = "CASE c.urgency WHEN 'critical' THEN 0 WHEN 'urgent' THEN 1 ELSE 2 END";

    /** What the queue counts are over: the open cases, with their attention marks and running desk clocks. */
    private static final String COUNTS = """
            SELECT count(*) FILTER (WHERE c.assignee = $1) AS mine,
                   count(*) FILTER (WHERE c.assignee IS NULL) AS unassigned,
                   count(*) FILTER (WHERE dl.soon AND NOT dl.breached) AS due_soon,
                   count(*) FILTER (WHERE dl.breached) AS overdue,
                   count(*) FILTER (WHERE a.reopened_at IS NOT NULL) AS reopened,
                   count(*) FILTER (WHERE a.input_at > coalesce(s.seen_at, '-infinity')) AS new_input
              FROM complaint_case c
              LEFT JOIN desk_case_attention a ON a.case_id = c.id
              LEFT JOIN desk_case_seen s ON s.case_id = c.id AND s.username = coalesce(c.assignee, $1)
              LEFT JOIN LATERAL (SELECT coalesce(bool_or(d.state = 'breached'), false) AS breached,
                                        coalesce(bool_or(d.state = 'warning' OR d.due_at <= $2), false) AS soon
                                   FROM sla_deadline d
                                  WHERE d.case_id = c.id AND d.kind <> 'receipt'
                                    AND d.state IN ('on_time', 'warning', 'breached')) dl ON true
             WHERE %s""".formatted(OPEN);

    private static final String OPEN_DEADLINES = """
            SELECT d.id, d.case_id, d.kind, d.calendar, d.source, d.started_at, d.original_due_at, d.due_at, d.warn_at,
                   d.state, d.warned_at, d.breached_at, d.met_at, d.paused_since, d.resume_state, d.paused_seconds,
                   d.extensions, d.extension_reason, d.extended_at, d.extended_by
              FROM sla_deadline d
             WHERE d.case_id = ANY($1) AND d.state IN ('on_time', 'warning', 'breached', 'paused')
             ORDER BY d.due_at""";

    /** How the list is ordered: newest arrival first, nearest deadline first, most urgent (then nearest) first. */
    public enum Sort {
        ARRIVAL("arrival", "c.received_at DESC, c.id DESC"),
        DEADLINE("deadline", "nd.due ASC NULLS LAST, c.id DESC"),
        URGENCY("urgency", URGENCY_RANK + ", nd.due ASC NULLS LAST, c.received_at DESC, c.id DESC");

        final String code;
        final String orderBy;

        Sort(String code, String orderBy) {
            this.code = code;
            this.orderBy = orderBy;
        }

        static Optional<Sort> parse(String value) {
            for (Sort s : values()) {
                if (s.code.equals(value)) {
                    return Optional.of(s);
                }
            }
            return Optional.empty();
        }
    }

    /**
     * Filters; null means any. {@code assignee} "-" means unassigned; {@code search} what a person typed;
     * {@code queue} one of {@link #QUEUES}; {@code viewer} the user looking (their queue, their unseen input).
     */
    public record Filter(String status, String channel, String kind, String urgency, String slaState,
                         String assignee, String respondent, Instant receivedFrom, Instant receivedUntil,
                         CaseSearch.Query search, String queue, String viewer, Instant dueSoonUntil) {
    }

    public static final List<String> QUEUES =
            List.of("mine", "unassigned", "due-soon", "overdue", "reopened", "new-input");

    /**
     * One row of the list; {@code deadlines} are its open ones, nearest first; {@code assignee} the display name of
     * the desk user it is assigned to; {@code newInput} whether the citizen added something its assignee has not
     * seen ({@code inputKind}: appended, merged, dissatisfied); {@code reopened} whether it was re-opened.
     */
    public record CaseRow(long id, String reference, String kind, String status, String channel, Instant receivedAt,
                          String subject, String urgency, String assignee, JsonObject complainant, String respondent,
                          List<SlaDeadline> deadlines, boolean newInput, String inputKind, boolean reopened,
                          String reopenedBy) {
    }

    /** Where the next page starts: after a row (arrival order) or after so many rows (the other orders). */
    public record Cursor(Instant receivedAt, long id, int offset) {
    }

    public record Page(List<CaseRow> rows, Cursor next, long total) {
    }

    /** How many open cases each queue holds for a viewer. */
    public record QueueCounts(long mine, long unassigned, long dueSoon, long overdue, long reopened, long newInput) {
        long of(String queue) {
            return switch (queue) {
                case "mine" -> mine;
                case "unassigned" -> unassigned;
                case "due-soon" -> dueSoon;
                case "overdue" -> overdue;
                case "reopened" -> reopened;
                default -> newInput;
            };
        }
    }

    private final Pool pool;

    public ConsoleCaseQueries(Pool pool) {
        this.pool = pool;
    }

    public Future<Page> list(Filter f, Sort sort, Cursor after, int limit) {
        boolean keyset = sort == Sort.ARRIVAL;
        int limitAt = FILTER_PARAMETERS + f.search().patterns().size() + 1;
        String sql = COLUMNS + searched(WITH_NEXT_DUE, f) + " ORDER BY " + sort.orderBy
                + " LIMIT $" + limitAt + " OFFSET $" + (limitAt + 1);
        int offset = keyset || after == null ? 0 : after.offset();
        Tuple t = filter(f, keyset ? after : null, null).addValue(limit + 1).addValue(offset);
        Future<Long> total = pool.preparedQuery("SELECT count(*) AS n" + searched(FROM_WHERE, f))
                .execute(filter(f, null, null))
                .map(rows -> rows.iterator().next().getLong("n"));
        return pool.preparedQuery(sql).execute(t).compose(rows -> {
            List<Row> all = new ArrayList<>();
            rows.forEach(all::add);
            List<Row> page = all.subList(0, Math.min(limit, all.size()));
            Cursor next = null;
            if (all.size() > limit) {
                Row last = page.get(page.size() - 1);
                next = new Cursor(last.getOffsetDateTime("received_at").toInstant(), last.getLong("id"), offset + limit);
            }
            Cursor nextCursor = next;
            return Future.all(total, deadlines(page.stream().map(r -> r.getLong("id")).toList())).map(done -> {
                Map<Long, List<SlaDeadline>> byCase = done.resultAt(1);
                return new Page(page.stream().map(r -> row(r, byCase.getOrDefault(r.getLong("id"), List.of())))
                        .toList(), nextCursor, total.result());
            });
        });
    }

    /** Every reference the filter matches, oldest first, at most {@code max} (for "all N matching"). */
    public Future<List<String>> references(Filter f, int max) {
        int limitAt = FILTER_PARAMETERS + f.search().patterns().size() + 1;
        return pool.preparedQuery("SELECT c.reference" + searched(FROM_WHERE, f) + " ORDER BY c.id LIMIT $" + limitAt)
                .execute(filter(f, null, null).addValue(max))
                .map(rows -> {
                    List<String> out = new ArrayList<>();
                    rows.forEach(r -> out.add(r.getString("reference")));
                    return out;
                });
    }

    /** The queue counts for {@code viewer}; "due soon" ends at {@code dueSoonUntil}. */
    public Future<QueueCounts> counts(String viewer, Instant dueSoonUntil) {
        return pool.preparedQuery(COUNTS).execute(Tuple.of(viewer, SqlTime.utc(dueSoonUntil))).map(rows -> {
            Row r = rows.iterator().next();
            return new QueueCounts(r.getLong("mine"), r.getLong("unassigned"), r.getLong("due_soon"),
                    r.getLong("overdue"), r.getLong("reopened"), r.getLong("new_input"));
        });
    }

    /** One case as a list row (a live update of that row), as {@code viewer} sees it. */
    public Future<Optional<CaseRow>> row(String reference, String viewer) {
        Filter none = new Filter(null, null, null, null, null, null, null, null, null, CaseSearch.parse(null), null,
                viewer, null);
        String sql = COLUMNS + searched(FROM_WHERE, none);
        return pool.preparedQuery(sql).execute(filter(none, null, reference)).compose(rows -> {
            if (!rows.iterator().hasNext()) {
                return Future.succeededFuture(Optional.<CaseRow>empty());
            }
            Row r = rows.iterator().next();
            return deadlines(List.of(r.getLong("id")))
                    .map(byCase -> Optional.of(row(r, byCase.getOrDefault(r.getLong("id"), List.of()))));
        });
    }

    /** {@code sql} with the filter's search condition in place, its patterns after the filter's parameters. */
    private static String searched(String sql, Filter f) {
        return sql.replace("{search}", f.search().condition(i -> "$" + (FILTER_PARAMETERS + 1 + i)));
    }

    /** $1 … $16 of {@link #FROM_WHERE}, then the search's patterns. */
    private static Tuple filter(Filter f, Cursor after, String reference) {
        Tuple t = Tuple.tuple()
                .addValue(f.status()).addValue(f.channel()).addValue(f.kind()).addValue(f.urgency())
                .addValue(f.slaState()).addValue(f.assignee()).addValue(like(f.respondent()))
                .addValue(SqlTime.utc(f.receivedFrom())).addValue(SqlTime.utc(f.receivedUntil()))
                .addValue(f.search().reference())
                .addValue(after == null ? null : SqlTime.utc(after.receivedAt()))
                .addValue(after == null ? null : after.id())
                .addValue(reference)
                .addValue(f.viewer())
                .addValue(f.queue())
                .addValue(SqlTime.utc(f.dueSoonUntil()));
        f.search().patterns().forEach(t::addValue);
        return t;
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
                r.getString("respondent_name"), deadlines, Boolean.TRUE.equals(r.getBoolean("new_input")),
                r.getString("input_kind"), Boolean.TRUE.equals(r.getBoolean("reopened")), r.getString("reopened_by"));
    }

    /** A substring for ILIKE with its wildcards escaped; null stays null. */
    static String like(String s) {
        if (s == null || s.isBlank()) {
            return null;
        }
        return s.strip().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }
}
