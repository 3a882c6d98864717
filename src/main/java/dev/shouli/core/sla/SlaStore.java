package dev.shouli.core.sla;

import dev.shouli.core.db.SqlTime;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import io.vertx.sqlclient.templates.SqlTemplate;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The sla_deadline table: set on intake, changed by desk actions and the monitor, read by the desk. */
public final class SlaStore {

    private static final String COLUMNS = """
            d.id, d.case_id, d.kind, d.calendar, d.source, d.started_at, d.original_due_at, d.due_at, d.warn_at,
            d.state, d.warned_at, d.breached_at, d.met_at, d.paused_since, d.resume_state, d.paused_seconds,
            d.extensions, d.extension_reason, d.extended_at, d.extended_by""";

    /**
     * All of a case's deadlines in one statement (it is on the intake path): one array per column. The kinds in $8
     * start cancelled (a receipt nothing is configured to send has no deadline anyone can meet).
     */
    private static final String INSERT = """
            INSERT INTO sla_deadline (case_id, kind, calendar, source, started_at, original_due_at, due_at, warn_at,
                                      state)
            SELECT $1, d.kind, d.calendar, d.source, d.started_at, d.due_at, d.due_at, d.warn_at,
                   CASE WHEN d.kind = ANY($8::text[]) THEN 'cancelled' ELSE 'on_time' END
              FROM unnest($2::text[], $3::text[], $4::text[], $5::timestamptz[], $6::timestamptz[], $7::timestamptz[])
                   AS d (kind, calendar, source, started_at, due_at, warn_at)""";

    private static final String OF_CASE = "SELECT " + COLUMNS
            + " FROM sla_deadline d WHERE d.case_id = #{caseId} ORDER BY d.id";

    private static final String OF_CASE_LOCKED = OF_CASE + " FOR UPDATE";

    /**
     * Deadlines whose warning or due time has passed and that have not been acted on: the next moment of a running
     * deadline (its warning while on time, its breach once warned) is what {@code sla_deadline_next_idx} holds, in
     * exactly this expression. SKIP LOCKED: rows another instance is handling are left to it, and once it commits they
     * no longer match. The case row is locked too, so two sweeps never split one case's deadlines between them (they
     * would then deadlock on the case row), and a sweep never waits for a desk action in progress.
     */
    private static final String CLAIM_CHANGING = "SELECT " + COLUMNS + ", c.reference, c.channel AS case_channel "
            + """
              FROM sla_deadline d JOIN complaint_case c ON c.id = d.case_id
             WHERE d.state IN ('on_time', 'warning')
               AND (CASE WHEN d.state = 'on_time' THEN least(d.warn_at, d.due_at) ELSE d.due_at END) <= #{now}
             ORDER BY (CASE WHEN d.state = 'on_time' THEN least(d.warn_at, d.due_at) ELSE d.due_at END), d.id
             LIMIT #{limit}
             FOR UPDATE OF d, c SKIP LOCKED""";

    /** By its case and kind, the primary key (the id is only an order within a case). */
    private static final String UPDATE = """
            UPDATE sla_deadline SET started_at = #{startedAt}, original_due_at = #{originalDueAt}, due_at = #{dueAt},
                   warn_at = #{warnAt}, state = #{state}, warned_at = #{warnedAt}, breached_at = #{breachedAt},
                   met_at = #{metAt}, paused_since = #{pausedSince}, resume_state = #{resumeState},
                   paused_seconds = #{pausedSeconds}, extensions = #{extensions},
                   extension_reason = #{extensionReason}, extended_at = #{extendedAt}, extended_by = #{extendedBy}
             WHERE case_id = #{caseId} AND kind = #{kind}""";

    /** Keeps the case's own due columns (list views, filters) equal to the live deadlines. */
    private static final String SYNC_CASE = """
            UPDATE complaint_case c SET
                   acknowledge_due_at = COALESCE((SELECT due_at FROM sla_deadline
                                                   WHERE case_id = c.id AND kind = 'receipt'), c.acknowledge_due_at),
                   first_response_due_at = COALESCE((SELECT due_at FROM sla_deadline
                                                   WHERE case_id = c.id AND kind = 'first_response'),
                                                   c.first_response_due_at),
                   resolve_due_at = COALESCE((SELECT due_at FROM sla_deadline
                                               WHERE case_id = c.id AND kind = 'resolution'), c.resolve_due_at),
                   updated_at = #{now}
             WHERE c.id = #{caseId}""";

    /** Receipt deadlines whose receipt went out: met at the delivery time. */
    private static final String MEET_SENT_RECEIPTS = """
            UPDATE sla_deadline d SET state = 'met', met_at = o.delivered_at
              FROM outbox o
             WHERE (d.case_id, d.kind) IN (SELECT r.case_id, r.kind FROM sla_deadline r
                              JOIN outbox s ON s.case_id = r.case_id AND s.kind = 'receipt' AND s.status = 'sent'
                             WHERE r.kind = 'receipt' AND r.state IN ('on_time', 'warning', 'breached')
                             FOR UPDATE OF r SKIP LOCKED)
               AND o.case_id = d.case_id AND o.kind = 'receipt' AND o.status = 'sent'
            RETURNING d.case_id""";

    /** A claimed deadline with what the monitor needs to tell people about it. */
    public record Claimed(SlaDeadline deadline, String reference, String caseChannel) {
    }

    public Future<Void> insert(SqlClient client, long caseId, List<PlannedDeadline> planned) {
        return insert(client, caseId, planned, Set.of());
    }

    /** @param cancelled kinds whose deadline is written cancelled from the start */
    public Future<Void> insert(SqlClient client, long caseId, List<PlannedDeadline> planned,
                               Set<DeadlineKind> cancelled) {
        if (planned.isEmpty()) {
            return Future.succeededFuture();
        }
        int n = planned.size();
        String[] kinds = new String[n];
        String[] calendars = new String[n];
        String[] sources = new String[n];
        OffsetDateTime[] started = new OffsetDateTime[n];
        OffsetDateTime[] due = new OffsetDateTime[n];
        OffsetDateTime[] warn = new OffsetDateTime[n];
        for (int i = 0; i < n; i++) {
            PlannedDeadline d = planned.get(i);
            kinds[i] = d.kind().code();
            calendars[i] = d.calendar();
            sources[i] = d.source();
            started[i] = SqlTime.utc(d.startedAt());
            due[i] = SqlTime.utc(d.dueAt());
            warn[i] = SqlTime.utc(d.warnAt());
        }
        Tuple t = Tuple.tuple().addLong(caseId).addArrayOfString(kinds).addArrayOfString(calendars)
                .addArrayOfString(sources).addArrayOfOffsetDateTime(started).addArrayOfOffsetDateTime(due)
                .addArrayOfOffsetDateTime(warn)
                .addArrayOfString(cancelled.stream().map(DeadlineKind::code).toArray(String[]::new));
        return client.preparedQuery(INSERT).execute(t).mapEmpty();
    }

    public Future<List<SlaDeadline>> ofCase(SqlClient client, long caseId, boolean lock) {
        return SqlTemplate.forQuery(client, lock ? OF_CASE_LOCKED : OF_CASE)
                .mapTo(SlaStore::deadline)
                .execute(Map.of("caseId", caseId))
                .map(SlaStore::toList);
    }

    public Future<List<Claimed>> claimChanging(SqlClient client, Instant now, int limit) {
        return SqlTemplate.forQuery(client, CLAIM_CHANGING)
                .mapTo(r -> new Claimed(deadline(r), r.getString("reference"), r.getString("case_channel")))
                .execute(Map.of("now", SqlTime.utc(now), "limit", limit))
                .map(SlaStore::toList);
    }

    /** Writes changed deadlines back and brings the case's due columns in line. */
    public Future<Void> update(SqlClient client, long caseId, List<SlaDeadline> changed, Instant now) {
        Future<Void> chain = Future.succeededFuture();
        for (SlaDeadline d : changed) {
            chain = chain.compose(v -> SqlTemplate.forUpdate(client, UPDATE).execute(params(d)).mapEmpty());
        }
        return chain.compose(v -> SqlTemplate.forUpdate(client, SYNC_CASE)
                .execute(Map.of("caseId", caseId, "now", SqlTime.utc(now))).mapEmpty());
    }

    /** @return the cases whose receipt deadline was met by this call */
    public Future<List<Long>> meetSentReceipts(SqlClient client) {
        return client.query(MEET_SENT_RECEIPTS).execute().map(rows -> {
            List<Long> cases = new ArrayList<>();
            rows.forEach(r -> cases.add(r.getLong("case_id")));
            return cases;
        });
    }

    private static Map<String, Object> params(SlaDeadline d) {
        Map<String, Object> p = new HashMap<>();
        p.put("caseId", d.caseId());
        p.put("kind", d.kind().code());
        p.put("startedAt", SqlTime.utc(d.startedAt()));
        p.put("originalDueAt", SqlTime.utc(d.originalDueAt()));
        p.put("dueAt", SqlTime.utc(d.dueAt()));
        p.put("warnAt", SqlTime.utc(d.warnAt()));
        p.put("state", d.state());
        p.put("warnedAt", SqlTime.utc(d.warnedAt()));
        p.put("breachedAt", SqlTime.utc(d.breachedAt()));
        p.put("metAt", SqlTime.utc(d.metAt()));
        p.put("pausedSince", SqlTime.utc(d.pausedSince()));
        p.put("resumeState", d.resumeState());
        p.put("pausedSeconds", d.pausedSeconds());
        p.put("extensions", d.extensions());
        p.put("extensionReason", d.extensionReason());
        p.put("extendedAt", SqlTime.utc(d.extendedAt()));
        p.put("extendedBy", d.extendedBy());
        return p;
    }

    public static SlaDeadline deadline(Row r) {
        return new SlaDeadline(r.getLong("id"), r.getLong("case_id"),
                DeadlineKind.parse(r.getString("kind")).orElseThrow(), r.getString("calendar"), r.getString("source"),
                time(r, "started_at"), time(r, "original_due_at"), time(r, "due_at"), time(r, "warn_at"),
                r.getString("state"), time(r, "warned_at"), time(r, "breached_at"), time(r, "met_at"),
                time(r, "paused_since"), r.getString("resume_state"), r.getLong("paused_seconds"),
                r.getInteger("extensions"), r.getString("extension_reason"), time(r, "extended_at"),
                r.getString("extended_by"));
    }

    private static Instant time(Row r, String column) {
        OffsetDateTime t = r.getOffsetDateTime(column);
        return t == null ? null : t.toInstant();
    }

    private static <T> List<T> toList(Iterable<T> rows) {
        List<T> out = new ArrayList<>();
        rows.forEach(out::add);
        return out;
    }
}
