package dev.shouli.core.cases;

import dev.shouli.core.db.SqlTime;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import io.vertx.sqlclient.templates.SqlTemplate;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The writes of a desk action: lock the case, change it, record who did what in its history. */
public final class CaseActionStore {

    /** Locks the case row, so two desk actions on one case run one after the other. */
    private static final String LOCK_CASE = """
            SELECT id, reference, status, channel, kind, urgency, assignee, waiting_since, language, received_at,
                   complainant ->> 'name' AS name, complainant_email, complainant_phone, respondent_name
              FROM complaint_case WHERE reference = #{reference} FOR UPDATE""";

    /** An action recorded on the case under this request key (a double submit, a batch's second run). */
    private static final String BY_REQUEST_KEY = """
            SELECT kind, at, actor FROM case_event
             WHERE case_id = $1 AND detail -> 'parameters' ->> 'requestKey' = $2
             ORDER BY id LIMIT 1""";

    private static final String UPDATE_CASE = """
            UPDATE complaint_case SET status = #{status}, assignee = #{assignee}, waiting_since = #{waitingSince},
                   updated_at = #{now}
             WHERE id = #{id}""";

    private static final String INSERT_EVENT = """
            INSERT INTO case_event (case_id, at, actor, kind, detail)
            VALUES (#{caseId}, #{at}, #{actor}, #{kind}, #{detail})""";

    /** Many entries in one statement, in the order given (the event feed reads them by id). */
    private static final String INSERT_EVENTS = """
            INSERT INTO case_event (case_id, at, actor, kind, detail)
            SELECT e.case_id, e.at, e.actor, e.kind, e.detail::jsonb
              FROM unnest($1::bigint[], $2::timestamptz[], $3::text[], $4::text[], $5::text[]) WITH ORDINALITY
                   AS e (case_id, at, actor, kind, detail, n)
             ORDER BY e.n""";

    /** The case as an action sees it: its state, and whom its words go to (name, contacts, language). */
    public record LockedCase(long id, String reference, String status, String channel, String kind, String urgency,
                             String assignee, Instant waitingSince, String language, String name, String email,
                             String phone, String respondent, Instant receivedAt) {
    }

    /** An action already recorded under a request key: which, when, by whom. */
    public record Recorded(String kind, Instant at, String actor) {
    }

    public Future<Optional<LockedCase>> lock(SqlClient client, String reference) {
        return SqlTemplate.forQuery(client, LOCK_CASE)
                .mapTo(CaseActionStore::lockedCase)
                .execute(Map.of("reference", reference))
                .map(rows -> rows.iterator().hasNext() ? Optional.of(rows.iterator().next()) : Optional.empty());
    }

    public Future<Void> update(SqlClient client, long id, String status, String assignee, Instant waitingSince,
                               Instant now) {
        Map<String, Object> p = new HashMap<>();
        p.put("id", id);
        p.put("status", status);
        p.put("assignee", assignee);
        p.put("waitingSince", SqlTime.utc(waitingSince));
        p.put("now", SqlTime.utc(now));
        return SqlTemplate.forUpdate(client, UPDATE_CASE).execute(p).mapEmpty();
    }

    /** Appends to the case history (and so to the desk event feed). */
    public static Future<Void> recordEvent(SqlClient client, long caseId, Instant at, String actor, String kind,
                                           JsonObject detail) {
        Map<String, Object> p = new HashMap<>();
        p.put("caseId", caseId);
        p.put("at", SqlTime.utc(at));
        p.put("actor", actor);
        p.put("kind", kind);
        p.put("detail", detail);
        return SqlTemplate.forUpdate(client, INSERT_EVENT).execute(p).mapEmpty();
    }

    /** An entry for a case's history, written with others by {@link #recordEvents}. */
    public record NewEvent(long caseId, Instant at, String actor, String kind, JsonObject detail) {
    }

    /**
     * Appends many entries at once, in their order: what a background job decided for a batch of cases is one
     * statement, not one a case (each statement costs PostgreSQL and the gateway more than the row it writes).
     */
    public static Future<Void> recordEvents(SqlClient client, List<NewEvent> events) {
        if (events.isEmpty()) {
            return Future.succeededFuture();
        }
        int n = events.size();
        Long[] caseIds = new Long[n];
        OffsetDateTime[] at = new OffsetDateTime[n];
        String[] actors = new String[n];
        String[] kinds = new String[n];
        String[] details = new String[n];
        for (int i = 0; i < n; i++) {
            NewEvent e = events.get(i);
            caseIds[i] = e.caseId();
            at[i] = SqlTime.utc(e.at());
            actors[i] = e.actor();
            kinds[i] = e.kind();
            details[i] = e.detail() == null ? null : e.detail().encode();
        }
        return client.preparedQuery(INSERT_EVENTS)
                .execute(Tuple.of(caseIds, at, actors, kinds, details))
                .mapEmpty();
    }

    /** The action recorded on the case under {@code requestKey}, if any. */
    public Future<Optional<Recorded>> byRequestKey(SqlClient client, long caseId, String requestKey) {
        return client.preparedQuery(BY_REQUEST_KEY).execute(Tuple.of(caseId, requestKey))
                .map(rows -> {
                    if (!rows.iterator().hasNext()) {
                        return Optional.empty();
                    }
                    Row r = rows.iterator().next();
                    return Optional.of(new Recorded(r.getString("kind"), r.getOffsetDateTime("at").toInstant(),
                            r.getString("actor")));
                });
    }

    private static LockedCase lockedCase(Row r) {
        OffsetDateTime waiting = r.getOffsetDateTime("waiting_since");
        return new LockedCase(r.getLong("id"), r.getString("reference"), r.getString("status"),
                r.getString("channel"), r.getString("kind"), r.getString("urgency"), r.getString("assignee"),
                waiting == null ? null : waiting.toInstant(), r.getString("language"), r.getString("name"),
                r.getString("complainant_email"), r.getString("complainant_phone"), r.getString("respondent_name"),
                r.getOffsetDateTime("received_at").toInstant());
    }
}
