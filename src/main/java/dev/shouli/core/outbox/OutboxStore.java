package dev.shouli.core.outbox;

import dev.shouli.core.db.Batched;
import dev.shouli.core.db.SqlTime;
import dev.shouli.core.domain.Masking;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import io.vertx.sqlclient.templates.SqlTemplate;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The outbox table: enqueue inside intake transactions, claim and settle from the workers. */
public final class OutboxStore {

    private static final String ENQUEUE = """
            INSERT INTO outbox (case_id, kind, channel, payload, idempotency_key, next_attempt_at, created_at, updated_at,
                                ordering_key)
            VALUES (#{caseId}, #{kind}, #{channel}, #{payload}, #{key}, #{now}, #{now}, #{now}, #{orderingKey})
            ON CONFLICT (idempotency_key) DO NOTHING""";

    /**
     * Claims due items of one channel (the kinds this instance can deliver there). SKIP LOCKED lets several
     * instances claim side by side without waiting or taking the same row; the lease (next_attempt_at) hands an item
     * whose instance died to another one, and the attempt number the claim counts up is the claimer's fencing token:
     * every later write of the item names it, so an instance whose lease ran out while it stalled can no longer
     * change what the next claimer does. One channel at a time, on an index of its own
     * ({@code outbox_due_idx}): a queue of SMS waiting their turn never lies in the way of the mail behind it.
     */
    private static final String CLAIM = """
            UPDATE outbox o
               SET status = 'sending', attempts = o.attempts + 1, next_attempt_at = $4, updated_at = $3
             WHERE o.id IN (SELECT id FROM outbox
                             WHERE channel = $1 AND kind = ANY($2)
                               AND status IN ('pending', 'sending', 'failed')
                               AND next_attempt_at <= $3
                               -- Items sharing an ordering key go one at a time, oldest first; a dead one
                               -- no longer holds the others back (it waits for an operator's retry).
                               AND (ordering_key IS NULL OR NOT EXISTS (
                                       SELECT 1 FROM outbox earlier
                                        WHERE earlier.ordering_key = outbox.ordering_key AND earlier.id < outbox.id
                                          AND earlier.status IN ('pending', 'sending', 'failed')))
                             ORDER BY next_attempt_at, id
                             LIMIT $5
                             FOR UPDATE SKIP LOCKED)
            RETURNING o.id, o.case_id, o.kind, o.channel, o.payload, o.idempotency_key, o.attempts, o.created_at,
                      o.request_id""";

    /**
     * Items about to be handed over (see {@link HandOver}), recorded as sent before the receiver can have them: only
     * those this attempt still owns. Its own statement and a durable commit, since the receiver gets the item the
     * moment it returns. The result says the receiver's answer is still to come; an instance that dies now leaves
     * exactly that on the item.
     */
    private static final String HAND_OVER = """
            UPDATE outbox o SET status = 'sent', result = 'handed over; the receiver''s answer is not recorded yet',
                                delivered_at = s.at, last_error = NULL, updated_at = s.at
              FROM unnest($1::bigint[], $2::int[], $3::timestamptz[]) AS s (id, attempts, at)
             WHERE o.id = s.id AND o.attempts = s.attempts AND o.status = 'sending'
            RETURNING o.id""";

    /** Delivered (or handed over and now answered): the result, for the attempts that still own their items. */
    private static final String SENT = """
            UPDATE outbox o SET status = 'sent', result = s.result, last_error = NULL, updated_at = s.at,
                                delivered_at = CASE WHEN o.status = 'sent' THEN o.delivered_at ELSE s.at END
              FROM unnest($1::bigint[], $2::int[], $3::text[], $4::timestamptz[]) AS s (id, attempts, result, at)
             WHERE o.id = s.id AND o.attempts = s.attempts AND o.status IN ('sending', 'sent')""";

    /**
     * Another attempt at {@code next}, or dead when it is null. An item handed over and then refused by the receiver
     * was never delivered: it goes back too.
     */
    private static final String FAILED = """
            UPDATE outbox o SET status = CASE WHEN s.next IS NULL THEN 'dead' ELSE 'failed' END, last_error = s.error,
                                next_attempt_at = coalesce(s.next, s.at), delivered_at = NULL, updated_at = s.at
              FROM unnest($1::bigint[], $2::int[], $3::text[], $4::timestamptz[], $5::timestamptz[])
                   AS s (id, attempts, error, next, at)
             WHERE o.id = s.id AND o.attempts = s.attempts AND o.status IN ('sending', 'sent')""";

    /** The old single settlement, kept for operators' tools and tests: not fenced by an attempt. */
    private static final String SENT_ONE = """
            UPDATE outbox SET status = 'sent', result = #{result}, delivered_at = #{now}, last_error = NULL,
                              updated_at = #{now}
             WHERE id = #{id}""";

    /**
     * The next free send slot of a paced channel, shared by every instance: each call reserves $3 seconds of the
     * channel's time from whichever is later, the end of what is already reserved or now, and answers where its
     * reservation ends.
     */
    private static final String PACE = """
            INSERT INTO outbox_pace AS p (channel, next_at) VALUES ($1, $2::timestamptz + make_interval(secs => $3))
            ON CONFLICT (channel) DO UPDATE SET next_at = greatest(p.next_at, $2::timestamptz) + make_interval(secs => $3)
            RETURNING next_at""";

    /**
     * Not sent because nothing is configured to send it. A receipt that cannot go out has no deadline anyone can
     * meet, as when a case has no contact at all, so its receipt clock is cancelled rather than left to breach.
     */
    private static final String UNSENT = """
            WITH item AS (
                UPDATE outbox o SET status = 'unsent', result = s.reason, preview = s.preview::jsonb, last_error = NULL,
                                    updated_at = s.at
                  FROM unnest($1::bigint[], $2::int[], $3::text[], $4::text[], $5::timestamptz[])
                       AS s (id, attempts, reason, preview, at)
                 WHERE o.id = s.id AND o.attempts = s.attempts AND o.status = 'sending'
                RETURNING o.case_id, o.kind)
            UPDATE sla_deadline d SET state = 'cancelled'
              FROM item
             WHERE item.kind = 'receipt' AND d.case_id = item.case_id AND d.kind = 'receipt'
               AND d.state IN ('on_time', 'warning', 'breached')""";

    /**
     * Settled without knowing whether it arrived: a mail handed over to the SMTP server just before its instance
     * was killed (it may never have had the end of its data), an SMS cut off between the provider's answer and its
     * record. Nothing sends these again by itself, since sending twice is worse; an operator who knows it did not
     * arrive queues it again ({@link #retry}), and finds them with the list's status {@code in-doubt}. The condition
     * on the outbox's columns, {@code table} naming them ({@code "o."}); {@link #inDoubt(String, String)} is the
     * same in Java.
     */
    private static String inDoubt(String table) {
        return "%1$sstatus = 'sent' AND (%1$sresult LIKE 'handed over%%' OR %1$sresult LIKE 'in doubt%%')"
                .formatted(table);
    }

    /** Whether an item with this status and result is in doubt (as {@link #inDoubt(String)} asks it in SQL). */
    public static boolean inDoubt(String status, String result) {
        return "sent".equals(status) && result != null
                && (result.startsWith("handed over") || result.startsWith("in doubt"));
    }

    private static final String RETRY = """
            UPDATE outbox SET status = 'pending', next_attempt_at = #{now}, updated_at = #{now}
             WHERE id = #{id} AND (status IN ('dead', 'failed', 'unsent') OR %s)""".formatted(inDoubt(""));

    private static final String LIST = """
            SELECT o.id, o.kind, o.channel, o.status, o.attempts, o.last_error, o.result, o.delivered_at,
                   o.next_attempt_at, o.created_at, o.preview, o.request_id, c.reference,
                   c.complainant ->> 'confidential' = 'true' AS confidential
              FROM outbox o LEFT JOIN complaint_case c ON c.id = o.case_id
             WHERE (#{status}::text IS NULL OR o.status = #{status} OR #{status} = 'in-doubt' AND %s)
               AND (#{beforeId}::bigint IS NULL OR o.id < #{beforeId})
             ORDER BY o.id DESC
             LIMIT #{limit}""".formatted(inDoubt("o."));

    /** One attempt at one item: the item and the attempt number its claim gave it (the fencing token). */
    public record Attempt(long id, int attempts) {
        static Attempt of(OutboxItem item) {
            return new Attempt(item.id(), item.attempts());
        }
    }

    record Sent(Attempt attempt, String result, Instant at) {
    }

    record Unsent(Attempt attempt, String reason, JsonObject preview, Instant at) {
    }

    /** @param next null: dead */
    record Failed(Attempt attempt, String error, Instant next, Instant at) {
    }

    record Handing(Attempt attempt, Instant at) {
    }

    private final Pool pool;
    private final Batched<Handing, Set<Long>> handOvers = new Batched<>(this::handOver);
    private final Batched<Sent, Void> sent = new Batched<>(this::sent);
    private final Batched<Unsent, Void> unsent = new Batched<>(this::unsent);
    private final Batched<Failed, Void> failed = new Batched<>(this::failed);

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
     * result, in the caller's transaction: a receipt the channel withholds (to list mail, for one). An item written
     * as unsent at once (nothing configured to send it) is withheld too: it is not to be sent once something is.
     */
    public static Future<Void> withhold(SqlClient client, long caseId, String kind, String channel, String reason,
                                        Instant at) {
        return client.preparedQuery("""
                        UPDATE outbox SET status = 'sent', result = 'skipped: ' || $4, delivered_at = $5, updated_at = $5
                         WHERE case_id = $1 AND kind = $2 AND channel = $3 AND status IN ('pending', 'unsent')""")
                .execute(Tuple.of(caseId, kind, channel, reason, SqlTime.utc(at)))
                .mapEmpty();
    }

    /** Claims up to {@code limit} due items of {@code kinds} on {@code channel} for {@code lease}. */
    public Future<List<OutboxItem>> claimDue(String channel, List<String> kinds, int limit, Instant now,
                                             Duration lease) {
        Tuple t = Tuple.tuple().addString(channel).addArrayOfString(kinds.toArray(String[]::new))
                .addOffsetDateTime(SqlTime.utc(now)).addOffsetDateTime(SqlTime.utc(now.plus(lease)))
                .addInteger(limit);
        return pool.preparedQuery(CLAIM).execute(t).map(rows -> {
            List<OutboxItem> items = new ArrayList<>();
            rows.forEach(r -> items.add(item(r)));
            return items;
        });
    }

    /** Records the attempt's item as sent ahead of its hand-over; fails if the attempt no longer owns it. */
    Future<Void> handOver(Attempt attempt, Instant at) {
        return handOvers.add(new Handing(attempt, at)).compose(owned -> owned.contains(attempt.id())
                ? Future.succeededFuture()
                : Future.failedFuture(new IllegalStateException("outbox item " + attempt.id()
                        + " is no longer this attempt's: another instance has taken it over")));
    }

    /** The item was delivered; {@code result} describes how (a message id, an HTTP status). */
    Future<Void> markSent(Attempt attempt, String result, Instant at) {
        return sent.add(new Sent(attempt, result == null ? "" : result, at));
    }

    /** Records that the item was not sent and why, with what would have been sent; it is never retried by itself. */
    Future<Void> markUnsent(Attempt attempt, String reason, JsonObject preview, Instant at) {
        return unsent.add(new Unsent(attempt, reason, preview, at));
    }

    /** Schedules another attempt at {@code next}, or gives up ({@code dead}) when {@code next} is null. */
    Future<Void> markFailed(Attempt attempt, String error, Instant next, Instant at) {
        return failed.add(new Failed(attempt, error, next, at));
    }

    /** Sets a delivered item's result without an attempt to check (operators' tools, tests). */
    public Future<Void> markSent(long id, String result, Instant now) {
        return SqlTemplate.forUpdate(pool, SENT_ONE)
                .execute(Map.of("id", id, "result", result == null ? "" : result, "now", SqlTime.utc(now)))
                .mapEmpty();
    }

    /**
     * Reserves {@code seconds} of a paced channel's sending time, shared with every other instance.
     *
     * @return when the reservation ends; it starts {@code seconds} before
     */
    Future<Instant> pace(String channel, double seconds, Instant now) {
        return pool.preparedQuery(PACE).execute(Tuple.of(channel, SqlTime.utc(now), seconds))
                .map(rows -> rows.iterator().next().getOffsetDateTime("next_at").toInstant());
    }

    private Future<Set<Long>> handOver(List<Handing> batch) {
        int n = batch.size();
        Long[] ids = new Long[n];
        Integer[] attempts = new Integer[n];
        OffsetDateTime[] at = new OffsetDateTime[n];
        for (int i = 0; i < n; i++) {
            ids[i] = batch.get(i).attempt().id();
            attempts[i] = batch.get(i).attempt().attempts();
            at[i] = SqlTime.utc(batch.get(i).at());
        }
        return pool.preparedQuery(HAND_OVER)
                .execute(Tuple.tuple().addArrayOfLong(ids).addArrayOfInteger(attempts).addArrayOfOffsetDateTime(at))
                .map(rows -> {
                    Set<Long> owned = new HashSet<>();
                    rows.forEach(r -> owned.add(r.getLong("id")));
                    return owned;
                });
    }

    private Future<Void> sent(List<Sent> batch) {
        int n = batch.size();
        Long[] ids = new Long[n];
        Integer[] attempts = new Integer[n];
        String[] results = new String[n];
        OffsetDateTime[] at = new OffsetDateTime[n];
        for (int i = 0; i < n; i++) {
            Sent s = batch.get(i);
            ids[i] = s.attempt().id();
            attempts[i] = s.attempt().attempts();
            results[i] = s.result();
            at[i] = SqlTime.utc(s.at());
        }
        return pool.preparedQuery(SENT).execute(Tuple.tuple().addArrayOfLong(ids).addArrayOfInteger(attempts)
                .addArrayOfString(results).addArrayOfOffsetDateTime(at)).mapEmpty();
    }

    private Future<Void> unsent(List<Unsent> batch) {
        int n = batch.size();
        Long[] ids = new Long[n];
        Integer[] attempts = new Integer[n];
        String[] reasons = new String[n];
        String[] previews = new String[n];
        OffsetDateTime[] at = new OffsetDateTime[n];
        for (int i = 0; i < n; i++) {
            Unsent u = batch.get(i);
            ids[i] = u.attempt().id();
            attempts[i] = u.attempt().attempts();
            reasons[i] = u.reason();
            previews[i] = u.preview() == null ? null : u.preview().encode();
            at[i] = SqlTime.utc(u.at());
        }
        return pool.preparedQuery(UNSENT).execute(Tuple.tuple().addArrayOfLong(ids).addArrayOfInteger(attempts)
                .addArrayOfString(reasons).addArrayOfString(previews).addArrayOfOffsetDateTime(at)).mapEmpty();
    }

    private Future<Void> failed(List<Failed> batch) {
        int n = batch.size();
        Long[] ids = new Long[n];
        Integer[] attempts = new Integer[n];
        String[] errors = new String[n];
        OffsetDateTime[] next = new OffsetDateTime[n];
        OffsetDateTime[] at = new OffsetDateTime[n];
        for (int i = 0; i < n; i++) {
            Failed f = batch.get(i);
            ids[i] = f.attempt().id();
            attempts[i] = f.attempt().attempts();
            errors[i] = f.error();
            next[i] = SqlTime.utc(f.next());
            at[i] = SqlTime.utc(f.at());
        }
        return pool.preparedQuery(FAILED).execute(Tuple.tuple().addArrayOfLong(ids).addArrayOfInteger(attempts)
                .addArrayOfString(errors).addArrayOfOffsetDateTime(next).addArrayOfOffsetDateTime(at)).mapEmpty();
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
                .put("inDoubt", inDoubt(r.getString("status"), r.getString("result")))
                .put("deliveredAt", time(r, "delivered_at"))
                .put("nextAttemptAt", time(r, "next_attempt_at"))
                .put("createdAt", time(r, "created_at"))
                .put("preview", r.getColumnIndex("preview") >= 0 ? preview(r) : null)
                .put("requestId", r.getString("request_id"))
                // A case's deliveries carry it: the history's reply and note events name their item by it.
                .put("idempotencyKey", r.getColumnIndex("idempotency_key") >= 0 ? r.getString("idempotency_key") : null);
    }

    /**
     * The text an unsent item would have carried; for a complainant who asked to stay confidential its address is
     * masked as everywhere else the desk sees them ({@code confidential} column, when the query has it).
     */
    private static JsonObject preview(Row r) {
        JsonObject preview = r.getJsonObject("preview");
        if (preview == null || r.getColumnIndex("confidential") < 0 || !Boolean.TRUE.equals(r.getBoolean("confidential"))) {
            return preview;
        }
        Object to = preview.getValue("to");
        if (to instanceof JsonArray addresses) {
            JsonArray masked = new JsonArray();
            addresses.forEach(a -> masked.add(masked(String.valueOf(a))));
            return preview.copy().put("to", masked);
        }
        return to instanceof String address ? preview.copy().put("to", masked(address)) : preview;
    }

    private static String masked(String address) {
        return address.contains("@") ? Masking.email(address) : Masking.phone(address);
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
