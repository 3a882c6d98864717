package dev.shouli.channel.form;

import dev.shouli.core.domain.IntakeOutcome;
import dev.shouli.core.http.HttpProblem;
import dev.shouli.core.intake.CaseMatch;
import dev.shouli.core.intake.CaseMatcher;
import dev.shouli.core.intake.IntakeBatch;
import dev.shouli.core.intake.IntakeUnit;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlConnection;
import java.util.Optional;

/**
 * What a person adds from the status page after proving the case's contact joins exactly that case, as a
 * follow-up — never another case, and never a new one. The case is named by the route in a header of the stored
 * submission ({@link #CASE_HEADER}) once the proof was checked, never taken from a request.
 */
final class StatusFollowUpMatcher implements CaseMatcher {

    static final String CHANNEL = "status";
    static final String CASE_HEADER = "X-Shouli-Status-Case";

    private final StatusStore store;

    StatusFollowUpMatcher(StatusStore store) {
        this.store = store;
    }

    @Override
    public Future<Optional<CaseMatch>> match(SqlConnection conn, IntakeUnit unit, IntakeBatch batch) {
        String reference = unit.submission().headers().get(CASE_HEADER);
        if (!CHANNEL.equals(unit.submission().channel()) || reference == null) {
            return Future.succeededFuture(Optional.empty());
        }
        // No case (erased since the proof was given): nothing is added, and no new case is made of it.
        return store.caseId(conn, reference).map(found -> Optional.of(new CaseMatch(found.orElseThrow(() ->
                new HttpProblem(409, "case-gone", "The case is gone", "the case " + reference + " no longer exists")),
                reference, IntakeOutcome.APPENDED, new JsonObject().put("rule", "status-page"))));
    }
}
