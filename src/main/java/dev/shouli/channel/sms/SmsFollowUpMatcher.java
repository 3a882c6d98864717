package dev.shouli.channel.sms;

import dev.shouli.domain.Complaint;
import dev.shouli.domain.IntakeOutcome;
import dev.shouli.domain.Submission;
import dev.shouli.intake.CaseMatch;
import dev.shouli.intake.CaseMatcher;
import dev.shouli.store.SmsStore;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlConnection;
import java.time.Duration;
import java.util.Optional;

/**
 * A second SMS from the same number while that number's SMS case is open and was active within the window
 * is a follow-up: appended to that case rather than opening another. The number is locked for the rest of
 * the intake transaction, so concurrent messages from one number end in one case.
 */
public final class SmsFollowUpMatcher implements CaseMatcher {

    private final Duration window;

    public SmsFollowUpMatcher(Duration window) {
        this.window = window;
    }

    @Override
    public Future<Optional<CaseMatch>> match(SqlConnection conn, Submission submission, Complaint complaint) {
        String phone = complaint.complainant().phone();
        if (!SmsIntake.CHANNEL.equals(submission.channel()) || phone == null) {
            return Future.succeededFuture(Optional.empty());
        }
        return SmsStore.lockAndFindOpenCase(conn, phone, submission.receivedAt().minus(window))
                .map(found -> found.map(c -> new CaseMatch(c.getKey(), c.getValue(), IntakeOutcome.APPENDED,
                        new JsonObject().put("rule", "sms follow-up from the same number")
                                .put("window", window.toString()))));
    }
}
