package dev.shouli.feature.console;

import dev.shouli.core.db.SqlTime;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** What each desk user has on their desk now, and the deadlines broken in a range: the supervisor's view. */
final class WorkloadStore {

    /** Open cases per assignee (none: unassigned), how many are overdue, and how many each resolved in the range. */
    private static final String WORKLOAD = """
            WITH open AS (
                SELECT coalesce(c.assignee, '') AS assignee, count(*) AS open,
                       count(*) FILTER (WHERE EXISTS (SELECT 1 FROM sla_deadline d WHERE d.case_id = c.id
                                                        AND d.kind <> 'receipt' AND d.state = 'breached')) AS overdue,
                       count(*) FILTER (WHERE c.urgency = 'critical') AS critical
                  FROM complaint_case c
                 WHERE c.status IN ('new', 'acknowledged', 'in_progress')
                 GROUP BY 1),
            resolved AS (
                SELECT coalesce(c.assignee, '') AS assignee, count(DISTINCT e.case_id) AS resolved
                  FROM case_event e JOIN complaint_case c ON c.id = e.case_id
                 WHERE e.kind = 'resolve' AND e.at >= $1 AND e.at < $2
                 GROUP BY 1)
            SELECT nullif(coalesce(o.assignee, r.assignee), '') AS assignee,
                   coalesce(u.display_name, o.assignee, r.assignee) AS name,
                   coalesce(o.open, 0) AS open, coalesce(o.overdue, 0) AS overdue, coalesce(o.critical, 0) AS critical,
                   coalesce(r.resolved, 0) AS resolved
              FROM open o FULL JOIN resolved r ON r.assignee = o.assignee
              LEFT JOIN desk_user u ON u.username = coalesce(o.assignee, r.assignee)
             ORDER BY coalesce(o.open, 0) DESC, 2""";

    /** The desk deadlines broken in the range, latest first. */
    private static final String BREACHES = """
            SELECT c.reference, c.subject, c.status, c.urgency, coalesce(u.display_name, c.assignee) AS assignee,
                   d.kind, d.due_at, d.breached_at, d.state
              FROM sla_deadline d JOIN complaint_case c ON c.id = d.case_id
              LEFT JOIN desk_user u ON u.username = c.assignee
             WHERE d.breached_at >= $1 AND d.breached_at < $2 AND d.kind <> 'receipt'
             ORDER BY d.breached_at DESC
             LIMIT $3""";

    /** One desk user's load; {@code assignee} null for the unassigned cases. */
    record Load(String assignee, String name, long open, long overdue, long critical, long resolved) {
    }

    /** A broken deadline: its case, which clock, when it was due and broke, and its state now. */
    record Breach(String reference, String subject, String status, String urgency, String assignee, String kind,
                  Instant dueAt, Instant breachedAt, String state) {
    }

    private final Pool pool;

    WorkloadStore(Pool pool) {
        this.pool = pool;
    }

    Future<List<Load>> workload(Instant from, Instant until) {
        return pool.preparedQuery(WORKLOAD).execute(Tuple.of(SqlTime.utc(from), SqlTime.utc(until))).map(rows -> {
            List<Load> out = new ArrayList<>();
            rows.forEach(r -> out.add(new Load(r.getString("assignee"), r.getString("name"), r.getLong("open"),
                    r.getLong("overdue"), r.getLong("critical"), r.getLong("resolved"))));
            return out;
        });
    }

    Future<List<Breach>> breaches(Instant from, Instant until, int limit) {
        return pool.preparedQuery(BREACHES).execute(Tuple.of(SqlTime.utc(from), SqlTime.utc(until), limit)).map(rows -> {
            List<Breach> out = new ArrayList<>();
            rows.forEach(r -> out.add(new Breach(r.getString("reference"), r.getString("subject"), r.getString("status"),
                    r.getString("urgency"), r.getString("assignee"), r.getString("kind"), time(r, "due_at"),
                    time(r, "breached_at"), r.getString("state"))));
            return out;
        });
    }

    private static Instant time(Row r, String column) {
        var t = r.getOffsetDateTime(column);
        return t == null ? null : t.toInstant();
    }
}
