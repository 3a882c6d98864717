package dev.shouli.channel.hotline;

import dev.shouli.domain.Complaint;
import dev.shouli.domain.IntakeOutcome;
import dev.shouli.domain.Submission;
import dev.shouli.intake.CaseMatch;
import dev.shouli.intake.CaseMatcher;
import dev.shouli.store.HotlineStore;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlConnection;
import java.util.Optional;

/**
 * A message about a ticket we already hold (an urge, a supplement, a revoke, a reassignment) belongs to the
 * ticket's case. The ticket lock is held until the intake commits, so concurrent messages about one ticket
 * on several instances end in one case.
 */
public final class HotlineTicketMatcher implements CaseMatcher {

    private final HotlineStore store;

    public HotlineTicketMatcher(HotlineStore store) {
        this.store = store;
    }

    @Override
    public Future<Optional<CaseMatch>> match(SqlConnection connection, Submission submission, Complaint complaint) {
        TicketKey key = TicketKey.of(submission.channel(), submission.externalId());
        if (key == null) {
            return Future.succeededFuture(Optional.empty());
        }
        return store.lockTicket(connection, key.source(), key.ticketNumber())
                .compose(v -> store.find(connection, key.source(), key.ticketNumber()))
                .map(found -> found.map(ticket -> new CaseMatch(ticket.caseId(), ticket.reference(),
                        IntakeOutcome.APPENDED, new JsonObject()
                                .put("rule", "hotline-ticket")
                                .put("source", key.source())
                                .put("ticketNumber", key.ticketNumber())
                                .put("messageKind", key.kind().code())
                                .put("sequence", key.sequence()))));
    }
}
