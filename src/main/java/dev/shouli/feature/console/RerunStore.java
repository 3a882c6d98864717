package dev.shouli.feature.console;

import dev.shouli.core.db.SqlTime;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Re-runs of quarantined submissions: who ran which one again, when, and what came of it. */
final class RerunStore {

    private static final String RECORD = """
            WITH rerun AS (
                INSERT INTO submission_rerun (original_id, rerun_submission_id, actor, at, outcome, reference, reason)
                SELECT $1, (SELECT id FROM submission WHERE channel = $2 AND external_id = $3), $4, $5, $6, $7, $8)
            INSERT INTO case_event (case_id, at, actor, kind, detail)
            SELECT id, $5, $4, 'rerun_from', jsonb_build_object('submissionId', $1::bigint, 'outcome', $6::text)
              FROM complaint_case WHERE reference = $7""";

    public record Rerun(String actor, Instant at, String outcome, String reference, String reason) {
    }

    private final Pool pool;

    public RerunStore(Pool pool) {
        this.pool = pool;
    }

    /** Records a re-run, and in the history of the case it made or joined (if any) where it came from. */
    public Future<Void> record(long originalId, String channel, String rerunKey, String actor, Instant at,
                               String outcome, String reference, String reason) {
        return pool.preparedQuery(RECORD)
                .execute(Tuple.of(originalId, channel, rerunKey, actor, SqlTime.utc(at), outcome, reference)
                        .addValue(reason))
                .mapEmpty();
    }

    public Future<List<Rerun>> of(long originalId) {
        return pool.preparedQuery("""
                        SELECT actor, at, outcome, reference, reason FROM submission_rerun
                         WHERE original_id = $1 ORDER BY id""")
                .execute(Tuple.of(originalId))
                .map(rows -> {
                    List<Rerun> out = new ArrayList<>();
                    rows.forEach(r -> out.add(new Rerun(r.getString("actor"), r.getOffsetDateTime("at").toInstant(),
                            r.getString("outcome"), r.getString("reference"), r.getString("reason"))));
                    return out;
                });
    }

}
