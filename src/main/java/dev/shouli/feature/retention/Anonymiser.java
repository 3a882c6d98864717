package dev.shouli.feature.retention;

import dev.shouli.core.db.SqlTime;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.util.List;

/**
 * Removes the personal data of cases and keeps their skeleton for statistics: kind, channel, category, urgency,
 * status, respondent organisation and branch, times, deadlines and the kinds of their history entries stay;
 * complainant, texts, product facts, location, attachments, verbatim bodies, receipt payloads and previews,
 * history details, desk notes, 回访 addresses and comments (the verdicts stay) and dedup fingerprints go. Hotline
 * callbacks and the platform's verdicts are the platform's work-order record and stay as they are.
 * Runs on the caller's connection, inside its transaction (erasure and the retention job share it).
 */
public final class Anonymiser {

    /** What one anonymisation removed, for the erasure record and the retention run. */
    public record Counts(int cases, int submissions, int attachments, int outboxItems) {
    }

    private static final String CASES = """
            UPDATE complaint_case
               SET complainant_phone = NULL, complainant_email = NULL,
                   complainant = jsonb_build_object('erased', true,
                                                    'confidential', coalesce(complainant -> 'confidential', 'false')),
                   subject = NULL, description = NULL, demand = demand - 'text', product = NULL, location = NULL,
                   respondent = respondent - 'staff' - 'address', anonymised_at = $2
             WHERE id = ANY($1)""";

    private static final String SUBMISSIONS = """
            UPDATE submission SET body = '\\x'::bytea, headers = '{}', error = NULL, body_erased_at = $2
             WHERE (case_id = ANY($1) OR id IN (SELECT submission_id FROM case_submission WHERE case_id = ANY($1)))
               AND body_erased_at IS NULL""";

    private static final String ATTACHMENTS = "DELETE FROM attachment WHERE case_id = ANY($1)";

    /**
     * Undelivered receipts and pushes to someone whose data goes are dropped (an unsent one, kept for a mailer that
     * is not configured yet, too); delivered ones lose their payload and the preview of an unsent mail.
     */
    private static final String OUTBOX_PENDING = """
            DELETE FROM outbox
             WHERE case_id = ANY($1) AND status IN ('pending', 'failed', 'unsent') AND channel NOT LIKE 'hotline:%'""";
    private static final String OUTBOX_DONE = """
            UPDATE outbox SET payload = '{"erased": true}', last_error = NULL, preview = NULL
             WHERE case_id = ANY($1) AND channel NOT LIKE 'hotline:%' AND NOT payload ? 'erased'""";

    private static final String HISTORY = """
            UPDATE case_event SET detail = '{"erased": true}' WHERE case_id = ANY($1) AND NOT detail ? 'erased'""";

    private static final String DEDUP = """
            UPDATE dedup_case SET folded_text = '', shingles = '{}', bands = '{}', order_number = NULL, person_id = NULL,
                                  place_keys = '{}', place_key = NULL, latitude = NULL, longitude = NULL,
                                  addresses = '{}', claimed_keys = '{}'
             WHERE case_id = ANY($1)""";
    /** Desk notes are free text about the person; the history keeps that a note was added (note_added). */
    private static final String NOTES = "DELETE FROM case_note WHERE case_id = ANY($1)";
    /** The number or address asked and the comments go; a question not asked yet is not asked any more. */
    private static final String SURVEYS = """
            UPDATE satisfaction_survey
               SET address = NULL, comment = NULL, updated_at = $2,
                   reason = CASE WHEN state = 'scheduled' THEN 'erased' ELSE reason END,
                   state = CASE WHEN state = 'scheduled' THEN 'cancelled' ELSE state END
             WHERE case_id = ANY($1) AND channel <> 'hotline'""";
    private static final String SURVEY_ANSWERS = """
            UPDATE satisfaction_answer SET comment = NULL
             WHERE survey_id IN (SELECT id FROM satisfaction_survey
                                  WHERE case_id = ANY($1) AND channel <> 'hotline')""";
    private static final String JOINED = """
            UPDATE dedup_joined_submission SET complaint = '{}' WHERE case_id = ANY($1) OR split_case_id = ANY($1)""";
    private static final String PLACES = "DELETE FROM dedup_place WHERE case_id = ANY($1)";
    private static final String MESSAGE_IDS = "DELETE FROM email_message WHERE case_id = ANY($1)";
    private static final String OPEN311 = """
            UPDATE open311_request SET description = NULL, address_string = NULL, address_id = NULL, account_id = NULL,
                                       media_url = NULL, latitude = NULL, longitude = NULL
             WHERE case_id = ANY($1)""";

    private Anonymiser() {
    }

    public static Future<Counts> anonymise(SqlClient client, List<Long> caseIds, Instant now) {
        if (caseIds.isEmpty()) {
            return Future.succeededFuture(new Counts(0, 0, 0, 0));
        }
        Long[] ids = caseIds.toArray(new Long[0]);
        Tuple both = Tuple.tuple().addValue(ids).addValue(SqlTime.utc(now));
        Tuple only = Tuple.tuple().addValue(ids);
        Future<Integer> cases = count(client, CASES, both);
        Future<Integer> submissions = count(client, SUBMISSIONS, both);
        Future<Integer> attachments = count(client, ATTACHMENTS, only);
        Future<Integer> pending = count(client, OUTBOX_PENDING, only);
        Future<Integer> done = count(client, OUTBOX_DONE, only);
        Future<Integer> rest = Future.all(List.of(count(client, HISTORY, only), count(client, DEDUP, only),
                        count(client, JOINED, only), count(client, PLACES, only), count(client, MESSAGE_IDS, only),
                        count(client, OPEN311, only), count(client, NOTES, only), count(client, SURVEYS, both),
                        count(client, SURVEY_ANSWERS, only)))
                .map(0);
        return Future.all(cases, submissions, attachments, pending, done, rest)
                .map(all -> new Counts(cases.result(), submissions.result(), attachments.result(),
                        pending.result() + done.result()));
    }

    static Future<Integer> count(SqlClient client, String sql, Tuple params) {
        return client.preparedQuery(sql).execute(params).map(r -> r.rowCount());
    }
}
