package dev.shouli.channel.email;

import dev.shouli.core.db.SqlTime;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.templates.SqlTemplate;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The email channel's tables: message ids per case, mailbox progress and gaps, the auto-mail loop guard. */
final class EmailStore {

    /** A case a message can thread onto. */
    public record ThreadCase(long caseId, String reference, String complainantEmail) {
    }

    /** Progress of one mailbox. */
    public record MailboxState(long uidValidity, long lastUid) {
    }

    private static final String CASE_FOR_MESSAGE_IDS = """
            SELECT c.id, c.reference, c.complainant_email
              FROM email_message m JOIN complaint_case c ON c.id = m.case_id
             WHERE m.message_id = ANY(#{ids}) AND c.status <> 'merged'
             ORDER BY m.created_at DESC, c.id DESC
             LIMIT 1""";

    private static final String CASE_FOR_REFERENCE = """
            SELECT id, reference, complainant_email FROM complaint_case
             WHERE reference = #{reference} AND status <> 'merged'""";

    private static final String ADD_MESSAGE = """
            INSERT INTO email_message (message_id, case_id, direction, submission_id, created_at)
            VALUES (#{messageId}, #{caseId}, #{direction}, #{submissionId}, #{at})
            ON CONFLICT DO NOTHING""";

    private static final String THREAD_OF_CASE = """
            SELECT message_id FROM email_message
             WHERE case_id = #{caseId} AND direction = 'in'
             ORDER BY created_at, message_id""";

    private static final String SUPPRESSED_SENDER = """
            SELECT EXISTS (SELECT 1 FROM submission
                            WHERE channel = 'email' AND outcome = 'suppressed'
                              AND headers->>'x-shouli-from-address' = #{address}
                              AND received_at > #{since})""";

    private static final String COUNT_AUTO_MAIL = """
            SELECT count(*) AS n FROM email_auto_mail
             WHERE address = #{address} AND day = #{day} AND outbox_key <> #{key}""";

    private static final String RECORD_AUTO_MAIL = """
            INSERT INTO email_auto_mail (outbox_key, address, day, sent_at)
            VALUES (#{key}, #{address}, #{day}, #{at})
            ON CONFLICT (outbox_key) DO NOTHING""";

    private static final String MAILBOX_STATE = """
            SELECT uid_validity, last_uid FROM email_mailbox WHERE name = #{name}""";

    private static final String RESET_MAILBOX = """
            INSERT INTO email_mailbox (name, uid_validity, last_uid, updated_at)
            VALUES (#{name}, #{uidValidity}, 0, #{at})
            ON CONFLICT (name) DO UPDATE SET uid_validity = EXCLUDED.uid_validity, last_uid = 0,
                                             updated_at = EXCLUDED.updated_at""";

    /** Only moves forward, so a slow, stale poller can never move progress back. */
    private static final String ADVANCE_MAILBOX = """
            UPDATE email_mailbox SET last_uid = GREATEST(last_uid, #{uid}), last_polled_at = #{at}, updated_at = #{at}
             WHERE name = #{name} AND uid_validity = #{uidValidity}""";

    private static final String ADD_GAP = """
            INSERT INTO email_mailbox_gap (mailbox, uid_validity, from_uid, to_uid, reason, at)
            VALUES (#{mailbox}, #{uidValidity}, #{fromUid}, #{toUid}, #{reason}, #{at})""";

    public Future<Optional<ThreadCase>> caseForMessageIds(SqlClient client, List<String> messageIds) {
        if (messageIds.isEmpty()) {
            return Future.succeededFuture(Optional.empty());
        }
        return SqlTemplate.forQuery(client, CASE_FOR_MESSAGE_IDS).mapTo(EmailStore::threadCase)
                .execute(Map.of("ids", messageIds.toArray(new String[0])))
                .map(rows -> rows.iterator().hasNext() ? Optional.of(rows.iterator().next()) : Optional.empty());
    }

    public Future<Optional<ThreadCase>> caseForReference(SqlClient client, String reference) {
        return SqlTemplate.forQuery(client, CASE_FOR_REFERENCE).mapTo(EmailStore::threadCase)
                .execute(Map.of("reference", reference))
                .map(rows -> rows.iterator().hasNext() ? Optional.of(rows.iterator().next()) : Optional.empty());
    }

    private static ThreadCase threadCase(Row r) {
        return new ThreadCase(r.getLong("id"), r.getString("reference"), r.getString("complainant_email"));
    }

    /** Remembers a Message-ID on a case; {@code direction} is "in" (theirs) or "out" (ours). */
    public Future<Void> addMessage(SqlClient client, String messageId, long caseId, String direction,
                                   Long submissionId, Instant at) {
        Map<String, Object> p = new HashMap<>();
        p.put("messageId", messageId);
        p.put("caseId", caseId);
        p.put("direction", direction);
        p.put("submissionId", submissionId);
        p.put("at", SqlTime.utc(at));
        return SqlTemplate.forUpdate(client, ADD_MESSAGE).execute(p).mapEmpty();
    }

    /**
     * Whether our Message-ID was recorded already: an earlier attempt at the same outbox item got as far as
     * sending (and so may have sent it) when its instance stopped.
     */
    public Future<Boolean> messageRecorded(SqlClient client, String messageId) {
        return client.preparedQuery("SELECT 1 FROM email_message WHERE message_id = $1")
                .execute(io.vertx.sqlclient.Tuple.of(messageId)).map(rows -> rows.size() > 0);
    }

    /** Forgets a Message-ID recorded for a mail the server refused, so its retry is not taken for one in doubt. */
    public Future<Void> forgetMessage(SqlClient client, String messageId) {
        return client.preparedQuery("DELETE FROM email_message WHERE message_id = $1 AND direction = 'out'")
                .execute(io.vertx.sqlclient.Tuple.of(messageId)).mapEmpty();
    }

    /** The complainant's Message-IDs on a case, oldest first: what our mail about it replies to. */
    public Future<List<String>> threadOfCase(SqlClient client, long caseId) {
        return SqlTemplate.forQuery(client, THREAD_OF_CASE).mapTo(r -> r.getString("message_id"))
                .execute(Map.of("caseId", caseId))
                .map(rows -> {
                    List<String> out = new java.util.ArrayList<>();
                    rows.forEach(out::add);
                    return out;
                });
    }

    /** Whether automatic mail (an auto-reply, a bounce) came from this address recently. */
    public Future<Boolean> recentlySuppressed(SqlClient client, String address, Instant since) {
        return SqlTemplate.forQuery(client, SUPPRESSED_SENDER).mapTo(r -> r.getBoolean(0))
                .execute(Map.of("address", address, "since", SqlTime.utc(since)))
                .map(rows -> rows.iterator().next());
    }

    /** Automatic mails sent to {@code address} on {@code day}, not counting the one keyed {@code key}. */
    public Future<Long> autoMailsOn(SqlClient client, String address, LocalDate day, String key) {
        return SqlTemplate.forQuery(client, COUNT_AUTO_MAIL).mapTo(r -> r.getLong("n"))
                .execute(Map.of("address", address, "day", day, "key", key))
                .map(rows -> rows.iterator().next());
    }

    public Future<Void> recordAutoMail(SqlClient client, String key, String address, LocalDate day, Instant at) {
        return SqlTemplate.forUpdate(client, RECORD_AUTO_MAIL)
                .execute(Map.of("key", key, "address", address, "day", day, "at", SqlTime.utc(at)))
                .mapEmpty();
    }

    public Future<Optional<MailboxState>> mailboxState(SqlClient client, String name) {
        return SqlTemplate.forQuery(client, MAILBOX_STATE)
                .mapTo(r -> new MailboxState(r.getLong("uid_validity"), r.getLong("last_uid")))
                .execute(Map.of("name", name))
                .map(rows -> rows.iterator().hasNext() ? Optional.of(rows.iterator().next()) : Optional.empty());
    }

    /** Starts a mailbox over under a new UIDVALIDITY (its old UIDs mean nothing any more). */
    public Future<Void> resetMailbox(SqlClient client, String name, long uidValidity, Instant at) {
        return SqlTemplate.forUpdate(client, RESET_MAILBOX)
                .execute(Map.of("name", name, "uidValidity", uidValidity, "at", SqlTime.utc(at)))
                .mapEmpty();
    }

    public Future<Void> advanceMailbox(SqlClient client, String name, long uidValidity, long uid, Instant at) {
        return SqlTemplate.forUpdate(client, ADVANCE_MAILBOX)
                .execute(Map.of("name", name, "uidValidity", uidValidity, "uid", uid, "at", SqlTime.utc(at)))
                .mapEmpty();
    }

    public Future<Void> addGap(SqlClient client, String mailbox, long uidValidity, long fromUid, long toUid,
                               String reason, Instant at) {
        Map<String, Object> p = new HashMap<>();
        p.put("mailbox", mailbox);
        p.put("uidValidity", uidValidity);
        p.put("fromUid", fromUid);
        p.put("toUid", toUid);
        p.put("reason", reason);
        p.put("at", SqlTime.utc(at));
        return SqlTemplate.forUpdate(client, ADD_GAP).execute(p).mapEmpty();
    }
}
