package dev.shouli.channel.sms;

import dev.shouli.core.db.AdvisoryLocks;
import dev.shouli.core.db.SqlTime;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The SMS channel's tables: parts of long messages, opt-outs, and the SMS we send (for the daily cap and
 * idempotent retries). Per-number and per-message decisions take PostgreSQL advisory locks, so several
 * gateway instances decide as one.
 */
final class SmsStore {

    private static final String UPSERT_OPT_OUT = """
            INSERT INTO sms_opt_out (phone, opted_out, keyword, changed_at) VALUES ($1, $2, $3, $4)
            ON CONFLICT (phone) DO UPDATE SET opted_out = EXCLUDED.opted_out, keyword = EXCLUDED.keyword,
                                              changed_at = EXCLUDED.changed_at
             WHERE sms_opt_out.changed_at <= EXCLUDED.changed_at""";

    private static final String OPTED_OUT = "SELECT opted_out FROM sms_opt_out WHERE phone = $1";

    private static final String INSERT_GROUP = """
            INSERT INTO sms_concat_group (provider, sender, concat_ref, total, first_received_at)
            VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING""";

    private static final String INSERT_PART = """
            INSERT INTO sms_concat_part (provider, sender, concat_ref, part, message_id, recipient, text, body,
                                         headers, content_type, received_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) ON CONFLICT DO NOTHING""";

    private static final String GROUP_STATE = """
            SELECT g.total, g.completed_at, g.claimed_until,
                   (SELECT count(*) FROM sms_concat_part p
                     WHERE p.provider = g.provider AND p.sender = g.sender AND p.concat_ref = g.concat_ref) AS parts
              FROM sms_concat_group g WHERE provider = $1 AND sender = $2 AND concat_ref = $3""";

    private static final String CLAIM_GROUP = """
            UPDATE sms_concat_group SET claimed_until = $4 WHERE provider = $1 AND sender = $2 AND concat_ref = $3""";

    private static final String CLAIM_OVERDUE = """
            UPDATE sms_concat_group g SET claimed_until = $3
             WHERE (g.provider, g.sender, g.concat_ref) IN (
                    SELECT provider, sender, concat_ref FROM sms_concat_group
                     WHERE completed_at IS NULL AND first_received_at <= $1
                       AND (claimed_until IS NULL OR claimed_until < $2)
                     ORDER BY first_received_at LIMIT $4 FOR UPDATE SKIP LOCKED)
            RETURNING g.provider, g.sender, g.concat_ref, g.total""";

    private static final String PARTS = """
            SELECT part, message_id, recipient, text, body, content_type, received_at FROM sms_concat_part
             WHERE provider = $1 AND sender = $2 AND concat_ref = $3 ORDER BY part""";

    private static final String COMPLETE_GROUP = """
            UPDATE sms_concat_group SET completed_at = $4, outcome = $5, claimed_until = NULL
             WHERE provider = $1 AND sender = $2 AND concat_ref = $3""";

    private static final String RELEASE_GROUP = """
            UPDATE sms_concat_group SET claimed_until = NULL
             WHERE provider = $1 AND sender = $2 AND concat_ref = $3 AND completed_at IS NULL""";

    /**
     * An open SMS case of this number with a submission inside the window. FOR UPDATE keeps the case from
     * changing state under the append.
     */
    private static final String OPEN_SMS_CASE = """
            SELECT c.id, c.reference FROM complaint_case c
             WHERE c.complainant_phone = $1 AND c.channel = 'sms'
               AND c.status IN ('new', 'acknowledged', 'in_progress')
               AND EXISTS (SELECT 1 FROM submission s WHERE s.case_id = c.id AND s.received_at >= $2)
             ORDER BY c.id DESC LIMIT 1
               FOR UPDATE OF c""";

    private static final String SEND_ROW = "SELECT status, provider_message_id FROM sms_send WHERE idempotency_key = $1";

    private static final String SENDS_TODAY = """
            SELECT count(*) AS n FROM sms_send
             WHERE phone = $1 AND local_day = $2 AND idempotency_key <> $3 AND status IN ('sending', 'sent', 'in_doubt')""";

    private static final String RESERVE_SEND = """
            INSERT INTO sms_send (idempotency_key, phone, local_day, provider, status, provider_message_id,
                                  created_at, updated_at)
            VALUES ($1, $2, $3, $4, $6, $7, $5, $5)
            ON CONFLICT (idempotency_key) DO UPDATE SET status = EXCLUDED.status, provider = EXCLUDED.provider,
                                                        provider_message_id = EXCLUDED.provider_message_id,
                                                        updated_at = EXCLUDED.updated_at""";

    private static final String MARK_IN_DOUBT =
            "UPDATE sms_send SET status = 'in_doubt', updated_at = $2 WHERE idempotency_key = $1";

    private static final String SEND_DONE = """
            UPDATE sms_send SET status = $2, provider_message_id = $3, segments = $4, last_error = $5, updated_at = $6
             WHERE idempotency_key = $1""";

    private final Pool pool;

    public SmsStore(Pool pool) {
        this.pool = pool;
    }

    // ---- opt-out -------------------------------------------------------------------------------------------

    /** Records an opt-out or opt-in keyword; an older keyword arriving late does not undo a newer one. */
    public Future<Void> recordKeyword(String phone, boolean optedOut, String keyword, Instant at) {
        return pool.withTransaction(conn -> lock(conn, AdvisoryLocks.smsNumber(phone))
                .compose(v -> conn.preparedQuery(UPSERT_OPT_OUT)
                        .execute(Tuple.of(phone, optedOut, keyword, SqlTime.utc(at)))).mapEmpty());
    }

    public Future<Boolean> isOptedOut(String phone) {
        return pool.preparedQuery(OPTED_OUT).execute(Tuple.of(phone))
                .map(rows -> rows.size() > 0 && rows.iterator().next().getBoolean("opted_out"));
    }

    // ---- long messages -------------------------------------------------------------------------------------

    /** Which group of parts a part belongs to. */
    public record GroupKey(String provider, String sender, String ref) {
        Tuple tuple() {
            return Tuple.of(provider, sender, ref);
        }
    }

    /** One stored part. */
    public record Part(int part, String messageId, String recipient, String text, byte[] body, String contentType,
                       Instant receivedAt) {
    }

    /** A part to store, with the request it came in. */
    public record NewPart(GroupKey group, int total, int part, String messageId, String recipient, String text,
                          byte[] body, Map<String, String> headers, String contentType, Instant receivedAt) {
    }

    /**
     * After storing a part: {@code READY} — every part is in and this caller holds the claim to take the
     * whole in; {@code WAITING} — more parts to come (or another instance is taking it in);
     * {@code LATE} — the group was already taken in (as partial) and this part is new;
     * {@code REPEATED} — the group was taken in and this part was already stored (a redelivery).
     */
    public enum PartState { READY, WAITING, LATE, REPEATED }

    public Future<PartState> addPart(NewPart p, Instant now, Duration lease) {
        GroupKey g = p.group();
        return pool.withTransaction(conn -> lock(conn, "sms-concat:" + g.provider() + ":" + g.sender() + ":" + g.ref())
                .compose(v -> conn.preparedQuery(INSERT_GROUP).execute(Tuple.of(g.provider(), g.sender(), g.ref(),
                        p.total(), SqlTime.utc(p.receivedAt()))))
                .compose(v -> {
                    JsonObject headers = new JsonObject();
                    p.headers().forEach((k, val) -> headers.put(k.replace("\u0000", ""),
                            val == null ? null : val.replace("\u0000", "")));
                    return conn.preparedQuery(INSERT_PART).execute(Tuple.tuple(List.of(g.provider(), g.sender(),
                            g.ref(), p.part(), p.messageId(), p.recipient() == null ? "" : p.recipient(),
                            p.text().replace("\u0000", ""), Buffer.buffer(p.body()), headers,
                            p.contentType() == null ? "" : p.contentType(), SqlTime.utc(p.receivedAt()))));
                })
                .compose(inserted -> conn.preparedQuery(GROUP_STATE).execute(g.tuple()).compose(rows -> {
                    Row r = rows.iterator().next();
                    boolean newPart = inserted.rowCount() == 1;
                    if (r.getOffsetDateTime("completed_at") != null) {
                        return Future.succeededFuture(newPart ? PartState.LATE : PartState.REPEATED);
                    }
                    var claimed = r.getOffsetDateTime("claimed_until");
                    boolean free = claimed == null || claimed.toInstant().isBefore(now);
                    if (r.getLong("parts") >= r.getInteger("total") && free) {
                        return conn.preparedQuery(CLAIM_GROUP).execute(Tuple.of(g.provider(), g.sender(), g.ref(),
                                SqlTime.utc(now.plus(lease)))).map(PartState.READY);
                    }
                    return Future.succeededFuture(PartState.WAITING);
                })));
    }

    /** A group claimed by the sweeper, with the total its parts announced. */
    public record OverdueGroup(GroupKey key, int total) {
    }

    /** Claims groups still open after the timeout, so exactly one instance takes each in. */
    public Future<List<OverdueGroup>> claimOverdue(Instant cutoff, Instant now, Duration lease, int limit) {
        return pool.preparedQuery(CLAIM_OVERDUE)
                .execute(Tuple.of(SqlTime.utc(cutoff), SqlTime.utc(now), SqlTime.utc(now.plus(lease)), limit))
                .map(rows -> {
                    List<OverdueGroup> out = new ArrayList<>();
                    rows.forEach(r -> out.add(new OverdueGroup(new GroupKey(r.getString("provider"),
                            r.getString("sender"), r.getString("concat_ref")), r.getInteger("total"))));
                    return out;
                });
    }

    public Future<List<Part>> parts(GroupKey g) {
        return pool.preparedQuery(PARTS).execute(g.tuple()).map(rows -> {
            List<Part> out = new ArrayList<>();
            rows.forEach(r -> out.add(new Part(r.getInteger("part"), r.getString("message_id"),
                    r.getString("recipient"), r.getString("text"), r.getBuffer("body").getBytes(),
                    r.getString("content_type"), r.getOffsetDateTime("received_at").toInstant())));
            return out;
        });
    }

    public Future<Void> completeGroup(GroupKey g, String outcome, Instant now) {
        return pool.preparedQuery(COMPLETE_GROUP)
                .execute(Tuple.of(g.provider(), g.sender(), g.ref(), SqlTime.utc(now), outcome)).mapEmpty();
    }

    /** Gives a claim back after a failed intake, so the next part, retry or sweep takes the group in. */
    public Future<Void> releaseGroup(GroupKey g) {
        return pool.preparedQuery(RELEASE_GROUP).execute(g.tuple()).mapEmpty();
    }

    // ---- follow-ups ----------------------------------------------------------------------------------------

    /** The name of the lock on a number: its follow-ups, opt-outs and sends are decided one at a time. */
    /**
     * The open SMS case of {@code phone} with activity since {@code since}. The caller holds the number's lock
     * ({@link AdvisoryLocks#smsNumber}), so two messages from one number on two instances are decided one after the other:
     * the second sees the case the first created.
     */
    public static Future<Optional<Map.Entry<Long, String>>> findOpenCase(SqlConnection conn, String phone,
                                                                         Instant since) {
        return conn.preparedQuery(OPEN_SMS_CASE).execute(Tuple.of(phone, SqlTime.utc(since)))
                .map(rows -> rows.size() == 0 ? Optional.empty()
                        : Optional.of(Map.entry(rows.iterator().next().getLong("id"),
                        rows.iterator().next().getString("reference"))));
    }

    // ---- sending -------------------------------------------------------------------------------------------

    /**
     * PROCEED: send now. IN_DOUBT: an earlier attempt reserved this SMS and never settled it — its instance stopped
     * between asking the provider and recording the answer — so it may have gone out; it is not sent again by itself
     * (marked {@code in_doubt}: the next attempt, an operator's retry, sends it).
     */
    public enum SendDecision { PROCEED, ALREADY_SENT, IN_DOUBT, OPTED_OUT, CAPPED }

    /** The decision and, for {@code ALREADY_SENT}, the provider's message id of the earlier send. */
    public record Reservation(SendDecision decision, String providerMessageId) {
    }

    /**
     * Decides, under the number's lock, whether the SMS with this key may go now: never to an opted-out number,
     * at most {@code dailyCap} a day per number, once per key. PROCEED reserves a slot.
     */
    public Future<Reservation> reserveSend(String key, String phone, LocalDate day, String provider, int dailyCap,
                                           Instant now) {
        return pool.withTransaction(conn -> reserve(conn, key, phone, day, provider, dailyCap, now, "sending"));
    }

    /**
     * The same decision inside the caller's (intake) transaction, recording the SMS as already sent: for a
     * receipt that goes out in the webhook's answer itself, so the outbox finds it sent and never repeats it.
     */
    public static Future<Reservation> reserveInline(SqlConnection conn, String key, String phone, LocalDate day,
                                                    String provider, int dailyCap, Instant now) {
        return reserve(conn, key, phone, day, provider, dailyCap, now, "sent");
    }

    /** Whether the receipt with this key went out in a webhook answer. */
    public Future<Boolean> sentInline(String key, String provider) {
        return pool.preparedQuery("SELECT 1 FROM sms_send WHERE idempotency_key = $1 AND provider = $2 AND status = 'sent'")
                .execute(Tuple.of(key, provider)).map(rows -> rows.size() > 0);
    }

    private static Future<Reservation> reserve(SqlConnection conn, String key, String phone, LocalDate day,
                                               String provider, int dailyCap, Instant now, String status) {
        return lock(conn, AdvisoryLocks.smsNumber(phone))
                .compose(v -> conn.preparedQuery(SEND_ROW).execute(Tuple.of(key)))
                .compose(existing -> {
                    if (existing.size() > 0 && "sent".equals(existing.iterator().next().getString("status"))) {
                        return Future.succeededFuture(new Reservation(SendDecision.ALREADY_SENT,
                                existing.iterator().next().getString("provider_message_id")));
                    }
                    if (existing.size() > 0 && "sending".equals(existing.iterator().next().getString("status"))
                            && !"sent".equals(status)) {
                        // Marked, so that this attempt settles it in doubt and an operator's retry sends it.
                        return conn.preparedQuery(MARK_IN_DOUBT).execute(Tuple.of(key, SqlTime.utc(now)))
                                .map(new Reservation(SendDecision.IN_DOUBT, null));
                    }
                    return conn.preparedQuery(OPTED_OUT).execute(Tuple.of(phone)).compose(opt -> {
                        if (opt.size() > 0 && opt.iterator().next().getBoolean("opted_out")) {
                            return Future.succeededFuture(new Reservation(SendDecision.OPTED_OUT, null));
                        }
                        return conn.preparedQuery(SENDS_TODAY).execute(Tuple.of(phone, day, key)).compose(count -> {
                            if (count.iterator().next().getLong("n") >= dailyCap) {
                                return Future.succeededFuture(new Reservation(SendDecision.CAPPED, null));
                            }
                            return conn.preparedQuery(RESERVE_SEND)
                                    .execute(Tuple.of(key, phone, day, provider, SqlTime.utc(now), status,
                                            "sent".equals(status) ? provider : null))
                                    .map(new Reservation(SendDecision.PROCEED, null));
                        });
                    });
                });
    }

    public Future<Void> markSent(String key, String providerMessageId, int segments, Instant now) {
        return pool.preparedQuery(SEND_DONE)
                .execute(Tuple.of(key, "sent", providerMessageId, segments, null, SqlTime.utc(now))).mapEmpty();
    }

    /** A failed send frees its slot in the daily cap; the outbox retry reserves it again. */
    public Future<Void> markSendFailed(String key, String error, Instant now) {
        return pool.preparedQuery(SEND_DONE)
                .execute(Tuple.of(key, "failed", null, null, error, SqlTime.utc(now))).mapEmpty();
    }

    private static Future<Void> lock(SqlClient conn, String name) {
        return AdvisoryLocks.lock(conn, name);
    }
}
