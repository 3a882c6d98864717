package dev.shouli.feature.routing;

import dev.shouli.core.db.SqlTime;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The counts of the per-unit report, from the dispatches of a period. */
final class RoutingReportStore {

    private static final String DISPATCHES = """
            SELECT d.unit, COALESCE(d.category, '') AS category, count(*) AS received,
                   count(*) FILTER (WHERE d.ended IS NULL AND c.status IN ('resolved', 'closed')) AS handled,
                   count(*) FILTER (WHERE d.ended = 'returned') AS returned,
                   count(*) FILTER (WHERE d.ended = 'transferred') AS transferred,
                   count(*) FILTER (WHERE d.first) AS first,
                   count(*) FILTER (WHERE d.first AND d.ended IS DISTINCT FROM 'returned') AS first_kept
              FROM routing_dispatch d JOIN complaint_case c ON c.id = d.case_id
             WHERE d.at >= $1 AND d.at < $2
             GROUP BY d.unit, COALESCE(d.category, '')
             ORDER BY d.unit, COALESCE(d.category, '')""";

    private static final String REASONS = """
            SELECT unit, reason_code, count(*) AS n FROM routing_dispatch
             WHERE ended = 'returned' AND at >= $1 AND at < $2
             GROUP BY unit, reason_code""";

    /** Cases that came to triage in the period (routed there, or returned), and triage now. */
    private static final String TRIAGE = """
            SELECT (SELECT count(*) FROM routing_case r
                     WHERE r.routed_at >= $1 AND r.routed_at < $2
                       AND NOT EXISTS (SELECT 1 FROM routing_dispatch d WHERE d.case_id = r.case_id
                                        AND d.how = 'rule' AND d.at = r.routed_at)) AS routed_to_triage,
                   (SELECT count(*) FROM routing_dispatch WHERE ended = 'returned' AND ended_at >= $1
                       AND ended_at < $2) AS returned_to_triage,
                   (SELECT count(*) FROM routing_case r JOIN complaint_case c ON c.id = r.case_id
                     WHERE r.state = 'triage' AND c.status IN ('new', 'acknowledged', 'in_progress')) AS waiting,
                   (SELECT count(*) FROM routing_case r JOIN complaint_case c ON c.id = r.case_id
                     WHERE r.state = 'triage' AND c.status IN ('new', 'acknowledged', 'in_progress')
                       AND r.due_at < $3) AS overdue""";

    record Row(String unit, String category, long received, long handled, long returned, long transferred,
               long first, long firstKept) {
    }

    Future<List<Row>> dispatches(SqlClient client, Instant from, Instant until) {
        return client.preparedQuery(DISPATCHES).execute(Tuple.of(SqlTime.utc(from), SqlTime.utc(until))).map(rows -> {
            List<Row> out = new ArrayList<>();
            rows.forEach(r -> out.add(new Row(r.getString("unit"), r.getString("category"), r.getLong("received"),
                    r.getLong("handled"), r.getLong("returned"), r.getLong("transferred"), r.getLong("first"),
                    r.getLong("first_kept"))));
            return out;
        });
    }

    Future<Map<String, Map<String, Long>>> returnReasons(SqlClient client, Instant from, Instant until) {
        return client.preparedQuery(REASONS).execute(Tuple.of(SqlTime.utc(from), SqlTime.utc(until))).map(rows -> {
            Map<String, Map<String, Long>> out = new HashMap<>();
            rows.forEach(r -> out.computeIfAbsent(r.getString("unit"), u -> new HashMap<>())
                    .put(r.getString("reason_code"), r.getLong("n")));
            return out;
        });
    }

    Future<JsonObject> triage(SqlClient client, Instant from, Instant until, Instant now) {
        return client.preparedQuery(TRIAGE).execute(Tuple.of(SqlTime.utc(from), SqlTime.utc(until), SqlTime.utc(now)))
                .map(rows -> {
                    var r = rows.iterator().next();
                    return new JsonObject()
                            .put("routedToTriage", r.getLong("routed_to_triage"))
                            .put("returnedToTriage", r.getLong("returned_to_triage"))
                            .put("waiting", r.getLong("waiting"))
                            .put("overdue", r.getLong("overdue"));
                });
    }
}
