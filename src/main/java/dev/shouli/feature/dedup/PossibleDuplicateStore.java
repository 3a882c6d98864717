package dev.shouli.feature.dedup;

import dev.shouli.core.db.SqlTime;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The SQL of possible duplicates (table {@code possible_duplicate}, migration V15): recording one at intake with
 * its history entries and the confirmation to the existing case's contact, reading them for the link page and
 * the desk, and the join a confirmation makes (and its undoing). Every method runs on the caller's connection.
 */
final class PossibleDuplicateStore {

    /** What a confirmation needs of the existing case: its reference and the contact on file. */
    public record Contact(String reference, String channel, String email, String phone, String language) {
    }

    /** One pair, with both cases' references and what the desk and the link page show of them. */
    private static final String CONTACT = """
            SELECT reference, channel, complainant_email, complainant_phone, language FROM complaint_case WHERE id = $1""";

    /**
     * The pair, a history entry on each case (the existing one names the new reference, the new one the existing
     * reference: both for the desk only) and, when $10 is set, the confirmation to the existing case's contact.
     * $1 new case, $2 submission, $3 existing case, $4 outcome, $5 why, $6 link nonce, $7 link expiry, $8 now,
     * $9 the new reference, $10 confirmation channel, $11 its payload.
     */
    private static final String RECORD = """
            WITH pair AS (
                INSERT INTO possible_duplicate (case_id, submission_id, existing_case_id, outcome, why, link_nonce,
                                                link_expires_at, created_at)
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
                RETURNING id),
            on_existing AS (
                INSERT INTO case_event (case_id, at, actor, kind, detail)
                SELECT $3, $8, 'intake', 'possible_duplicate',
                       $5::jsonb || jsonb_build_object('possibleDuplicateId', pair.id, 'newReference', $9::text,
                                                      'submissionId', $2::bigint, 'confirmationBy', $10::text)
                  FROM pair),
            on_new AS (
                INSERT INTO case_event (case_id, at, actor, kind, detail)
                SELECT $1, $8, 'intake', 'possible_duplicate_of',
                       $5::jsonb || jsonb_build_object('possibleDuplicateId', pair.id, 'submissionId', $2::bigint)
                  FROM pair),
            confirmation AS (
                INSERT INTO outbox (case_id, kind, channel, payload, idempotency_key, next_attempt_at, created_at)
                SELECT $3, 'confirm-duplicate', $10, $11, 'confirm-duplicate:' || $9, $8, $8
                 WHERE $10::text IS NOT NULL)
            SELECT id FROM pair""";

    private static final String PAIR_COLUMNS = """
            SELECT p.id, p.case_id, n.reference, p.submission_id, p.existing_case_id, e.reference AS existing_reference,
                   p.outcome, p.why, p.state, p.created_at, p.link_expires_at, p.decided_at, p.decided_by,
                   p.prior_status, n.status, e.status AS existing_status, n.subject, e.subject AS existing_subject,
                   n.respondent_name, n.language, e.language AS existing_language
              FROM possible_duplicate p
              JOIN complaint_case n ON n.id = p.case_id
              JOIN complaint_case e ON e.id = p.existing_case_id
            """;

    public Future<Optional<Long>> caseId(SqlClient client, String reference) {
        return client.preparedQuery("SELECT id FROM complaint_case WHERE reference = $1").execute(Tuple.of(reference))
                .map(rows -> rows.iterator().hasNext() ? Optional.of(rows.iterator().next().getLong("id"))
                        : Optional.empty());
    }

    public Future<Optional<Contact>> contact(SqlClient client, long caseId) {
        return client.preparedQuery(CONTACT).execute(Tuple.of(caseId)).map(rows -> {
            if (!rows.iterator().hasNext()) {
                return Optional.empty();
            }
            Row r = rows.iterator().next();
            return Optional.of(new Contact(r.getString("reference"), r.getString("channel"),
                    r.getString("complainant_email"), r.getString("complainant_phone"), r.getString("language")));
        });
    }

    /** @param confirmationChannel null when nobody is asked (then $11 is ignored) */
    public Future<Void> record(SqlClient client, long caseId, long submissionId, String reference, long existingCaseId,
                               String outcome, JsonObject why, String linkNonce, Instant linkExpiresAt,
                               String confirmationChannel, JsonObject confirmation, Instant now) {
        Tuple t = Tuple.tuple()
                .addLong(caseId)
                .addLong(submissionId)
                .addLong(existingCaseId)
                .addString(outcome)
                .addValue(why)
                .addString(linkNonce)
                .addValue(SqlTime.utc(linkExpiresAt))
                .addValue(SqlTime.utc(now))
                .addString(reference)
                .addString(confirmationChannel)
                .addValue(confirmation);
        return client.preparedQuery(RECORD).execute(t).mapEmpty();
    }

    /** The pair a link's nonce belongs to; with {@code lock}, locked for the decision. */
    public Future<Optional<PossibleDuplicate>> byNonce(SqlClient client, String nonce, boolean lock) {
        return client.preparedQuery(PAIR_COLUMNS + " WHERE p.link_nonce = $1" + (lock ? " FOR UPDATE OF p" : ""))
                .execute(Tuple.of(nonce)).map(PossibleDuplicateStore::first);
    }

    public Future<Optional<PossibleDuplicate>> byId(SqlClient client, long id, boolean lock) {
        return client.preparedQuery(PAIR_COLUMNS + " WHERE p.id = $1" + (lock ? " FOR UPDATE OF p" : ""))
                .execute(Tuple.of(id)).map(PossibleDuplicateStore::first);
    }

    /** The confirmed join of this submission into this case, locked: what an unmerge of it undoes. */
    public Future<Optional<PossibleDuplicate>> confirmedJoin(SqlClient client, long submissionId, long existingCaseId) {
        return client.preparedQuery(PAIR_COLUMNS + """
                         WHERE p.submission_id = $1 AND p.existing_case_id = $2 AND p.state = 'confirmed'
                         FOR UPDATE OF p""")
                .execute(Tuple.of(submissionId, existingCaseId)).map(PossibleDuplicateStore::first);
    }

    /** Every pair the case is part of, as the new case or as the existing one, newest first. */
    public Future<List<PossibleDuplicate>> ofCase(SqlClient client, long caseId) {
        return client.preparedQuery(PAIR_COLUMNS + " WHERE p.case_id = $1 OR p.existing_case_id = $1 ORDER BY p.id DESC")
                .execute(Tuple.of(caseId)).map(PossibleDuplicateStore::all);
    }

    /** The pairs waiting for a decision, newest first, before {@code beforeId} when given. */
    public Future<List<PossibleDuplicate>> pending(SqlClient client, Long beforeId, int limit) {
        return client.preparedQuery(PAIR_COLUMNS + """
                         WHERE p.state = 'pending' AND ($1::bigint IS NULL OR p.id < $1)
                         ORDER BY p.id DESC LIMIT $2""")
                .execute(Tuple.of(beforeId, limit)).map(PossibleDuplicateStore::all);
    }

    /**
     * Locks both cases' rows, in ascending id order (as everything that locks several cases does), and answers
     * their statuses, the lower id first.
     */
    public Future<List<String>> lockCases(SqlClient client, long a, long b) {
        return client.preparedQuery("SELECT id, status FROM complaint_case WHERE id = ANY($1) ORDER BY id FOR UPDATE")
                .execute(Tuple.of(new Long[] {a, b})).map(rows -> {
                    List<String> out = new ArrayList<>();
                    rows.forEach(r -> out.add(r.getString("status")));
                    return out;
                });
    }

    /**
     * The join: the submission is attached to the existing case in the role it would have had, with its evidence;
     * the new case becomes {@code merged} (the caller pauses its desk clocks); history on both. The submission's own row keeps what its source was told (its case, {@code created}), so a
     * redelivery is answered as before and nothing the submitter can see changes.
     */
    public Future<Void> join(SqlClient client, PossibleDuplicate p, String actor, Instant now) {
        OffsetDateTime at = SqlTime.utc(now);
        JsonObject onExisting = p.why().copy()
                .put("rule", "confirmed possible duplicate")
                .put("possibleDuplicateId", p.id())
                .put("submissionId", p.submissionId())
                .put("fromReference", p.reference())
                .put("confirmedBy", actor);
        JsonObject onNew = new JsonObject()
                .put("possibleDuplicateId", p.id())
                .put("reference", p.existingReference())
                .put("confirmedBy", actor);
        return client.preparedQuery("""
                        INSERT INTO case_submission (case_id, submission_id, role) VALUES ($1, $2, $3)
                        ON CONFLICT DO NOTHING""")
                .execute(Tuple.of(p.existingCaseId(), p.submissionId(), p.role()))
                .compose(v -> client.preparedQuery("""
                                UPDATE attachment SET case_id = $2 WHERE case_id = $1 AND submission_id = $3""")
                        .execute(Tuple.of(p.caseId(), p.existingCaseId(), p.submissionId())))
                .compose(v -> client.preparedQuery("UPDATE complaint_case SET status = 'merged', updated_at = $2 WHERE id = $1")
                        .execute(Tuple.of(p.caseId(), at)))
                .compose(v -> client.preparedQuery("UPDATE complaint_case SET updated_at = $2 WHERE id = $1")
                        .execute(Tuple.of(p.existingCaseId(), at)))
                .compose(v -> event(client, p.existingCaseId(), at, actor, p.outcome(), onExisting))
                .compose(v -> event(client, p.caseId(), at, actor, "merged_into", onNew))
                .compose(v -> decide(client, p.id(), "confirmed", actor, now, p.status()));
    }

    /** The pair is not one matter (the contact's owner or a desk agent said so): both cases stay as they are. */
    public Future<Void> dismiss(SqlClient client, PossibleDuplicate p, String actor, String reason, Instant now) {
        OffsetDateTime at = SqlTime.utc(now);
        JsonObject detail = new JsonObject().put("possibleDuplicateId", p.id()).put("dismissedBy", actor)
                .put("reason", reason);
        return event(client, p.existingCaseId(), at, actor, "possible_duplicate_dismissed",
                        detail.copy().put("newReference", p.reference()))
                .compose(v -> event(client, p.caseId(), at, actor, "possible_duplicate_dismissed",
                        detail.copy().put("existingReference", p.existingReference())))
                .compose(v -> decide(client, p.id(), "dismissed", actor, now, null));
    }

    /**
     * Undoes a confirmed join (the desk's unmerge): the submission and its evidence leave the existing case, the
     * new case gets its status back; its paused clocks are resumed by the caller. History on both.
     */
    public Future<Void> split(SqlClient client, PossibleDuplicate p, String actor, String reason, Instant now) {
        OffsetDateTime at = SqlTime.utc(now);
        return client.preparedQuery("DELETE FROM case_submission WHERE case_id = $1 AND submission_id = $2")
                .execute(Tuple.of(p.existingCaseId(), p.submissionId()))
                .compose(v -> client.preparedQuery("""
                                UPDATE attachment SET case_id = $2 WHERE case_id = $1 AND submission_id = $3""")
                        .execute(Tuple.of(p.existingCaseId(), p.caseId(), p.submissionId())))
                .compose(v -> client.preparedQuery("UPDATE complaint_case SET status = $2, updated_at = $3 WHERE id = $1")
                        .execute(Tuple.of(p.caseId(), p.priorStatus() == null ? "new" : p.priorStatus(), at)))
                .compose(v -> event(client, p.existingCaseId(), at, actor, "unmerged", new JsonObject()
                        .put("submissionId", p.submissionId())
                        .put("wasOutcome", p.outcome())
                        .put("newReference", p.reference())
                        .put("reason", reason)))
                .compose(v -> event(client, p.caseId(), at, actor, "split_from", new JsonObject()
                        .put("submissionId", p.submissionId())
                        .put("fromReference", p.existingReference())
                        .put("reason", reason)))
                .compose(v -> client.preparedQuery("UPDATE possible_duplicate SET state = 'split' WHERE id = $1")
                        .execute(Tuple.of(p.id())))
                .mapEmpty();
    }

    private static Future<Void> decide(SqlClient client, long id, String state, String actor, Instant now,
                                       String priorStatus) {
        return client.preparedQuery("""
                        UPDATE possible_duplicate SET state = $2, decided_at = $3, decided_by = $4, prior_status = $5
                         WHERE id = $1""")
                .execute(Tuple.of(id, state, SqlTime.utc(now), actor, priorStatus)).mapEmpty();
    }

    private static Future<Void> event(SqlClient client, long caseId, OffsetDateTime at, String actor, String kind,
                                      JsonObject detail) {
        return client.preparedQuery("INSERT INTO case_event (case_id, at, actor, kind, detail) VALUES ($1, $2, $3, $4, $5)")
                .execute(Tuple.of(caseId, at, actor, kind, detail)).mapEmpty();
    }

    private static Optional<PossibleDuplicate> first(RowSet<Row> rows) {
        List<PossibleDuplicate> all = all(rows);
        return all.isEmpty() ? Optional.empty() : Optional.of(all.get(0));
    }

    private static List<PossibleDuplicate> all(RowSet<Row> rows) {
        List<PossibleDuplicate> out = new ArrayList<>();
        for (Row r : rows) {
            out.add(new PossibleDuplicate(r.getLong("id"), r.getLong("case_id"), r.getString("reference"), r.getLong("submission_id"),
                    r.getLong("existing_case_id"), r.getString("existing_reference"), r.getString("outcome"),
                    r.getJsonObject("why"), r.getString("state"), instant(r.getOffsetDateTime("created_at")),
                    instant(r.getOffsetDateTime("link_expires_at")), instant(r.getOffsetDateTime("decided_at")),
                    r.getString("decided_by"), r.getString("prior_status"), r.getString("status"),
                    r.getString("existing_status"), r.getString("subject"), r.getString("existing_subject"),
                    r.getString("respondent_name"), r.getString("language"), r.getString("existing_language")));
        }
        return out;
    }

    private static Instant instant(OffsetDateTime t) {
        return t == null ? null : t.toInstant();
    }
}
