package dev.shouli.intake;

import dev.shouli.domain.Complaint;
import dev.shouli.domain.Submission;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlConnection;
import java.util.Optional;

/**
 * Finds the open case a new submission belongs to — a reply on an email thread, an SMS follow-up, a
 * duplicate through another channel. Runs inside the intake transaction, so what it reads and the
 * append it leads to are consistent; matchers must take the locks their rule needs (DESIGN §4).
 */
@FunctionalInterface
public interface CaseMatcher {

    Future<Optional<CaseMatch>> match(SqlConnection connection, Submission submission, Complaint complaint);
}
