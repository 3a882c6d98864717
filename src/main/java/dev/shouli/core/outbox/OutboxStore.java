package dev.shouli.core.outbox;

import dev.shouli.core.db.SqlTime;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import io.vertx.sqlclient.templates.SqlTemplate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The outbox table: enqueue inside intake transactions, claim and settle from the workers. */
public final class OutboxStore {

    private static final String ENQUEUE = """
            INSERT INTO outbox (case_id, kind, channel, payload, idempotency_key, next_attempt_at, created_at, updated_at,
                                ordering_key)
            VALUES (#{caseId}, #{kind}, #{channel}, #{payload}, #{key}, #{now}, #{now}, #{now}, #{orderingKey})
            ON CONFLICT (idempotency_key) DO NOTHING""";

    /**
     * Claims due items of the kinds this instance can deliver. SKIP LOCKED lets several instances claim
     * side by side without waiting or taking the same row; the lease (next_attempt_at) hands an item
     * whose instance died to another one.
     */
    private static final String CLAIM = """
            UPDATE outbox o
               SET status = 'sending', attempts = o.attempts + 1, next_attempt_at = #{leaseUntil}, updated_at = #{now}
             WHERE o.id IN (SELECT id FROM outbox
                             WHERE status IN ('pending', 'sending', 'failed')
                               AND next_attempt_at <= #{now}
                               AND kind || ':' || channel = ANY(#{routes})
                               -- Items sharing an ordering key go one at a time, oldest first; a dead one
                               -- no longer holds the others back (it waits for an operator's retry).
                               AND (ordering_key IS NULL OR NOT EXISTS (
                                       SELECT 1 FROM outbox earlier
                                        WHERE earlier.ordering_key = outbox.ordering_key AND earlier.id < outbox.id
                                          AND earlier.status IN ('pending', 'sending', 'failed')))
                             ORDER BY next_attempt_at, id
                             LIMIT #{limit}
                             FOR UPDATE SKIP LOCKED)
            RETURNING o.id, o.case_id, o.kind, o.channel, o.payload, o.idempotency_key, o.attempts, o.created_at,
                      o.request_id""";

    private static final String SENT = """
            UPDATE outbox SET status = 'sent', result = #{result}, delivered_at = #{now}, last_error = NULL,
                              updated_at = #{now}
             WHERE id = #{id}""";

    private static final String FAILED = """
            UPDATE outbox SET status = #{status}, last_error = #{error}, next_attempt_at = #{next}, updated_at = #{now}
             WHERE id = #{id}""";

    /**
     * Not sent because nothing is configured to send it. A receipt that cannot go out has no deadline anyone can
     * meet, as when a case has no contact at all, so its receipt clock is cancelled rather than left to breach.
     */
    private static final String UNSENT = """
            WITH item AS (
                UPDATE outbox SET status = 'unsent', result = #{reason}, preview = #{preview}, last_error = NULL,
                                  updated_at = #{now}
                 WHERE id = #{id}
                RETURNING case_id, kind)
            UPDATE sla_deadline d SET state = 'cancelled'
              FROM item
             WHERE item.kind = 'receipt' AND d.case_id = item.case_id AND d.kind = 'receipt'
               AND d.state IN ('on_time', 'warning', 'breached')""";

    private static final String RETRY = """
            UPDATE outbox SET status = 'pending', next_attempt_at = #{now}, updated_at = #{now}
             WHERE id = #{id} AND status IN ('dead', 'failed', 'unsent')""";

    private static final String LIST = """
            SELECT o.id, o.kind, o.channel, o.status, o.attempts, o.last_error, o.result, o.delivered_at,
                   o.next_attempt_at, o.created_at, o.preview, o.request_id, c.reference
              FROM outbox o LEFT JOIN complaint_case c ON c.id = o.case_id
             WHERE (#{status}::text IS NULL OR o.status = #{status})
               AND (#{beforeId}::bigint IS NULL OR o.id < #{beforeId})
             ORDER BY o.id DESC
             LIMIT #{limit}""";

    private final Pool pool;

    public OutboxStore(Pool pool) {
        this.pool = pool;
    }

    /**
     * Queues an effect in the caller's transaction, due at once; a second item with the same key is ignored.
     * {@code now} comes from the caller's clock, which also measures the item's maximum age.
     */
    public static Future<Void> enqueue(SqlClient client, Long caseId, String kind, String channel, JsonObject payload,
                                       String idempotencyKey, Instant now) {
        return enqueueOrdered(client, caseId, kind, channel, payload, idempotencyKey, null, now);
    }

    /** Queues a notice in the caller's transaction (kind: its purpose), due at once; a repeated key is ignored. */
    public static Future<Void> enqueue(SqlClient client, Notice notice, String idempotencyKey, Instant now) {
        return enqueue(client, notice.caseId(), notice.purpose(), notice.channel(), notice.payload(), idempotencyKey,
                now);
    }

    /**
     * Like {@link #enqueue}, but items with the same {@code orderingKey} are delivered strictly one after the
     * other in the order they were queued (e.g. one desk's webhook events of one case).
     */
    public static Future<Void> enqueueOrdered(SqlClient client, Long caseId, String kind, String channel,
                                              JsonObject payload, String idempotencyKey, String orderingKey,
                                              Instant now) {
        Map<String, Object> p = new HashMap<>();
        p.put("orderingKey", orderingKey);
        p.put("caseId", caseId);
        p.put("kind", kind);
        p.put("channel", channel);
        p.put("payload", payload);
        p.put("key", idempotencyKey);
        p.put("now", SqlTime.utc(now));
        return SqlTemplate.forUpdate(client, ENQUEUE).execute(p).mapEmpty();
    }

    /**
     * Marks a case's pending item of {@code kind} on {@code channel} as done without sending it, the reason as its
     * result, in the caller's transaction: a receipt the channel withholds (to list mail, for one).
     */
    public static Future<Void> withhold(SqlClient client, long caseId, String kind, String channel, String reason,
                                        Instant at) {
        return client.preparedQuery("""
                        UPDATE outbox SET status = 'sent', result = 'skipped: ' || $4, delivered_at = $5, updated_at = $5
                         WHERE case_id = $1 AND kind = $2 AND channel = $3 AND status = 'pending'""")
                .execute(Tuple.of(caseId, kind, channel, reason, SqlTime.utc(at)))
                .mapEmpty();
    }

    /** @param routes the {@code kind:channel} pairs this instance has handlers for */
    public Future<List<OutboxItem>> claimDue(List<String> routes, int limit, Instant now, Duration lease) {
        Map<String, Object> p = new HashMap<>();
        p.put("routes", routes.toArray(new String[0]));
        p.put("limit", limit);
        p.put("now", SqlTime.utc(now));
        p.put("leaseUntil", SqlTime.utc(now.plus(lease)));
        return SqlTemplate.forQuery(pool, CLAIM).mapTo(OutboxStore::item).execute(p).map(rows -> {
            List<OutboxItem> items = new ArrayList<>();
            rows.forEach(items::add);
            return items;
        });
    }

    public Future<Void> markSent(long id, String result, Instant now) {
        return SqlTemplate.forUpdate(pool, SENT)
                .execute(Map.of("id", id, "result", result == null ? "" : result, "now", SqlTime.utc(now)))
                .mapEmpty();
    }

    /** Schedules another attempt at {@code next}, or gives up ({@code dead}) when {@code next} is null. */
    public Future<Void> markFailed(long id, String error, Instant next, Instant now) {
        Map<String, Object> p = new HashMap<>();
        p.put("id", id);
        p.put("error", error);
        p.put("status", next == null ? "dead" : "failed");
        p.put("next", SqlTime.utc(next == null ? now : next));
        p.put("now", SqlTime.utc(now));
        return SqlTemplate.forUpdate(pool, FAILED).execute(p).mapEmpty();
    }

    /** Records that the item was not sent and why, with what would have been sent; it is never retried by itself. */
    public Future<Void> markUnsent(long id, String reason, JsonObject preview, Instant now) {
        Map<String, Object> p = new HashMap<>();
        p.put("id", id);
        p.put("reason", reason);
        p.put("preview", preview);
        p.put("now", SqlTime.utc(now));
        return SqlTemplate.forUpdate(pool, UNSENT).execute(p).mapEmpty();
    }

    /** Puts a dead, failed or unsent item back in the queue; false when there is no such item to retry. */
    public Future<Boolean> retry(long id, Instant now) {
        return SqlTemplate.forUpdate(pool, RETRY)
                .execute(Map.of("id", id, "now", SqlTime.utc(now)))
                .map(result -> result.rowCount() == 1);
    }

    public Future<List<JsonObject>> list(String status, Long beforeId, int limit) {
        Map<String, Object> p = new HashMap<>();
        p.put("status", status);
        p.put("beforeId", beforeId);
        p.put("limit", limit);
        return SqlTemplate.forQuery(pool, LIST).mapTo(OutboxStore::summary).execute(p).map(rows -> {
            List<JsonObject> out = new ArrayList<>();
            rows.forEach(out::add);
            return out;
        });
    }

    public static JsonObject summary(Row r) {
        return new JsonObject()
                .put("id", r.getLong("id"))
                .put("reference", r.getColumnIndex("reference") >= 0 ? r.getString("reference") : null)
                .put("kind", r.getString("kind"))
                .put("channel", r.getString("channel"))
                .put("status", r.getString("status"))
                .put("attempts", r.getInteger("attempts"))
                .put("lastError", r.getString("last_error"))
                .put("result", r.getString("result"))
                .put("deliveredAt", time(r, "delivered_at"))
                .put("nextAttemptAt", time(r, "next_attempt_at"))
                .put("createdAt", time(r, "created_at"))
                .put("preview", r.getColumnIndex("preview") >= 0 ? r.getJsonObject("preview") : null)
                .put("requestId", r.getString("request_id"))
                // A case's deliveries carry it: the history's reply and note events name their item by it.
                .put("idempotencyKey", r.getColumnIndex("idempotency_key") >= 0 ? r.getString("idempotency_key") : null);
    }

    private static String time(Row r, String column) {
        var t = r.getOffsetDateTime(column);
        return t == null ? null : t.toInstant().toString();
    }

    private static OutboxItem item(Row r) {
        return new OutboxItem(r.getLong("id"), r.getLong("case_id"), r.getString("kind"), r.getString("channel"),
                r.getJsonObject("payload"), r.getString("idempotency_key"), r.getInteger("attempts"),
                r.getOffsetDateTime("created_at").toInstant(), r.getString("request_id"));
    }
}
