package dev.shouli.core.intake;

import dev.shouli.core.cases.RecordJson;
import dev.shouli.core.db.SqlTime;
import dev.shouli.core.domain.AttachmentDraft;
import dev.shouli.core.domain.CaseReference;
import dev.shouli.core.domain.Complaint;
import dev.shouli.core.domain.Deadlines;
import dev.shouli.core.domain.Hashes;
import dev.shouli.core.domain.IntakeOutcome;
import dev.shouli.core.domain.Submission;
import dev.shouli.core.outbox.OutboxHandler.NotSent;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import io.vertx.sqlclient.templates.SqlTemplate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The writes of the intake path. Every method runs on the caller's connection, inside its transaction. */
public final class IntakeStore {

    /**
     * Claims the redelivery key by inserting the verbatim submission. A second arrival with the same key
     * waits on the unique index until the first commits, then inserts nothing: that is how concurrent
     * redeliveries on several instances end as one. When a case may follow, its number (= its id) is drawn
     * here, so the submission is written once, already pointing at the case created later in the same
     * transaction (the foreign key is checked at commit). A key already stored draws no number (the
     * {@code NOT EXISTS} filter runs before the number is drawn), so a redelivery storm leaves no gaps in the
     * case numbers; only two copies arriving at the same moment can still cost one. Positional parameters:
     * this is the hot path. The request is named here rather than by a {@link dev.shouli.core.db.RequestTag} sent
     * ahead of it: one statement fewer per intake.
     */
    private static final String CLAIM = """
            INSERT INTO submission (channel, transport, external_id, received_at, content_type, headers, body,
                                    body_sha256, outcome, reason, error, case_id, request_id)
            SELECT $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, CASE WHEN $12 THEN nextval('case_number_seq') END, $13
             WHERE NOT EXISTS (SELECT 1 FROM submission WHERE channel = $1 AND external_id = $3)
            ON CONFLICT (channel, external_id) DO NOTHING
            RETURNING id, case_id""";

    private static final String PRIOR = """
            SELECT s.outcome, s.reason, s.body_sha256, c.reference
              FROM submission s LEFT JOIN complaint_case c ON c.id = s.case_id
             WHERE s.channel = #{channel} AND s.external_id = #{externalId}""";

    /**
     * The case, its link to the submission, the receipt in the outbox and the first history entry. Positional
     * parameters, as in {@link #CLAIM}: a named-parameter template is parsed again on every call.
     * $1 case id, $2 reference, $3 kind, $4 channel, $5 received, $6 occurred, $7 subject, $8 description,
     * $9 language, $10 category, $11 urgency, $12 phone, $13 email, $14 respondent name, $15 complainant,
     * $16 respondent, $17 demand, $18 product, $19 location, $20–$22 acknowledge / first response / resolve by,
     * $23 submission id, $24 receipt channel, $25 receipt payload, $26–$27 the reason and preview of a receipt
     * recorded unsent at once (null: queued for the outbox).
     */
    private static final String CREATE_CASE = """
            WITH new_case AS (
                INSERT INTO complaint_case (id, reference, kind, channel, received_at, occurred_at, subject, description,
                                            language, category, urgency, complainant_phone, complainant_email,
                                            respondent_name, complainant, respondent, demand, product, location,
                                            acknowledge_due_at, first_response_due_at, resolve_due_at)
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21,
                        $22)
                RETURNING id),
            link AS (
                INSERT INTO case_submission (case_id, submission_id, role)
                SELECT id, $23, 'origin' FROM new_case),
            receipt AS (
                INSERT INTO outbox (case_id, kind, channel, payload, idempotency_key, next_attempt_at, created_at,
                                    status, result, preview)
                SELECT id, 'receipt', $24, $25, 'receipt:' || $2, $5, $5,
                       CASE WHEN $26::text IS NULL THEN 'pending' ELSE 'unsent' END, $26, $27
                  FROM new_case WHERE $24::text IS NOT NULL),
            history AS (
                INSERT INTO case_event (case_id, at, actor, kind, detail)
                SELECT id, $5, 'intake', 'received',
                       jsonb_build_object('channel', $4::text, 'submissionId', $23::bigint)
                  FROM new_case)
            SELECT id FROM new_case""";

    /** Links a submission to an existing case and records why in the case history. */
    private static final String ATTACH_TO_CASE = """
            WITH link AS (
                INSERT INTO case_submission (case_id, submission_id, role)
                VALUES (#{caseId}, #{submissionId}, #{role})),
            history AS (
                INSERT INTO case_event (case_id, at, actor, kind, detail)
                VALUES (#{caseId}, #{receivedAt}, 'intake', #{outcome}, #{why})),
            touched AS (
                UPDATE complaint_case SET updated_at = #{receivedAt} WHERE id = #{caseId})
            UPDATE submission SET outcome = #{outcome}, case_id = #{caseId}, reason = #{reason}
             WHERE id = #{submissionId}""";

    private static final String INSERT_ATTACHMENT = """
            INSERT INTO attachment (case_id, submission_id, name, content_type, size_bytes, sha256, content)
            VALUES ($1, $2, $3, $4, $5, $6, $7)""";

    /** Counts refused bytes against a day's quota; no row comes back when they would go past it. */
    private static final String RESERVE_REFUSED = """
            INSERT INTO refused_input_day AS d (day, stored_bytes, submissions) VALUES ($1, $2, 1)
            ON CONFLICT (day) DO UPDATE SET stored_bytes = d.stored_bytes + EXCLUDED.stored_bytes,
                                            submissions = d.submissions + 1
             WHERE d.stored_bytes + EXCLUDED.stored_bytes <= $3
            RETURNING stored_bytes""";

    /** A claimed submission: its id, and the number (and id) of its new case when one was asked for. */
    public record Claim(long submissionId, Long caseNumber) {
    }

    /** What an earlier arrival with the same key was answered. */
    public record PriorOutcome(IntakeOutcome outcome, String reason, String reference, String bodySha256) {
    }

    /**
     * Where and how the receipt goes; {@code channel} null means nobody can be told. {@code unsent}, when given, is
     * what the channel would record right away (nothing configured to send it): the receipt is then written as
     * unsent in the case's own statement instead of being queued, claimed and settled by the outbox.
     */
    public record Receipt(String channel, JsonObject payload, NotSent unsent) {
        public Receipt(String channel, JsonObject payload) {
            this(channel, payload, null);
        }
    }

    /**
     * @param requestId the request the submission came with (X-Request-Id), or null
     * @return the claim, or null when the key was already taken (a redelivery)
     */
    public Future<Claim> claim(SqlClient client, Submission s, IntakeOutcome outcome, String reason, String error,
                               boolean needsNumber, String requestId) {
        Tuple params = Tuple.tuple()
                .addValue(s.channel())
                .addValue(s.transport())
                .addValue(s.externalId())
                .addValue(SqlTime.utc(s.receivedAt()))
                .addValue(s.contentType())
                .addValue(headers(s.headers()))
                .addValue(Buffer.buffer(s.body()))
                .addValue(Hashes.sha256Hex(s.body()))
                .addValue(outcome.code())
                .addValue(reason)
                .addValue(error)
                .addValue(needsNumber)
                .addValue(requestId == null || requestId.isEmpty() ? null : requestId);
        return client.preparedQuery(CLAIM).execute(params)
                .map(rows -> {
                    if (!rows.iterator().hasNext()) {
                        return null;
                    }
                    Row row = rows.iterator().next();
                    return new Claim(row.getLong("id"), row.getLong("case_id"));
                });
    }

    /** @return false when {@code bytes} more refused input would go past {@code quota} on {@code day} */
    Future<Boolean> reserveRefused(SqlClient client, java.time.LocalDate day, long bytes, long quota) {
        return client.preparedQuery(RESERVE_REFUSED).execute(Tuple.of(day, bytes, quota))
                .map(rows -> rows.iterator().hasNext());
    }

    public Future<PriorOutcome> prior(SqlClient client, String channel, String externalId) {
        return SqlTemplate.forQuery(client, PRIOR)
                .mapTo(IntakeStore::priorOutcome)
                .execute(Map.of("channel", channel, "externalId", externalId))
                .map(rows -> {
                    if (!rows.iterator().hasNext()) {
                        throw new IllegalStateException("redelivery key " + channel + "/" + externalId
                                + " conflicted but its submission is gone");
                    }
                    return rows.iterator().next();
                });
    }

    private static PriorOutcome priorOutcome(Row row) {
        return new PriorOutcome(IntakeOutcome.fromCode(row.getString("outcome")), row.getString("reason"),
                row.getString("reference"), row.getString("body_sha256"));
    }

    public Future<Long> createCase(SqlClient client, long submissionId, long caseId, CaseReference reference,
                                   Complaint c, Deadlines deadlines, Receipt receipt) {
        Tuple p = Tuple.tuple()
                .addValue(caseId)
                .addValue(reference.toString())
                .addValue(c.kind().code())
                .addValue(c.channel())
                .addValue(SqlTime.utc(c.receivedAt()))
                .addValue(c.occurredAt())
                .addValue(c.subject())
                .addValue(c.description())
                .addValue(c.language())
                .addValue(c.category())
                .addValue(c.urgency().code())
                .addValue(c.complainant().phone())
                .addValue(c.complainant().email())
                .addValue(c.respondent().organisation())
                .addValue(RecordJson.complainant(c.complainant()))
                .addValue(RecordJson.respondent(c.respondent()))
                .addValue(RecordJson.demand(c.demand()))
                .addValue(c.product().isEmpty() ? null : RecordJson.product(c.product()))
                .addValue(c.location().isEmpty() ? null : RecordJson.location(c.location()))
                .addValue(SqlTime.utc(deadlines.acknowledgeBy()))
                .addValue(SqlTime.utc(deadlines.firstResponseBy()))
                .addValue(SqlTime.utc(deadlines.resolveBy()))
                .addValue(submissionId)
                .addValue(receipt.channel())
                .addValue(receipt.payload())
                .addValue(receipt.unsent() == null ? null : receipt.unsent().getMessage())
                .addValue(receipt.unsent() == null ? null : receipt.unsent().preview());
        return client.preparedQuery(CREATE_CASE).execute(p)
                .map(rows -> rows.iterator().next().getLong("id"));
    }

    /** Appends or merges a claimed submission into an existing case. */
    public Future<Void> attachToCase(SqlClient client, long submissionId, long caseId, String role, String outcome,
                                     String reason, JsonObject why, Instant receivedAt) {
        Map<String, Object> p = new HashMap<>();
        p.put("submissionId", submissionId);
        p.put("caseId", caseId);
        p.put("role", role);
        p.put("outcome", outcome);
        p.put("reason", reason);
        p.put("why", why.copy().put("submissionId", submissionId));
        p.put("receivedAt", SqlTime.utc(receivedAt));
        return SqlTemplate.forUpdate(client, ATTACH_TO_CASE).execute(p).mapEmpty();
    }

    public Future<Void> addAttachments(SqlClient client, long caseId, long submissionId,
                                       List<AttachmentDraft> attachments) {
        if (attachments.isEmpty()) {
            return Future.succeededFuture();
        }
        List<Tuple> batch = new ArrayList<>();
        for (AttachmentDraft a : attachments) {
            batch.add(Tuple.tuple(List.of(caseId, submissionId, a.name(), a.contentType(), a.size(),
                    Hashes.sha256Hex(a.content()), Buffer.buffer(a.content()))));
        }
        return client.preparedQuery(INSERT_ATTACHMENT).executeBatch(batch).mapEmpty();
    }

    private static JsonObject headers(Map<String, String> headers) {
        JsonObject o = new JsonObject();
        // PostgreSQL's jsonb refuses NUL; the raw body keeps the exact bytes anyway.
        headers.forEach((k, v) -> o.put(k.replace("\u0000", ""), v == null ? null : v.replace("\u0000", "")));
        return o;
    }

}
