package dev.shouli.core.cases;

import dev.shouli.core.db.SqlTime;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.templates.SqlTemplate;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** The writes of a desk action: lock the case, change it, record who did what in its history. */
public final class CaseActionStore {

    /** Locks the case row, so two desk actions on one case run one after the other. */
    private static final String LOCK_CASE = """
            SELECT id, reference, status, channel, kind, urgency, assignee, waiting_since
              FROM complaint_case WHERE reference = #{reference} FOR UPDATE""";

    private static final String UPDATE_CASE = """
            UPDATE complaint_case SET status = #{status}, assignee = #{assignee}, waiting_since = #{waitingSince},
                   updated_at = #{now}
             WHERE id = #{id}""";

    private static final String INSERT_EVENT = """
            INSERT INTO case_event (case_id, at, actor, kind, detail)
            VALUES (#{caseId}, #{at}, #{actor}, #{kind}, #{detail})""";

    /** The case as an action sees it. */
    public record LockedCase(long id, String reference, String status, String channel, String kind, String urgency,
                             String assignee, Instant waitingSince) {
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

    private static LockedCase lockedCase(Row r) {
        OffsetDateTime waiting = r.getOffsetDateTime("waiting_since");
        return new LockedCase(r.getLong("id"), r.getString("reference"), r.getString("status"),
                r.getString("channel"), r.getString("kind"), r.getString("urgency"), r.getString("assignee"),
                waiting == null ? null : waiting.toInstant());
    }
}
