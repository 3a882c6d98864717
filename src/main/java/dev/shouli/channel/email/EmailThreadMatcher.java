package dev.shouli.channel.email;

import dev.shouli.core.domain.Complaint;
import dev.shouli.core.domain.IntakeOutcome;
import dev.shouli.core.domain.Submission;
import dev.shouli.core.intake.CaseMatch;
import dev.shouli.core.intake.CaseMatcher;
import dev.shouli.core.intake.IntakeBatch;
import dev.shouli.core.intake.IntakeUnit;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlConnection;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A reply joins its case: In-Reply-To or References naming any Message-ID already on a case (our receipt
 * or the complainant's earlier mail), or the case reference in the subject — but the subject only counts
 * when the sender is that case's complainant, so nobody can attach mail to someone else's case by
 * copying a reference.
 */
public final class EmailThreadMatcher implements CaseMatcher {

    private final EmailStore store;
    private final Pattern reference;

    /** @param referencePrefix the letters in front of our case references (TS) */
    public EmailThreadMatcher(EmailStore store, String referencePrefix) {
        this.store = store;
        this.reference = Pattern.compile("\\b(" + Pattern.quote(referencePrefix) + "\\d{8}-\\d{6,}[A-Z])\\b");
    }

    @Override
    public Future<Optional<CaseMatch>> match(SqlConnection conn, IntakeUnit unit, IntakeBatch batch) {
        Submission submission = unit.submission();
        Complaint complaint = unit.complaint();
        if (!EmailIntake.CHANNEL.equals(submission.channel())) {
            return Future.succeededFuture(Optional.empty());
        }
        List<String> ids = new ArrayList<>(EmailParser.ids(submission.headers().get("in-reply-to")));
        ids.addAll(EmailParser.ids(submission.headers().get("references")));
        return store.caseForMessageIds(conn, ids).compose(threaded -> {
            if (threaded.isPresent()) {
                return Future.succeededFuture(Optional.of(match(threaded.get(), "email-thread")));
            }
            return bySubject(conn, submission, complaint);
        });
    }

    private Future<Optional<CaseMatch>> bySubject(SqlConnection conn, Submission submission, Complaint complaint) {
        String subject = submission.headers().get("subject");
        String sender = complaint.complainant().email();
        Matcher m = subject == null ? null : reference.matcher(subject);
        if (m == null || !m.find() || sender == null) {
            return Future.succeededFuture(Optional.empty());
        }
        return store.caseForReference(conn, m.group(1)).map(found -> found
                .filter(c -> sender.equalsIgnoreCase(c.complainantEmail()))
                .map(c -> match(c, "subject-reference")));
    }

    private static CaseMatch match(EmailStore.ThreadCase c, String rule) {
        return new CaseMatch(c.caseId(), c.reference(), IntakeOutcome.APPENDED, new JsonObject().put("rule", rule));
    }
}
