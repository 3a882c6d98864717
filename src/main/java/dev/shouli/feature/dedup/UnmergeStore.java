package dev.shouli.feature.dedup;

import dev.shouli.core.db.SqlTime;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.util.Optional;

/**
 * The SQL of undoing a join: the submission joined into a case, leaving it, and where it went.
 */
final class UnmergeStore {

    /** A submission joined into a case, with what intake understood of it. */
    public record Joined(long submissionId, long caseId, String outcome, JsonObject complaint, Long splitCaseId) {
    }

    /** Locks the case row so an unmerge and an intake into the same case do not interleave. */
    public Future<Optional<Long>> lockCase(SqlClient client, String reference) {
        return client.preparedQuery("SELECT id FROM complaint_case WHERE reference = $1 FOR UPDATE")
                .execute(Tuple.of(reference))
                .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(rows.iterator().next().getLong("id")));
    }

    public Future<Optional<Joined>> joined(SqlClient client, long submissionId) {
        return client.preparedQuery("""
                        SELECT submission_id, case_id, outcome, complaint, split_case_id
                          FROM dedup_joined_submission WHERE submission_id = $1 FOR UPDATE""")
                .execute(Tuple.of(submissionId))
                .map(rows -> {
                    if (rows.size() == 0) {
                        return Optional.empty();
                    }
                    Row r = rows.iterator().next();
                    return Optional.of(new Joined(r.getLong("submission_id"), r.getLong("case_id"),
                            r.getString("outcome"), r.getJsonObject("complaint"), r.getLong("split_case_id")));
                });
    }

    public Future<Long> nextCaseNumber(SqlClient client) {
        return client.query("SELECT nextval('case_number_seq') AS n").execute()
                .map(rows -> rows.iterator().next().getLong("n"));
    }

    /** Takes the submission and its evidence off the old case, ready to become the origin of a new one. */
    public Future<Void> detach(SqlClient client, long caseId, long submissionId) {
        Tuple t = Tuple.of(caseId, submissionId);
        return client.preparedQuery("DELETE FROM case_submission WHERE case_id = $1 AND submission_id = $2").execute(t)
                .mapEmpty();
    }

    public Future<Void> moveAttachments(SqlClient client, long fromCase, long toCase, long submissionId) {
        return client.preparedQuery("UPDATE attachment SET case_id = $2 WHERE case_id = $1 AND submission_id = $3")
                .execute(Tuple.of(fromCase, toCase, submissionId)).mapEmpty();
    }

    public Future<Void> markSplit(SqlClient client, long submissionId, long newCaseId, Instant at, String actor) {
        return client.preparedQuery("""
                        UPDATE dedup_joined_submission SET split_case_id = $2, split_at = $3, split_by = $4
                         WHERE submission_id = $1""")
                .execute(Tuple.of(submissionId, newCaseId, SqlTime.utc(at), actor)).mapEmpty();
    }
}
