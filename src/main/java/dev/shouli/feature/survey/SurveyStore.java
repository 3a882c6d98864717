package dev.shouli.feature.survey;

import dev.shouli.core.db.SqlTime;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.templates.SqlTemplate;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Satisfaction surveys (回访), their answers and link tokens. Every method runs on the caller's connection;
 * rows a sweep works on are claimed with FOR UPDATE SKIP LOCKED, so several instances share the work and
 * each survey is sent, and each silence recorded, once.
 */
final class SurveyStore {

    private static final String SURVEY_COLUMNS = """
            s.id, s.case_id, s.round, s.channel, s.address, s.language, s.state, s.due_at, s.sent_at, s.answer_by,
            s.verdict, s.comment, s.answered_at, s.answered_via, s.reason, c.reference, c.status AS case_status,
            c.subject AS case_subject, c.complainant->>'name' AS complainant_name""";

    /** What a survey is sent to, and whether the case may be asked at all. */
    private static final String CONTACT = """
            SELECT c.channel, c.complainant_phone, c.complainant_email, c.language,
                   EXISTS (SELECT 1 FROM case_submission cs JOIN submission s ON s.id = cs.submission_id
                            WHERE cs.case_id = c.id AND s.channel LIKE 'hotline:%') AS has_ticket,
                   (SELECT count(*) FROM case_event e WHERE e.case_id = c.id AND e.kind = 'resolve') AS resolves
              FROM complaint_case c WHERE c.id = #{caseId}""";

    private static final String SCHEDULE = """
            INSERT INTO satisfaction_survey (case_id, round, channel, address, language, state, due_at, created_at,
                                             updated_at)
            VALUES (#{caseId}, #{round}, #{channel}, #{address}, #{language}, 'scheduled', #{dueAt}, #{now}, #{now})
            ON CONFLICT (case_id, round) DO NOTHING""";

    private static final String CLAIM_DUE = "SELECT " + SURVEY_COLUMNS + """
              FROM satisfaction_survey s JOIN complaint_case c ON c.id = s.case_id
             WHERE s.state = 'scheduled' AND s.due_at <= #{now}
             ORDER BY s.due_at, s.id
             LIMIT #{limit}
               FOR UPDATE OF s SKIP LOCKED""";

    private static final String MARK_SENT = """
            UPDATE satisfaction_survey SET state = 'sent', sent_at = #{now}, answer_by = #{answerBy}, updated_at = #{now}
             WHERE id = #{id}""";

    /** Only a survey not answered yet is skipped: an answer that came first stands. */
    private static final String SET_STATE = """
            UPDATE satisfaction_survey SET state = #{state}, reason = #{reason}, updated_at = #{now}
             WHERE id = #{id} AND state IN ('scheduled', 'sent')""";

    /** Silence recorded once per survey, with its history entry, in one statement. */
    private static final String RECORD_NO_ANSWER = """
            WITH due AS (
                SELECT id FROM satisfaction_survey
                 WHERE state = 'sent' AND answer_by <= #{now}
                 ORDER BY answer_by, id
                 LIMIT #{limit}
                   FOR UPDATE SKIP LOCKED),
            silent AS (
                UPDATE satisfaction_survey s SET state = 'no_answer', updated_at = #{now}
                  FROM due WHERE s.id = due.id
                RETURNING s.case_id, s.round, s.channel, s.sent_at)
            INSERT INTO case_event (case_id, at, actor, kind, detail)
            SELECT case_id, #{now}, 'survey', 'satisfaction.no_answer',
                   jsonb_build_object('round', round, 'channel', channel, 'sentAt', sent_at)
              FROM silent
            RETURNING detail->>'channel' AS channel""";

    private static final String INSERT_TOKEN = """
            INSERT INTO survey_token (nonce, survey_id, purpose, created_at, expires_at)
            VALUES (#{nonce}, #{surveyId}, #{purpose}, #{now}, #{expiresAt})""";

    private static final String TOKEN = "SELECT t.purpose, t.expires_at, t.used_at, " + SURVEY_COLUMNS + """
              FROM survey_token t JOIN satisfaction_survey s ON s.id = t.survey_id
                   JOIN complaint_case c ON c.id = s.case_id
             WHERE t.nonce = #{nonce}""";

    /** Spends a token: only one POST can win it, whatever instance each lands on. */
    private static final String SPEND_TOKEN = """
            UPDATE survey_token SET used_at = #{now}
             WHERE nonce = #{nonce} AND used_at IS NULL AND expires_at > #{now}
            RETURNING survey_id""";

    private static final String LOCK_SURVEY = "SELECT " + SURVEY_COLUMNS + """
              FROM satisfaction_survey s JOIN complaint_case c ON c.id = s.case_id
             WHERE s.id = #{id}
               FOR UPDATE OF s""";

    /** The survey last sent to a number, still taking answers. */
    private static final String LATEST_FOR_ADDRESS = "SELECT " + SURVEY_COLUMNS + """
              FROM satisfaction_survey s JOIN complaint_case c ON c.id = s.case_id
             WHERE s.channel = #{channel} AND s.address = #{address} AND s.sent_at >= #{since}
               AND s.state IN ('sent', 'answered', 'no_answer')
             ORDER BY s.sent_at DESC, s.id DESC
             LIMIT 1
               FOR UPDATE OF s""";

    /** A case's latest survey that went out and still takes answers (an e-mail reply threads onto the case). */
    private static final String LATEST_OF_CASE = "SELECT " + SURVEY_COLUMNS + """
              FROM satisfaction_survey s JOIN complaint_case c ON c.id = s.case_id
             WHERE s.case_id = #{caseId} AND s.sent_at >= #{since} AND s.state IN ('sent', 'answered', 'no_answer')
             ORDER BY s.round DESC
             LIMIT 1
               FOR UPDATE OF s""";

    private static final String RECORD_ANSWER = """
            WITH answer AS (
                INSERT INTO satisfaction_answer (survey_id, verdict, comment, via, submission_id, at)
                VALUES (#{id}, #{verdict}, #{comment}, #{via}, #{submissionId}, #{at}))
            UPDATE satisfaction_survey
               SET state = CASE WHEN #{verdict}::text IS NULL THEN state ELSE 'answered' END,
                   verdict = COALESCE(#{verdict}, verdict),
                   comment = COALESCE(#{comment}, CASE WHEN #{verdict}::text IS NULL THEN comment END),
                   answered_at = CASE WHEN #{verdict}::text IS NULL THEN answered_at ELSE #{at} END,
                   answered_via = CASE WHEN #{verdict}::text IS NULL THEN answered_via ELSE #{via} END,
                   updated_at = #{at}
             WHERE id = #{id}""";

    /** The platform's own 回访 of a hotline case, one row per resolution round. */
    private static final String HOTLINE_SURVEY = """
            INSERT INTO satisfaction_survey (case_id, round, channel, state, due_at, sent_at, created_at, updated_at)
            VALUES (#{caseId}, #{round}, 'hotline', 'sent', #{now}, #{now}, #{now}, #{now})
            ON CONFLICT (case_id, round) DO UPDATE SET updated_at = EXCLUDED.updated_at
            RETURNING id""";

    private static final String OF_CASE = "SELECT " + SURVEY_COLUMNS + """
              FROM satisfaction_survey s JOIN complaint_case c ON c.id = s.case_id
             WHERE c.reference = #{reference}
             ORDER BY s.round""";

    private static final String ANSWERS_OF_CASE = """
            SELECT a.survey_id, a.verdict, a.comment, a.via, a.submission_id, a.at
              FROM satisfaction_answer a JOIN satisfaction_survey s ON s.id = a.survey_id
              JOIN complaint_case c ON c.id = s.case_id
             WHERE c.reference = #{reference}
             ORDER BY a.id""";

    /** One survey with its case's reference and status. */
    public record Survey(long id, long caseId, int round, String channel, String address, String language,
                         String state, Instant dueAt, Instant sentAt, Instant answerBy, String verdict,
                         String comment, Instant answeredAt, String answeredVia, String reason, String reference,
                         String caseStatus, String caseSubject, String complainantName) {

        public boolean answered() {
            return verdict != null;
        }
    }

    /** Who a case's survey goes to. */
    public record Contact(String channel, String phone, String email, String language, boolean hasTicket,
                          int resolves) {
    }

    /** A link token and the survey it answers. */
    public record TokenRow(String purpose, Instant expiresAt, Instant usedAt, Survey survey) {
    }

    public Future<Optional<Long>> caseId(SqlClient client, String reference) {
        return SqlTemplate.forQuery(client, "SELECT id FROM complaint_case WHERE reference = #{reference}")
                .mapTo(r -> r.getLong("id"))
                .execute(Map.of("reference", reference))
                .map(SurveyStore::first);
    }

    public Future<Contact> contact(SqlClient client, long caseId) {
        return SqlTemplate.forQuery(client, CONTACT)
                .mapTo(r -> new Contact(r.getString("channel"), r.getString("complainant_phone"),
                        r.getString("complainant_email"), r.getString("language"), r.getBoolean("has_ticket"),
                        r.getLong("resolves").intValue()))
                .execute(Map.of("caseId", caseId))
                .map(rows -> rows.iterator().next());
    }

    public Future<Void> schedule(SqlClient client, long caseId, int round, String channel, String address,
                                 String language, Instant dueAt, Instant now) {
        Map<String, Object> p = new HashMap<>();
        p.put("caseId", caseId);
        p.put("round", round);
        p.put("channel", channel);
        p.put("address", address);
        p.put("language", language);
        p.put("dueAt", SqlTime.utc(dueAt));
        p.put("now", SqlTime.utc(now));
        return SqlTemplate.forUpdate(client, SCHEDULE).execute(p).mapEmpty();
    }

    public Future<List<Survey>> claimDue(SqlClient client, Instant now, int limit) {
        return list(client, CLAIM_DUE, Map.of("now", SqlTime.utc(now), "limit", limit));
    }

    public Future<Void> markSent(SqlClient client, long id, Instant now, Instant answerBy) {
        return SqlTemplate.forUpdate(client, MARK_SENT)
                .execute(Map.of("id", id, "now", SqlTime.utc(now), "answerBy", SqlTime.utc(answerBy)))
                .mapEmpty();
    }

    /** Skips or cancels a survey not answered yet; false when it was answered first. */
    public Future<Boolean> setState(SqlClient client, long id, String state, String reason, Instant now) {
        Map<String, Object> p = new HashMap<>();
        p.put("id", id);
        p.put("state", state);
        p.put("reason", reason);
        p.put("now", SqlTime.utc(now));
        return SqlTemplate.forUpdate(client, SET_STATE).execute(p).map(r -> r.rowCount() == 1);
    }

    /** @return the channel of every survey recorded as no_answer by this call */
    public Future<List<String>> recordNoAnswer(SqlClient client, Instant now, int limit) {
        return SqlTemplate.forQuery(client, RECORD_NO_ANSWER)
                .execute(Map.of("now", SqlTime.utc(now), "limit", limit))
                .map(rows -> {
                    List<String> out = new ArrayList<>();
                    rows.forEach(r -> out.add(r.getString("channel")));
                    return out;
                });
    }

    public Future<Void> insertToken(SqlClient client, String nonce, long surveyId, String purpose, Instant now,
                                    Instant expiresAt) {
        return SqlTemplate.forUpdate(client, INSERT_TOKEN).execute(Map.of("nonce", nonce, "surveyId", surveyId,
                "purpose", purpose, "now", SqlTime.utc(now), "expiresAt", SqlTime.utc(expiresAt))).mapEmpty();
    }

    public Future<Optional<TokenRow>> token(SqlClient client, String nonce) {
        return SqlTemplate.forQuery(client, TOKEN)
                .mapTo(r -> new TokenRow(r.getString("purpose"), time(r, "expires_at"), time(r, "used_at"), survey(r)))
                .execute(Map.of("nonce", nonce))
                .map(SurveyStore::first);
    }

    /** @return true when this call spent the token (it was unused and not expired) */
    public Future<Boolean> spendToken(SqlClient client, String nonce, Instant now) {
        return SqlTemplate.forQuery(client, SPEND_TOKEN)
                .execute(Map.of("nonce", nonce, "now", SqlTime.utc(now)))
                .map(rows -> rows.size() == 1);
    }

    public Future<Survey> lock(SqlClient client, long id) {
        return list(client, LOCK_SURVEY, Map.of("id", id)).map(rows -> rows.get(0));
    }

    public Future<Optional<Survey>> latestForAddress(SqlClient client, String channel, String address, Instant since) {
        return list(client, LATEST_FOR_ADDRESS, Map.of("channel", channel, "address", address,
                "since", SqlTime.utc(since))).map(rows -> rows.stream().findFirst());
    }

    public Future<Optional<Survey>> latestOfCase(SqlClient client, long caseId, Instant since) {
        return list(client, LATEST_OF_CASE, Map.of("caseId", caseId, "since", SqlTime.utc(since)))
                .map(rows -> rows.stream().findFirst());
    }

    /** Keeps the answer in the history and makes it the survey's current one; a null verdict adds a comment. */
    public Future<Void> recordAnswer(SqlClient client, long surveyId, String verdict, String comment, String via,
                                     Long submissionId, Instant at) {
        Map<String, Object> p = new HashMap<>();
        p.put("id", surveyId);
        p.put("verdict", verdict);
        p.put("comment", comment);
        p.put("via", via);
        p.put("submissionId", submissionId);
        p.put("at", SqlTime.utc(at));
        return SqlTemplate.forUpdate(client, RECORD_ANSWER).execute(p).mapEmpty();
    }

    /** The platform's survey row of this round, created when its first verdict arrives. */
    public Future<Long> hotlineSurvey(SqlClient client, long caseId, int round, Instant now) {
        return SqlTemplate.forQuery(client, HOTLINE_SURVEY)
                .execute(Map.of("caseId", caseId, "round", round, "now", SqlTime.utc(now)))
                .map(rows -> rows.iterator().next().getLong("id"));
    }

    /** A case's surveys with every answer, as the desk sees them (addresses masked by the caller). */
    public Future<JsonArray> ofCase(SqlClient client, String reference) {
        Future<List<Survey>> surveys = list(client, OF_CASE, Map.of("reference", reference));
        Future<List<Row>> answers = SqlTemplate.forQuery(client, ANSWERS_OF_CASE)
                .execute(Map.of("reference", reference))
                .map(rows -> {
                    List<Row> out = new ArrayList<>();
                    rows.forEach(out::add);
                    return out;
                });
        return Future.all(surveys, answers).map(all -> {
            JsonArray out = new JsonArray();
            for (Survey s : surveys.result()) {
                JsonArray history = new JsonArray();
                answers.result().stream().filter(a -> a.getLong("survey_id") == s.id()).forEach(a -> history.add(
                        new JsonObject()
                                .put("verdict", a.getString("verdict"))
                                .put("comment", a.getString("comment"))
                                .put("via", a.getString("via"))
                                .put("submissionId", a.getLong("submission_id"))
                                .put("at", text(time(a, "at")))));
                out.add(new JsonObject()
                        .put("round", s.round())
                        .put("channel", s.channel())
                        .put("state", s.state())
                        .put("dueAt", text(s.dueAt()))
                        .put("sentAt", text(s.sentAt()))
                        .put("answerBy", text(s.answerBy()))
                        .put("verdict", s.verdict())
                        .put("comment", s.comment())
                        .put("answeredAt", text(s.answeredAt()))
                        .put("answeredVia", s.answeredVia())
                        .put("reason", s.reason())
                        .put("answers", history));
            }
            return out;
        });
    }

    private static Future<List<Survey>> list(SqlClient client, String sql, Map<String, Object> params) {
        return SqlTemplate.forQuery(client, sql).mapTo(SurveyStore::survey).execute(params).map(rows -> {
            List<Survey> out = new ArrayList<>();
            rows.forEach(out::add);
            return out;
        });
    }

    private static Survey survey(Row r) {
        return new Survey(r.getLong("id"), r.getLong("case_id"), r.getInteger("round"), r.getString("channel"),
                r.getString("address"), r.getString("language"), r.getString("state"), time(r, "due_at"),
                time(r, "sent_at"), time(r, "answer_by"), r.getString("verdict"), r.getString("comment"),
                time(r, "answered_at"), r.getString("answered_via"), r.getString("reason"), r.getString("reference"),
                r.getString("case_status"), r.getString("case_subject"), r.getString("complainant_name"));
    }

    private static <T> Optional<T> first(Iterable<T> rows) {
        var it = rows.iterator();
        return it.hasNext() ? Optional.of(it.next()) : Optional.empty();
    }

    private static Instant time(Row r, String column) {
        OffsetDateTime t = r.getOffsetDateTime(column);
        return t == null ? null : t.toInstant();
    }

    private static String text(Instant t) {
        return t == null ? null : t.toString();
    }
}
