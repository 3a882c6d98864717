package dev.shouli.feature.routing;

import dev.shouli.core.db.SqlTime;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The members of units, in rotation order, and whom each unit assigned last. */
final class MemberStore {

    private static final String MEMBERS = """
            SELECT unit, username, position, calendar, absent FROM routing_member
             WHERE unit = ANY($1) ORDER BY unit, position, username""";

    private static final String ADD = """
            INSERT INTO routing_member (unit, username, position, calendar, absent, added_at, added_by)
            VALUES ($1, $2, (SELECT COALESCE(max(position), 0) + 1 FROM routing_member WHERE unit = $1), $3, false,
                    $4, $5)
            ON CONFLICT (unit, username) DO NOTHING""";

    private static final String UPDATE = "UPDATE routing_member SET calendar = $3, absent = $4 WHERE unit = $1 AND username = $2";

    private static final String REMOVE = "DELETE FROM routing_member WHERE unit = $1 AND username = $2";

    private static final String ROTATIONS = "SELECT unit, last_assignee FROM routing_rotation WHERE unit = ANY($1)";

    private static final String ROTATE = """
            INSERT INTO routing_rotation (unit, last_assignee, assigned) VALUES ($1, $2, 1)
            ON CONFLICT (unit) DO UPDATE SET last_assignee = EXCLUDED.last_assignee,
                assigned = routing_rotation.assigned + 1""";

    /** Open cases per person, wherever they came from: "fewest open cases" counts a person's whole load. */
    private static final String OPEN_CASES = """
            SELECT assignee, count(*) AS open FROM complaint_case
             WHERE assignee = ANY($1) AND status IN ('new', 'acknowledged', 'in_progress')
             GROUP BY assignee""";

    /**
     * @param calendar the business calendar the member is on duty on; null: the unit's
     * @param absent   away (leave, sick): skipped whatever the calendar says
     */
    record Member(String unit, String username, int position, String calendar, boolean absent) {
    }

    Future<List<Member>> members(SqlClient client, List<String> units) {
        return client.preparedQuery(MEMBERS).execute(Tuple.of(units.toArray(String[]::new))).map(rows -> {
            List<Member> out = new ArrayList<>();
            rows.forEach(r -> out.add(new Member(r.getString("unit"), r.getString("username"),
                    r.getInteger("position"), r.getString("calendar"), r.getBoolean("absent"))));
            return out;
        });
    }

    /** @return whether the person was added (false: already a member) */
    Future<Boolean> add(SqlClient client, String unit, String username, String calendar, String actor, Instant at) {
        return client.preparedQuery(ADD).execute(Tuple.of(unit, username, calendar, SqlTime.utc(at), actor))
                .map(rows -> rows.rowCount() == 1);
    }

    Future<Boolean> update(SqlClient client, String unit, String username, String calendar, boolean absent) {
        return client.preparedQuery(UPDATE).execute(Tuple.of(unit, username, calendar, absent))
                .map(rows -> rows.rowCount() == 1);
    }

    Future<Boolean> remove(SqlClient client, String unit, String username) {
        return client.preparedQuery(REMOVE).execute(Tuple.of(unit, username)).map(rows -> rows.rowCount() == 1);
    }

    /** Unit → whom it assigned last. */
    Future<Map<String, String>> lastAssigned(SqlClient client, List<String> units) {
        return client.preparedQuery(ROTATIONS).execute(Tuple.of(units.toArray(String[]::new))).map(rows -> {
            Map<String, String> out = new HashMap<>();
            rows.forEach(r -> out.put(r.getString("unit"), r.getString("last_assignee")));
            return out;
        });
    }

    Future<Void> rotate(SqlClient client, String unit, String assignee) {
        return client.preparedQuery(ROTATE).execute(Tuple.of(unit, assignee)).mapEmpty();
    }

    Future<Map<String, Integer>> openCases(SqlClient client, List<String> usernames) {
        return client.preparedQuery(OPEN_CASES).execute(Tuple.of(usernames.toArray(String[]::new))).map(rows -> {
            Map<String, Integer> out = new HashMap<>();
            rows.forEach(r -> out.put(r.getString("assignee"), r.getLong("open").intValue()));
            return out;
        });
    }
}
