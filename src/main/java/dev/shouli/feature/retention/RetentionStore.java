package dev.shouli.feature.retention;

import dev.shouli.core.cases.PersonalData;
import dev.shouli.core.db.SqlTime;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * The retention job's SQL. Every batch is its own short transaction and takes its rows with SKIP LOCKED, so
 * intake and desk work never wait behind it for long; partitions are created and dropped with a lock timeout.
 */
final class RetentionStore {

    private static final DateTimeFormatter MONTH = DateTimeFormatter.ofPattern("yyyy_MM");

    private static final String CLAIM_SLOT = """
            INSERT INTO retention_run (slot, instance, started_at) VALUES ($1, $2, $3)
            ON CONFLICT (slot) DO NOTHING RETURNING slot""";
    private static final String FINISH_SLOT = """
            UPDATE retention_run SET finished_at = $2, done = $3, error = $4 WHERE slot = $1""";

    private static final String PARTITIONS = """
            SELECT c.relname, pg_get_expr(c.relpartbound, c.oid) AS bound
              FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
             WHERE i.inhparent = 'case_event'::regclass""";

    private static final String DELETE_REFUSED = """
            DELETE FROM submission WHERE id IN (
                SELECT id FROM submission
                 WHERE outcome IN ('suppressed', 'rejected') AND case_id IS NULL AND received_at < $1
                 LIMIT $2 FOR UPDATE SKIP LOCKED)""";

    private static final String BLANK_BODIES = """
            UPDATE submission SET body = '\\x'::bytea, headers = '{}', body_erased_at = $4 WHERE id IN (
                SELECT id FROM submission
                 WHERE received_at < $1 AND body_erased_at IS NULL
                   AND ($2::text IS NULL OR channel = $2) AND NOT (channel = ANY($3))
                 LIMIT $5 FOR UPDATE SKIP LOCKED)""";

    private static final String OLD_CLOSED_CASES = """
            SELECT id FROM complaint_case
             WHERE status IN ('closed', 'merged') AND anonymised_at IS NULL AND updated_at < $1
               AND ($2::text IS NULL OR kind = $2) AND NOT (kind = ANY($3))
             LIMIT $4 FOR UPDATE SKIP LOCKED""";

    private static final String DELETE_FINISHED_OUTBOX = """
            DELETE FROM outbox WHERE id IN (
                SELECT id FROM outbox WHERE status IN ('sent', 'dead') AND created_at < $1
                 LIMIT $2 FOR UPDATE SKIP LOCKED)""";

    private final Pool pool;
    private final Anonymiser anonymiser;

    RetentionStore(Pool pool, Anonymiser anonymiser) {
        this.pool = pool;
        this.anonymiser = anonymiser;
    }

    /** @return true when this instance claimed the slot and runs the job for it */
    public Future<Boolean> claimSlot(long slot, String instance, Instant now) {
        return pool.preparedQuery(CLAIM_SLOT).execute(Tuple.of(slot, instance, SqlTime.utc(now)))
                .map(rows -> rows.size() == 1);
    }

    public Future<Void> finishSlot(long slot, Instant now, JsonObject done, String error) {
        return pool.preparedQuery(FINISH_SLOT).execute(Tuple.of(slot, SqlTime.utc(now), done, error)).mapEmpty();
    }

    /** The month partitions of the case history that exist, by name (case_event_2026_11). */
    public Future<List<String>> partitions() {
        return pool.query(PARTITIONS).execute().map(rows -> {
            List<String> names = new ArrayList<>();
            for (Row r : rows) {
                if (!r.getString("relname").equals("case_event_default")) {
                    names.add(r.getString("relname"));
                }
            }
            return names;
        });
    }

    public static String partitionName(LocalDate month) {
        return "case_event_" + month.format(MONTH);
    }

    /**
     * Creates the month's partition. Rows the DEFAULT partition took for that month move into it first, in the
     * same transaction, since a partition cannot be attached over rows the default still holds.
     */
    public Future<Void> createPartition(LocalDate month) {
        String name = partitionName(month);
        String from = month.atStartOfDay(ZoneOffset.UTC).toInstant().toString();
        String to = month.plusMonths(1).atStartOfDay(ZoneOffset.UTC).toInstant().toString();
        return pool.withTransaction(conn -> conn.query("SET LOCAL lock_timeout = '10s'").execute()
                .compose(v -> conn.query("CREATE TABLE " + name + " (LIKE case_event INCLUDING DEFAULTS)").execute())
                .compose(v -> conn.query("WITH moved AS (DELETE FROM case_event_default WHERE at >= '" + from
                        + "' AND at < '" + to + "' RETURNING *) INSERT INTO " + name + " SELECT * FROM moved").execute())
                .compose(v -> conn.query("ALTER TABLE case_event ATTACH PARTITION " + name + " FOR VALUES FROM ('"
                        + from + "') TO ('" + to + "')").execute())
                .mapEmpty());
    }

    /**
     * Drops a month of history when every case it mentions has been anonymised (the rows would say nothing any
     * more); a month still holding a live case's history stays.
     *
     * @return true when it was dropped
     */
    public Future<Boolean> dropPartitionIfAnonymised(String name) {
        return pool.withTransaction(conn -> conn.query("SET LOCAL lock_timeout = '10s'").execute()
                .compose(v -> conn.query("SELECT EXISTS (SELECT 1 FROM " + name + " e JOIN complaint_case c "
                        + "ON c.id = e.case_id WHERE c.anonymised_at IS NULL) AS live").execute())
                .compose(rows -> {
                    if (rows.iterator().next().getBoolean("live")) {
                        return Future.succeededFuture(false);
                    }
                    return conn.query("ALTER TABLE case_event DETACH PARTITION " + name).execute()
                            .compose(v -> conn.query("DROP TABLE " + name).execute())
                            .map(true);
                }));
    }

    public Future<Integer> deleteRefused(Instant before, int batch) {
        return pool.preparedQuery(DELETE_REFUSED).execute(Tuple.of(SqlTime.utc(before), batch))
                .map(r -> r.rowCount());
    }

    /** @param channel null for every channel not in {@code except} */
    public Future<Integer> blankBodies(Instant before, String channel, List<String> except, int batch, Instant now) {
        return pool.preparedQuery(BLANK_BODIES).execute(Tuple.tuple().addValue(SqlTime.utc(before)).addValue(channel)
                        .addValue(except.toArray(new String[0])).addValue(SqlTime.utc(now)).addValue(batch))
                .map(r -> r.rowCount());
    }

    /** @param kind null for every kind not in {@code except} */
    public Future<Integer> anonymiseClosedCases(Instant before, String kind, List<String> except, int batch,
                                                Instant now) {
        return pool.withTransaction(conn -> conn.preparedQuery(OLD_CLOSED_CASES)
                .execute(Tuple.tuple().addValue(SqlTime.utc(before)).addValue(kind)
                        .addValue(except.toArray(new String[0])).addValue(batch))
                .compose(rows -> {
                    List<Long> ids = new ArrayList<>();
                    rows.forEach(r -> ids.add(r.getLong("id")));
                    return anonymiser.anonymise(conn, ids, now).map(c -> ids.size());
                }));
    }

    /** The modules' finished work that carries texts for complainants (batches), in one short transaction. */
    public Future<Integer> deleteFinishedWork(Instant before, int batch) {
        return pool.withTransaction(conn -> {
            Future<Integer> sum = Future.succeededFuture(0);
            for (PersonalData module : anonymiser.modules()) {
                sum = sum.compose(n -> module.deleteFinished(conn, before, batch).map(m -> n + m));
            }
            return sum;
        });
    }

    public Future<Integer> deleteFinishedOutbox(Instant before, int batch) {
        return pool.preparedQuery(DELETE_FINISHED_OUTBOX).execute(Tuple.of(SqlTime.utc(before), batch))
                .map(r -> r.rowCount());
    }
}
