package dev.shouli.channel.sms;

import dev.shouli.core.db.AdvisoryLocks;
import dev.shouli.core.domain.IntakeOutcome;
import dev.shouli.core.intake.CaseMatch;
import dev.shouli.core.intake.CaseMatcher;
import dev.shouli.core.intake.IntakeBatch;
import dev.shouli.core.intake.IntakeUnit;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlConnection;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A second SMS from the same number while that number's SMS case is open and was active within the window
 * is a follow-up: appended to that case rather than opening another. The number is locked for the whole
 * intake transaction, so concurrent messages from one number end in one case.
 */
public final class SmsFollowUpMatcher implements CaseMatcher {

    private final Duration window;

    public SmsFollowUpMatcher(Duration window) {
        this.window = window;
    }

    @Override
    public List<String> lockNames(IntakeUnit unit) {
        String phone = smsPhone(unit);
        return phone == null ? List.of() : List.of(AdvisoryLocks.smsNumber(phone));
    }

    @Override
    public Future<Optional<CaseMatch>> match(SqlConnection conn, IntakeUnit unit, IntakeBatch batch) {
        String phone = smsPhone(unit);
        if (phone == null) {
            return Future.succeededFuture(Optional.empty());
        }
        return SmsStore.findOpenCase(conn, phone, unit.submission().receivedAt().minus(window))
                .map(found -> found.map(c -> new CaseMatch(c.getKey(), c.getValue(), IntakeOutcome.APPENDED,
                        new JsonObject().put("rule", "sms follow-up from the same number")
                                .put("window", window.toString()))));
    }

    private static String smsPhone(IntakeUnit unit) {
        return SmsIntake.CHANNEL.equals(unit.submission().channel()) ? unit.complaint().complainant().phone() : null;
    }
}
