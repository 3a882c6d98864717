package dev.shouli.core.cases;

import dev.shouli.core.db.SqlTime;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The personal data of the case store itself: the case's complainant, texts, product facts and location, the
 * verbatim submissions, attachments, receipts and pushes in the outbox, and history details. What statistics need
 * stays (kind, channel, category, urgency, status, respondent organisation and branch, times, deadlines, the kinds
 * of history entries). Hotline callbacks are the platform's work-order record and stay as they are. The modules
 * erase their own tables through {@link PersonalData}.
 */
public final class CaseErasure {

    /** What one erasure removed from the case store. */
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

    private static final String CASES_BY_PHONE = """
            SELECT id FROM complaint_case WHERE complainant_phone = $1 OR complainant ->> 'phone' = $1""";
    private static final String CASES_BY_EMAIL = """
            SELECT id FROM complaint_case WHERE complainant_email = $1 OR lower(complainant ->> 'email') = $1""";
    private static final String CASES_BY_ID_NUMBER = """
            SELECT id FROM complaint_case
             WHERE complainant ->> 'customerId' = $1 OR strpos(description, $1) > 0 OR strpos(subject, $1) > 0""";

    /** Raw bodies outside those cases that contain the identifier as written in any of its forms. */
    private static final String OTHER_SUBMISSIONS = """
            SELECT id FROM submission
             WHERE body_erased_at IS NULL AND (case_id IS NULL OR NOT case_id = ANY($1))
               AND EXISTS (SELECT 1 FROM unnest($2::bytea[]) f WHERE position(f IN body) > 0)""";
    private static final String BLANK = """
            UPDATE submission SET body = '\\x'::bytea, headers = '{}', error = NULL, body_erased_at = $2
             WHERE id = ANY($1)""";

    /** Erases the case store's part of these cases. */
    public Future<Counts> eraseCases(SqlClient client, List<Long> caseIds, Instant now) {
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
        Future<Integer> history = count(client, HISTORY, only);
        return Future.all(cases, submissions, attachments, pending, done, history)
                .map(all -> new Counts(cases.result(), submissions.result(), attachments.result(),
                        pending.result() + done.result()));
    }

    /** The cases whose own contact columns (or, for an ID number, texts and customer id) name the person. */
    public Future<List<Long>> casesOf(SqlConnection conn, PersonalData.Person who) {
        Tuple params = Tuple.of(who.value());
        String sql = switch (who.kind()) {
            case "phone" -> CASES_BY_PHONE;
            case "email" -> CASES_BY_EMAIL;
            default -> CASES_BY_ID_NUMBER;
        };
        return conn.preparedQuery(sql).execute(params).map(rows -> {
            List<Long> ids = new ArrayList<>();
            rows.forEach(r -> ids.add(r.getLong("id")));
            return ids;
        });
    }

    /** Blanks every other raw body that contains the identifier in one of its written forms; returns how many. */
    public Future<Integer> eraseOtherSubmissions(SqlConnection conn, PersonalData.Person who, List<Long> caseIds,
                                                 Instant now) {
        Buffer[] forms = who.writtenForms().stream().map(f -> Buffer.buffer(f.getBytes(StandardCharsets.UTF_8)))
                .toArray(Buffer[]::new);
        // Tuple.tuple().addValue: Tuple.of(x, array) would spread the array into parameters of their own.
        return conn.preparedQuery(OTHER_SUBMISSIONS)
                .execute(Tuple.tuple().addValue(caseIds.toArray(new Long[0])).addValue(forms))
                .compose(rows -> {
                    List<Long> ids = new ArrayList<>();
                    rows.forEach(r -> ids.add(r.getLong("id")));
                    return ids.isEmpty() ? Future.succeededFuture(0)
                            : count(conn, BLANK, Tuple.tuple().addValue(ids.toArray(new Long[0]))
                                    .addValue(SqlTime.utc(now)));
                });
    }

    private static Future<Integer> count(SqlClient client, String sql, Tuple params) {
        return client.preparedQuery(sql).execute(params).map(r -> r.rowCount());
    }
}
