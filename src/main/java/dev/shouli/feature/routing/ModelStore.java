package dev.shouli.feature.routing;

import dev.shouli.core.db.SqlTime;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Classifier versions, which one is active and which runs in shadow, and what the shadow would have decided. */
final class ModelStore {

    private static final String INSERT = """
            INSERT INTO routing_model (state, source, examples, categories, metrics, model, created_at, created_by)
            VALUES ('trained', $1, $2, $3, $4, $5, $6, $7) RETURNING version""";

    private static final String LIVE = "SELECT version, state FROM routing_model WHERE state IN ('active', 'shadow')";

    private static final String BYTES = "SELECT model FROM routing_model WHERE version = $1";

    private static final String LOCK = "SELECT version, state FROM routing_model WHERE version = $1 FOR UPDATE";

    /** The one in that state steps down first, so the unique indexes never see two. */
    private static final String STEP_DOWN = "UPDATE routing_model SET state = $2 WHERE state = $1 AND version <> $3";

    private static final String SET_STATE = """
            UPDATE routing_model SET state = $2,
                   activated_at = CASE WHEN $2 = 'active' THEN $3 ELSE activated_at END
             WHERE version = $1""";

    private static final String LIST = """
            SELECT m.version, m.state, m.source, m.examples, m.categories, m.metrics, m.created_at, m.created_by,
                   m.activated_at, octet_length(m.model) AS bytes,
                   s.compared, s.agreed, s.decided, s.active_decided
              FROM routing_model m
              LEFT JOIN (SELECT version, count(*) AS compared,
                                count(*) FILTER (WHERE decided AND active_decided AND category = active_category) AS agreed,
                                count(*) FILTER (WHERE decided) AS decided,
                                count(*) FILTER (WHERE active_decided) AS active_decided
                           FROM routing_shadow GROUP BY version) s ON s.version = m.version
             ORDER BY m.version DESC""";

    private static final String SHADOW = """
            INSERT INTO routing_shadow (version, case_id, category, confidence, decided, active_category, active_decided, at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT DO NOTHING""";

    Future<Integer> insert(SqlClient client, String source, int examples, List<String> categories, JsonObject metrics,
                           byte[] model, String actor, Instant at) {
        return client.preparedQuery(INSERT).execute(Tuple.of(source, examples, categories.toArray(String[]::new),
                        metrics, Buffer.buffer(model), SqlTime.utc(at), actor))
                .map(rows -> rows.iterator().next().getInteger("version"));
    }

    /** The active version and the shadow version, each absent when there is none. */
    record Live(Optional<Integer> active, Optional<Integer> shadow) {
    }

    Future<Live> live(SqlClient client) {
        return client.query(LIVE).execute().map(rows -> {
            Integer active = null;
            Integer shadow = null;
            for (Row r : rows) {
                if ("active".equals(r.getString("state"))) {
                    active = r.getInteger("version");
                } else {
                    shadow = r.getInteger("version");
                }
            }
            return new Live(Optional.ofNullable(active), Optional.ofNullable(shadow));
        });
    }

    Future<byte[]> bytes(SqlClient client, int version) {
        return client.preparedQuery(BYTES).execute(Tuple.of(version))
                .map(rows -> rows.iterator().next().getBuffer("model").getBytes());
    }

    /** @return the version's state, empty when there is no such version */
    Future<Optional<String>> lock(SqlClient client, int version) {
        return client.preparedQuery(LOCK).execute(Tuple.of(version)).map(rows -> rows.iterator().hasNext()
                ? Optional.of(rows.iterator().next().getString("state")) : Optional.empty());
    }

    /** Makes {@code version} the one in {@code state} (active or shadow); the one there before steps down. */
    Future<Void> promote(SqlClient client, int version, String state, Instant at) {
        String before = "active".equals(state) ? "retired" : "trained";
        return client.preparedQuery(STEP_DOWN).execute(Tuple.of(state, before, version))
                .compose(v -> client.preparedQuery(SET_STATE).execute(Tuple.of(version, state, SqlTime.utc(at))))
                .mapEmpty();
    }

    Future<List<JsonObject>> list(SqlClient client) {
        return client.query(LIST).execute().map(rows -> {
            List<JsonObject> out = new ArrayList<>();
            for (Row r : rows) {
                JsonObject v = new JsonObject()
                        .put("version", r.getInteger("version"))
                        .put("state", r.getString("state"))
                        .put("source", r.getString("source"))
                        .put("examples", r.getInteger("examples"))
                        .put("categories", new JsonArray(List.of(r.getArrayOfStrings("categories"))))
                        .put("metrics", r.getJsonObject("metrics"))
                        .put("bytes", r.getInteger("bytes"))
                        .put("createdAt", RoutingStore.instant(r, "created_at").toString())
                        .put("createdBy", r.getString("created_by"));
                Instant activated = RoutingStore.instant(r, "activated_at");
                v.put("activatedAt", activated == null ? null : activated.toString());
                Long compared = r.getLong("compared");
                if (compared != null) {
                    v.put("shadow", new JsonObject().put("cases", compared).put("agreed", r.getLong("agreed"))
                            .put("decided", r.getLong("decided")).put("activeDecided", r.getLong("active_decided")));
                }
                out.add(v);
            }
            return out;
        });
    }

    Future<Void> shadow(SqlClient client, int version, long caseId, ClassifierModel.Prediction p,
                        String activeCategory, Boolean activeDecided, Instant at) {
        return client.preparedQuery(SHADOW).execute(Tuple.tuple().addInteger(version).addLong(caseId)
                .addString(p.top().category()).addDouble(p.top().confidence()).addBoolean(p.decided())
                .addString(activeCategory).addValue(activeDecided).addValue(SqlTime.utc(at))).mapEmpty();
    }
}
