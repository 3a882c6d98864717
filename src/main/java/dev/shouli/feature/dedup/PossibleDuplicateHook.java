package dev.shouli.feature.dedup;

import dev.shouli.core.http.SignedTokens;
import dev.shouli.core.intake.CaseMatch;
import dev.shouli.core.intake.IntakeEvent;
import dev.shouli.core.intake.IntakeHook;
import dev.shouli.feature.dedup.PossibleDuplicateStore.Contact;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlConnection;
import java.time.Clock;
import java.time.Instant;

/**
 * Records a possible duplicate in the intake transaction: a submission was made into a case of its own although its
 * keys led to an existing case ({@link IntakeEvent#withheld()}), because it has not proven the contact it names, or
 * because the existing case was made by someone who had not.
 * The pair is kept with dedup's reasons and entered in both cases' histories (for the desk), and the existing
 * case's own contact is asked: our mail to its address, else an SMS to its phone, in that case's language, with
 * a signed single-use link ({@link ConfirmLinks}). A hotline caller is never written to (the platform owns that
 * conversation, and a 保密 caller must not be contacted), and a case without a contact cannot be asked: then only
 * the desk decides. Nothing of this reaches the submitter: their answer, receipt and status page are a new case's.
 * The link's row is written here, in the intake transaction, so a confirmation never names a case not committed.
 */
public final class PossibleDuplicateHook implements IntakeHook {

    public static final String OUTBOX_KIND = "confirm-duplicate";

    private final PossibleDuplicateStore store;
    private final ConfirmLinks links;
    private final Clock clock;

    public PossibleDuplicateHook(PossibleDuplicateStore store, ConfirmLinks links, Clock clock) {
        this.store = store;
        this.links = links;
        this.clock = clock;
    }

    @Override
    public Future<Void> afterIntake(SqlConnection conn, IntakeEvent event) {
        CaseMatch match = event.withheld();
        if (match == null) {
            return Future.succeededFuture();
        }
        return store.contact(conn, match.caseId()).map(found -> {
            Contact existing = found.orElseThrow(() -> new IllegalStateException("matched case " + match.caseId()
                    + " is gone"));
            String channel = confirmationChannel(existing);
            Instant now = clock.instant();
            SignedTokens.Issued link = channel == null ? null : links.issue();
            Instant expires = link == null ? null : now.plus(links.ttl());
            JsonObject payload = link == null ? null : new JsonObject()
                    .put("to", "email".equals(channel) ? existing.email() : existing.phone())
                    .put("reference", existing.reference())
                    .put("newReference", event.reference())
                    .put("link", links.url(link.token()))
                    .put("expiresAt", expires.toString())
                    .put("language", existing.language());
            // Nobody waits for the answer: the statement goes out with the intake's others, after the new case.
            event.writes().add(store.record(conn, event.caseId(), event.submissionId(), event.reference(),
                    match.caseId(), match.outcome().code(), match.why(), link == null ? null : link.nonce(), expires,
                    channel, payload, event.submission().receivedAt()));
            return null;
        });
    }

    /** As receipts choose: the address, else the phone; never a hotline caller. Null: nobody can be asked. */
    static String confirmationChannel(Contact c) {
        if (c.channel().startsWith("hotline")) {
            return null;
        }
        return c.email() != null ? "email" : c.phone() != null ? "sms" : null;
    }
}
