package dev.shouli.feature.routing;

import dev.shouli.core.db.SqlTime;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Rule sets activated in the console, and the latest routed cases a draft is dry-run on. */
final class RuleSetStore {

    private static final String ACTIVE = "SELECT version, document FROM routing_rule_set WHERE state = 'active'";

    private static final String RETIRE = "UPDATE routing_rule_set SET state = 'retired' WHERE state = 'active'";

    private static final String ACTIVATE = """
            INSERT INTO routing_rule_set (document, state, created_at, created_by) VALUES ($1, 'active', $2, $3)
            RETURNING version""";

    private static final String HISTORY = """
            SELECT version, state, created_at, created_by FROM routing_rule_set ORDER BY version DESC LIMIT 20""";

    private static final String SERIALISE = "SELECT pg_advisory_xact_lock(hashtextextended('shouli:rule-set', 0))";

    /** The latest routed cases, with what their classification was made of. */
    private static final String RECENT = "SELECT " + RoutingStore.CASE_COLUMNS + """
                   , r.unit, r.rule, r.source_category, r.model_category, r.model_decided
              FROM routing_case r JOIN complaint_case c ON c.id = r.case_id
             ORDER BY r.routed_at DESC, r.case_id DESC
             LIMIT $1""";

    /** A stored rule set. */
    record Stored(int version, String document) {
    }

    /** A routed case as a dry run sees it. */
    record Recent(RoutingStore.Queued record, String unit, String rule, String sourceCategory, String modelCategory,
                  boolean modelDecided) {
    }

    Future<Optional<Stored>> active(SqlClient client) {
        return client.query(ACTIVE).execute().map(rows -> rows.iterator().hasNext()
                ? Optional.of(stored(rows.iterator().next())) : Optional.empty());
    }

    private static Stored stored(Row r) {
        return new Stored(r.getInteger("version"), r.getString("document"));
    }

    /** Stores {@code document} as the active set; the one before retires. @return its version */
    Future<Integer> activate(SqlClient client, String document, String actor, Instant at) {
        return client.query(SERIALISE).execute()
                .compose(v -> client.query(RETIRE).execute())
                .compose(v -> client.preparedQuery(ACTIVATE).execute(Tuple.of(document, SqlTime.utc(at), actor)))
                .map(rows -> rows.iterator().next().getInteger("version"));
    }

    Future<List<JsonObject>> history(SqlClient client) {
        return client.query(HISTORY).execute().map(rows -> {
            List<JsonObject> out = new ArrayList<>();
            rows.forEach(r -> out.add(new JsonObject().put("version", r.getInteger("version"))
                    .put("state", r.getString("state"))
                    .put("createdAt", RoutingStore.instant(r, "created_at").toString())
                    .put("createdBy", r.getString("created_by"))));
            return out;
        });
    }

    Future<List<Recent>> recent(SqlClient client, int limit) {
        return client.preparedQuery(RECENT).execute(Tuple.of(limit)).map(rows -> {
            List<Recent> out = new ArrayList<>();
            for (Row r : rows) {
                RoutingStore.Queued record = RoutingStore.queued(r, null, null, r.getString("unit"));
                out.add(new Recent(record, r.getString("unit"), r.getString("rule"), r.getString("source_category"),
                        r.getString("model_category"), Boolean.TRUE.equals(r.getBoolean("model_decided"))));
            }
            return out;
        });
    }
}
