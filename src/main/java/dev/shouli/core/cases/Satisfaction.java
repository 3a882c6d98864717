package dev.shouli.core.cases;

import dev.shouli.core.domain.Verdict;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlConnection;
import java.time.Instant;

/**
 * Where the complainant's verdict on how their case was handled (回访: 满意, 不满意 …) is recorded when it comes
 * from a platform that asked them itself — a hotline's evaluation of its ticket. The satisfaction survey feature
 * provides it, so such verdicts take the same path as the answers to our own questions.
 */
public interface Satisfaction {

    /**
     * Records the platform's verdict for the case's current round, in the caller's transaction.
     *
     * @param reopens whether the platform itself re-opens the case; a 不满意 it does not re-open is escalated
     */
    Future<Void> platformVerdict(SqlConnection conn, long caseId, Verdict verdict, String comment, String actor,
                                 long submissionId, boolean reopens, Instant at);
}
