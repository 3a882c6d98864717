package dev.shouli.feature.console;

import dev.shouli.core.db.SqlTime;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The console dashboard's figures for a period: cases by dimension, deadlines met and breached, growing incidents. */
final class DashboardStore {

    /** Channels count per source kind: every hotline platform as "hotline". */
    private static final String BY = """
            SELECT %s AS label, count(*) AS n FROM complaint_case
             WHERE received_at >= $1 AND status <> 'merged'
             GROUP BY 1 ORDER BY n DESC, label LIMIT $2""";

    private static final String TOTALS = """
            SELECT count(*) AS received,
                   count(*) FILTER (WHERE status IN ('new', 'acknowledged', 'in_progress')) AS open
              FROM complaint_case WHERE received_at >= $1 AND status <> 'merged'""";

    private static final String SLA = """
            SELECT kind AS label,
                   count(*) FILTER (WHERE state = 'met' AND met_at >= $1 AND (breached_at IS NULL)) AS met,
                   count(*) FILTER (WHERE breached_at >= $1) AS breached
              FROM sla_deadline
             WHERE met_at >= $1 OR breached_at >= $1
             GROUP BY kind ORDER BY kind""";

    /** Incidents that gained cases in the last day, fastest-growing first. */
    private static final String GROWING = """
            SELECT i.id, i.title, i.respondent, i.place, i.case_count, count(d.case_id) AS recent
              FROM incident i JOIN incident_member m ON m.incident_id = i.id
              JOIN dedup_case d ON d.case_id = m.case_id
             WHERE i.last_at >= $1 AND d.received_at >= $1
             GROUP BY i.id ORDER BY recent DESC, i.last_at DESC LIMIT 8""";

    public record Count(String label, long n) {
    }

    public record SlaCount(String kind, long met, long breached) {
    }

    public record Growing(long id, String title, String respondent, String place, int caseCount, long recent) {
    }

    private final Pool pool;

    public DashboardStore(Pool pool) {
        this.pool = pool;
    }

    /** @param dimension channel, kind, respondent or category */
    public Future<List<Count>> by(String dimension, Instant since, int limit) {
        String expression = switch (dimension) {
            case "channel" -> "split_part(channel, ':', 1)";
            case "kind" -> "kind";
            case "respondent" -> "coalesce(nullif(respondent_name, ''), '—')";
            case "category" -> "coalesce(nullif(category, ''), '—')";
            default -> throw new IllegalArgumentException(dimension);
        };
        return pool.preparedQuery(BY.formatted(expression)).execute(Tuple.of(SqlTime.utc(since), limit))
                .map(rows -> {
                    List<Count> out = new ArrayList<>();
                    rows.forEach(r -> out.add(new Count(r.getString("label"), r.getLong("n"))));
                    return out;
                });
    }

    /** Received and still open in the period. */
    public Future<long[]> totals(Instant since) {
        return pool.preparedQuery(TOTALS).execute(Tuple.of(SqlTime.utc(since))).map(rows -> {
            Row r = rows.iterator().next();
            return new long[] {r.getLong("received"), r.getLong("open")};
        });
    }

    public Future<List<SlaCount>> sla(Instant since) {
        return pool.preparedQuery(SLA).execute(Tuple.of(SqlTime.utc(since))).map(rows -> {
            List<SlaCount> out = new ArrayList<>();
            rows.forEach(r -> out.add(new SlaCount(r.getString("label"), r.getLong("met"), r.getLong("breached"))));
            return out;
        });
    }

    public Future<List<Growing>> growing(Instant since) {
        return pool.preparedQuery(GROWING).execute(Tuple.of(SqlTime.utc(since))).map(rows -> {
            List<Growing> out = new ArrayList<>();
            rows.forEach(r -> out.add(new Growing(r.getLong("id"), r.getString("title"), r.getString("respondent"),
                    r.getString("place"), r.getInteger("case_count"), r.getLong("recent"))));
            return out;
        });
    }
}
