package dev.shouli.core.cases;

import dev.shouli.core.db.FeedPosition;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.templates.SqlTemplate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The desk event feed: the case history read in commit-safe order (see {@link FeedPosition}), for the SSE
 * stream and the webhook relay, plus the relay's stored read positions.
 */
public final class CaseFeedStore {

    private static final String AFTER = """
            SELECT e.id, e.tx::text AS tx, e.case_id, e.at, e.actor, e.kind, e.detail, c.reference, c.status
              FROM case_event e JOIN complaint_case c ON c.id = e.case_id
             WHERE (e.tx, e.id) > (#{tx}::text::xid8, #{id})
               AND e.tx < pg_snapshot_xmin(pg_current_snapshot())
             ORDER BY e.tx, e.id
             LIMIT #{limit}""";

    /** Where "from now on" starts: every later event belongs to a transaction not finished yet. */
    private static final String HEAD = "SELECT pg_snapshot_xmin(pg_current_snapshot())::text AS tx";

    private static final String CREATE_CURSOR = """
            INSERT INTO desk_feed_cursor (consumer, tx, event_id)
            VALUES (#{consumer}, pg_snapshot_xmin(pg_current_snapshot()), 0)
            ON CONFLICT (consumer) DO NOTHING""";

    /** SKIP LOCKED: while one instance relays for a consumer, the others leave it alone. */
    private static final String LOCK_CURSOR = """
            SELECT tx::text AS tx, event_id FROM desk_feed_cursor WHERE consumer = #{consumer}
               FOR UPDATE SKIP LOCKED""";

    private static final String MOVE_CURSOR = """
            UPDATE desk_feed_cursor SET tx = #{tx}::text::xid8, event_id = #{id} WHERE consumer = #{consumer}""";

    /** One event as desks receive it; {@code caseId} stays inside the gateway. */
    public record FeedEvent(FeedPosition position, long caseId, JsonObject json) {
    }

    public Future<FeedPosition> head(SqlClient client) {
        return client.query(HEAD).execute().map(rows -> new FeedPosition(rows.iterator().next().getString("tx"), 0));
    }

    public Future<List<FeedEvent>> after(SqlClient client, FeedPosition position, int limit) {
        return SqlTemplate.forQuery(client, AFTER)
                .mapTo(CaseFeedStore::event)
                .execute(Map.of("tx", position.tx(), "id", position.id(), "limit", limit))
                .map(rows -> {
                    List<FeedEvent> out = new ArrayList<>();
                    rows.forEach(out::add);
                    return out;
                });
    }

    /** Locks the consumer's position (created at the current head the first time); empty if another has it. */
    public Future<Optional<FeedPosition>> lockCursor(SqlClient client, String consumer) {
        return SqlTemplate.forUpdate(client, CREATE_CURSOR).execute(Map.of("consumer", consumer))
                .compose(v -> SqlTemplate.forQuery(client, LOCK_CURSOR).execute(Map.of("consumer", consumer)))
                .map(rows -> rows.iterator().hasNext()
                        ? Optional.of(new FeedPosition(rows.iterator().next().getString("tx"),
                                rows.iterator().next().getLong("event_id")))
                        : Optional.empty());
    }

    public Future<Void> moveCursor(SqlClient client, String consumer, FeedPosition position) {
        return SqlTemplate.forUpdate(client, MOVE_CURSOR)
                .execute(Map.of("consumer", consumer, "tx", position.tx(), "id", position.id()))
                .mapEmpty();
    }

    private static FeedEvent event(Row r) {
        FeedPosition position = new FeedPosition(r.getString("tx"), r.getLong("id"));
        JsonObject json = new JsonObject()
                .put("id", position.encode())
                .put("reference", r.getString("reference"))
                .put("kind", r.getString("kind"))
                .put("at", r.getOffsetDateTime("at").toInstant().toString())
                .put("actor", r.getString("actor"))
                .put("status", r.getString("status"))
                .put("detail", r.getJsonObject("detail"));
        return new FeedEvent(position, r.getLong("case_id"), json);
    }
}
