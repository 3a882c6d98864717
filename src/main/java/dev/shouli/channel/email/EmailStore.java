package dev.shouli.channel.email;

import dev.shouli.core.db.SqlTime;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
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

    /**
     * Everything an automatic mail needs from the database before it goes out, in one statement: whether automatic
     * mail came from the address lately, how many automatic mails it had today (not counting this one), and — when the
     * mail may go — counting it towards today's cap ($1: capped), recording our Message-ID on the case ($9, when the
     * mail is threaded) and the complainant's Message-IDs it replies to. One round trip per mail instead of six: the
     * outbox sends hundreds a second after a burst.
     */
    private static final String GUARD = """
            WITH guard AS (
                SELECT $1::boolean AND EXISTS (SELECT 1 FROM submission
                                                WHERE channel = 'email' AND outcome = 'suppressed'
                                                  AND headers->>'x-shouli-from-address' = $2 AND received_at > $3)
                           AS automatic,
                       CASE WHEN $1::boolean THEN (SELECT count(*) FROM email_auto_mail
                                                    WHERE address = $2 AND day = $4 AND outbox_key <> $5)
                            ELSE 0 END AS today),
            go AS (
                SELECT NOT automatic AND today < $6 AS ok FROM guard),
            counted AS (
                INSERT INTO email_auto_mail (outbox_key, address, day, sent_at)
                SELECT $5, $2, $4, $7 FROM go WHERE ok AND $1::boolean
                ON CONFLICT (outbox_key) DO NOTHING),
            recorded AS (
                INSERT INTO email_message (message_id, case_id, direction, submission_id, created_at)
                SELECT $8, $9, 'out', NULL, $7 FROM go WHERE ok AND $9::bigint IS NOT NULL
                ON CONFLICT DO NOTHING)
            SELECT g.automatic, g.today,
                   ARRAY(SELECT message_id FROM email_message
                          WHERE case_id = $9 AND direction = 'in' ORDER BY created_at, message_id) AS thread
              FROM guard g""";

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

    /** What {@link #GUARD} found: automatic mail from the address lately, its automatic mails today, the thread. */
    public record Guard(boolean automatic, long sentToday, List<String> thread) {
    }

    /**
     * Decides and records an outgoing mail in one statement (see {@link #GUARD}).
     *
     * @param cap       automatic mails per address and day, when {@code capped}
     * @param caseId    the case whose thread the mail goes in, or null when it is not threaded
     */
    public Future<Guard> guard(SqlClient client, boolean capped, String address, Instant since, LocalDate day,
                               String key, int cap, String messageId, Long caseId, Instant now) {
        Tuple t = Tuple.tuple().addBoolean(capped).addString(address).addOffsetDateTime(SqlTime.utc(since))
                .addLocalDate(day).addString(key).addInteger(capped ? cap : Integer.MAX_VALUE)
                .addOffsetDateTime(SqlTime.utc(now)).addString(messageId).addLong(caseId);
        return client.preparedQuery(GUARD).execute(t).map(rows -> {
            Row r = rows.iterator().next();
            return new Guard(r.getBoolean("automatic"), r.getLong("today"), List.of(r.getArrayOfStrings("thread")));
        });
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
