package dev.shouli.feature.routing;

import dev.shouli.core.db.SqlTime;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** What the routing pages of the console list: open cases per unit, and the cases in one unit or in triage. */
final class RoutingPageStore {

    private static final String COUNTS = """
            SELECT r.unit, count(*) AS open, count(*) FILTER (WHERE c.assignee IS NULL) AS unassigned,
                   count(*) FILTER (WHERE r.due_at < $1) AS overdue
              FROM routing_case r JOIN complaint_case c ON c.id = r.case_id
             WHERE c.status IN ('new', 'acknowledged', 'in_progress')
             GROUP BY r.unit""";

    private static final String CASES_IN = """
            SELECT c.reference, c.subject, c.received_at, c.assignee, r.category, r.due_at, r.suggestions,
                   r.decided, r.category_source, r.classifier_version, r.confidence
              FROM routing_case r JOIN complaint_case c ON c.id = r.case_id
             WHERE r.unit = $1 AND c.status IN ('new', 'acknowledged', 'in_progress')
             ORDER BY r.due_at NULLS LAST, c.received_at
             LIMIT $2""";

    /** Open, unassigned and overdue cases per unit. */
    record Counts(long open, long unassigned, long overdue) {
    }

    Future<Map<String, Counts>> counts(SqlClient client, Instant now) {
        return client.preparedQuery(COUNTS).execute(Tuple.of(SqlTime.utc(now))).map(rows -> {
            Map<String, Counts> out = new HashMap<>();
            rows.forEach(r -> out.put(r.getString("unit"), new Counts(r.getLong("open"), r.getLong("unassigned"),
                    r.getLong("overdue"))));
            return out;
        });
    }

    /** The open cases of a unit, the most urgent first. */
    Future<List<JsonObject>> casesIn(SqlClient client, String unit, int limit) {
        return client.preparedQuery(CASES_IN).execute(Tuple.of(unit, limit)).map(rows -> {
            List<JsonObject> out = new ArrayList<>();
            rows.forEach(r -> {
                Object suggestions = r.getValue("suggestions");
                Instant due = RoutingStore.instant(r, "due_at");
                out.add(new JsonObject()
                        .put("reference", r.getString("reference"))
                        .put("subject", r.getString("subject"))
                        .put("receivedAt", RoutingStore.instant(r, "received_at").toString())
                        .put("assignee", r.getString("assignee"))
                        .put("category", r.getString("category"))
                        .put("dueAt", due == null ? null : due.toString())
                        .put("suggestions", suggestions instanceof JsonArray a ? a : new JsonArray())
                        .put("decided", r.getBoolean("decided"))
                        .put("categorySource", r.getString("category_source"))
                        .put("classifierVersion", r.getInteger("classifier_version"))
                        .put("confidence", r.getDouble("confidence")));
            });
            return out;
        });
    }
}
