package dev.shouli.channel.hotline;

import dev.shouli.core.db.SqlTime;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.templates.SqlTemplate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Hotline tickets and the cases they live in. Every method runs on the caller's transaction. */
final class HotlineStore {

    private static final String FIND_TICKET = """
            SELECT t.id, t.source, t.ticket_number, t.case_id, t.state, t.reopen_count, c.reference, c.status
              FROM hotline_ticket t JOIN complaint_case c ON c.id = t.case_id
             WHERE t.source = #{source} AND t.ticket_number = #{ticket}""";

    private static final String INSERT_TICKET = """
            INSERT INTO hotline_ticket (source, ticket_number, case_id, confidential, sign_for_due_at, reply_due_at,
                                        created_at, updated_at)
            VALUES (#{source}, #{ticket}, #{caseId}, #{confidential}, #{signForBy}, #{replyBy}, #{now}, #{now})
            ON CONFLICT (source, ticket_number) DO NOTHING""";

    private static final String TICKETS_OF_CASE = """
            SELECT t.id, t.source, t.ticket_number, t.case_id, t.state, t.reopen_count, c.reference, c.status
              FROM hotline_ticket t JOIN complaint_case c ON c.id = t.case_id
             WHERE t.case_id = #{caseId}
             ORDER BY t.id
               FOR UPDATE OF t""";

    private static final String SET_STATE = """
            UPDATE hotline_ticket SET state = #{state}, state_reason = #{reason}, updated_at = #{now} WHERE id = #{id}""";

    /** A reassigned ticket starts over with the deadlines the platform sent, where it sent them. */
    private static final String REDISPATCH = """
            WITH ticket AS (
                UPDATE hotline_ticket
                   SET state = 'dispatched', state_reason = #{reason}, updated_at = #{now},
                       sign_for_due_at = COALESCE(#{signForBy}, sign_for_due_at),
                       reply_due_at = COALESCE(#{replyBy}, reply_due_at)
                 WHERE id = #{id})
            UPDATE complaint_case
               SET acknowledge_due_at = COALESCE(#{signForBy}, acknowledge_due_at),
                   first_response_due_at = COALESCE(#{signForBy}, first_response_due_at),
                   resolve_due_at = COALESCE(#{replyBy}, resolve_due_at),
                   updated_at = #{now}
             WHERE id = #{caseId}""";

    /**
     * Closes a revoked ticket's case unless another live ticket still shares it, and records why in the
     * case history either way.
     */
    private static final String REVOKE = """
            WITH ticket AS (
                UPDATE hotline_ticket SET state = 'revoked', state_reason = #{reason}, updated_at = #{now}
                 WHERE id = #{id}),
            closed AS (
                UPDATE complaint_case SET status = 'closed', updated_at = #{now}
                 WHERE id = #{caseId} AND status NOT IN ('closed', 'merged')
                   AND NOT EXISTS (SELECT 1 FROM hotline_ticket o
                                    WHERE o.case_id = #{caseId} AND o.id <> #{id} AND o.state <> 'revoked')
                RETURNING id)
            INSERT INTO case_event (case_id, at, actor, kind, detail)
            VALUES (#{caseId}, #{now}, #{actor}, 'revoked',
                    jsonb_build_object('ticketNumber', #{ticket}::text, 'reason', #{reason}::text,
                                       'caseClosed', EXISTS (SELECT 1 FROM closed)))""";

    /** The platform's 回访 verdict; a re-open sends the ticket back to us for another reply round. */
    private static final String EVALUATE = """
            UPDATE hotline_ticket
               SET evaluation = #{verdict}, evaluation_comment = #{comment}, evaluated_at = #{now}, updated_at = #{now},
                   state = CASE WHEN #{reopens} THEN 'reopened' ELSE state END,
                   state_reason = CASE WHEN #{reopens} THEN '回访后重新交办' ELSE state_reason END,
                   reopen_count = reopen_count + CASE WHEN #{reopens} THEN 1 ELSE 0 END
             WHERE id = #{id}""";

    private static final String TICKETS_FOR_DESK = """
            SELECT source, ticket_number, state, state_reason, confidential, sign_for_due_at, reply_due_at, created_at,
                   updated_at, evaluation, evaluation_comment, evaluated_at, reopen_count
              FROM hotline_ticket WHERE case_id = #{caseId} ORDER BY id""";

    private static final String EVENT = """
            INSERT INTO case_event (case_id, at, actor, kind, detail) VALUES (#{caseId}, #{now}, #{actor}, #{kind}, #{detail})""";

    /**
     * A ticket and the case it lives in.
     *
     * @param reopens how often the platform sent the ticket back after our reply (each round gets its own reply)
     */
    public record Ticket(long id, String source, String ticketNumber, long caseId, String state, String reference,
                         String caseStatus, int reopens) {
    }

    public Future<Optional<Ticket>> find(SqlClient client, String source, String ticket) {
        return SqlTemplate.forQuery(client, FIND_TICKET).mapTo(HotlineStore::ticket)
                .execute(Map.of("source", source, "ticket", ticket))
                .map(rows -> rows.iterator().hasNext() ? Optional.of(rows.iterator().next()) : Optional.empty());
    }

    /** Records which case a ticket lives in; a ticket already recorded keeps its case. */
    public Future<Void> insert(SqlClient client, String source, String ticket, long caseId, boolean confidential,
                               Instant signForBy, Instant replyBy, Instant now) {
        Map<String, Object> p = new HashMap<>();
        p.put("source", source);
        p.put("ticket", ticket);
        p.put("caseId", caseId);
        p.put("confidential", confidential);
        p.put("signForBy", SqlTime.utc(signForBy));
        p.put("replyBy", SqlTime.utc(replyBy));
        p.put("now", SqlTime.utc(now));
        return SqlTemplate.forUpdate(client, INSERT_TICKET).execute(p).mapEmpty();
    }

    /** The tickets of a case, locked so concurrent desk actions on it queue up behind each other. */
    public Future<List<Ticket>> ticketsOfCase(SqlClient client, long caseId) {
        return SqlTemplate.forQuery(client, TICKETS_OF_CASE).mapTo(HotlineStore::ticket)
                .execute(Map.of("caseId", caseId))
                .map(rows -> {
                    List<Ticket> out = new ArrayList<>();
                    rows.forEach(out::add);
                    return out;
                });
    }

    public Future<Void> setState(SqlClient client, long ticketId, String state, String reason, Instant now) {
        Map<String, Object> p = new HashMap<>();
        p.put("id", ticketId);
        p.put("state", state);
        p.put("reason", reason);
        p.put("now", SqlTime.utc(now));
        return SqlTemplate.forUpdate(client, SET_STATE).execute(p).mapEmpty();
    }

    public Future<Void> redispatch(SqlClient client, Ticket ticket, String reason, Instant signForBy, Instant replyBy,
                                   Instant now) {
        Map<String, Object> p = new HashMap<>();
        p.put("id", ticket.id());
        p.put("caseId", ticket.caseId());
        p.put("reason", reason);
        p.put("signForBy", SqlTime.utc(signForBy));
        p.put("replyBy", SqlTime.utc(replyBy));
        p.put("now", SqlTime.utc(now));
        return SqlTemplate.forUpdate(client, REDISPATCH).execute(p).mapEmpty();
    }

    public Future<Void> revoke(SqlClient client, Ticket ticket, String reason, String actor, Instant now) {
        Map<String, Object> p = new HashMap<>();
        p.put("id", ticket.id());
        p.put("caseId", ticket.caseId());
        p.put("ticket", ticket.ticketNumber());
        p.put("reason", reason);
        p.put("actor", actor);
        p.put("now", SqlTime.utc(now));
        return SqlTemplate.forUpdate(client, REVOKE).execute(p).mapEmpty();
    }

    /** Stores the platform's 回访 verdict on the ticket; {@code reopens} sends the ticket back to us. */
    public Future<Void> evaluate(SqlClient client, long ticketId, String verdict, String comment, boolean reopens,
                                 Instant now) {
        Map<String, Object> p = new HashMap<>();
        p.put("id", ticketId);
        p.put("verdict", verdict);
        p.put("comment", comment);
        p.put("reopens", reopens);
        p.put("now", SqlTime.utc(now));
        return SqlTemplate.forUpdate(client, EVALUATE).execute(p).mapEmpty();
    }

    /** Adds an entry to the case history (an urge, a callback queued). */
    public Future<Void> event(SqlClient client, long caseId, String actor, String kind, JsonObject detail, Instant now) {
        Map<String, Object> p = new HashMap<>();
        p.put("caseId", caseId);
        p.put("actor", actor);
        p.put("kind", kind);
        p.put("detail", detail);
        p.put("now", SqlTime.utc(now));
        return SqlTemplate.forUpdate(client, EVENT).execute(p).mapEmpty();
    }

    /** The tickets of a case as the desk API shows them: deadlines and where the platform conversation stands. */
    public static Future<JsonArray> ticketsJson(SqlClient client, long caseId) {
        return SqlTemplate.forQuery(client, TICKETS_FOR_DESK).execute(Map.of("caseId", caseId)).map(rows -> {
            JsonArray out = new JsonArray();
            rows.forEach(r -> out.add(new JsonObject()
                    .put("source", r.getString("source"))
                    .put("ticketNumber", r.getString("ticket_number"))
                    .put("state", r.getString("state"))
                    .put("stateReason", r.getString("state_reason"))
                    .put("confidential", r.getBoolean("confidential"))
                    .put("signForDueAt", instant(r.getOffsetDateTime("sign_for_due_at")))
                    .put("replyDueAt", instant(r.getOffsetDateTime("reply_due_at")))
                    .put("receivedAt", instant(r.getOffsetDateTime("created_at")))
                    .put("updatedAt", instant(r.getOffsetDateTime("updated_at")))
                    .put("evaluation", r.getString("evaluation"))
                    .put("evaluationComment", r.getString("evaluation_comment"))
                    .put("evaluatedAt", instant(r.getOffsetDateTime("evaluated_at")))
                    .put("reopens", r.getInteger("reopen_count"))));
            return out;
        });
    }

    private static String instant(java.time.OffsetDateTime t) {
        return t == null ? null : t.toInstant().toString();
    }

    private static Ticket ticket(Row r) {
        return new Ticket(r.getLong("id"), r.getString("source"), r.getString("ticket_number"), r.getLong("case_id"),
                r.getString("state"), r.getString("reference"), r.getString("status"), r.getInteger("reopen_count"));
    }
}
