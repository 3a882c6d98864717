package dev.shouli.channel.hotline;

import dev.shouli.core.domain.IntakeOutcome;
import dev.shouli.core.intake.CaseMatch;
import dev.shouli.core.intake.CaseMatcher;
import dev.shouli.core.intake.IntakeBatch;
import dev.shouli.core.intake.IntakeUnit;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlConnection;
import java.util.List;
import java.util.Optional;

/**
 * A message about a ticket we already hold (an urge, a supplement, a revoke, a reassignment) belongs to the
 * ticket's case. The ticket's lock is held from the start of the intake transaction until it commits, so
 * concurrent messages about one ticket on several instances end in one case.
 */
public final class HotlineTicketMatcher implements CaseMatcher {

    private final HotlineStore store;

    public HotlineTicketMatcher(HotlineStore store) {
        this.store = store;
    }

    /**
     * Serialises all messages about one ticket across instances: a "new" and its urge arriving at once on two
     * instances must not both miss the ticket row and make two cases.
     */
    @Override
    public List<String> lockNames(IntakeUnit unit) {
        TicketKey key = TicketKey.of(unit.submission().channel(), unit.submission().externalId());
        return key == null ? List.of() : List.of("hotline-ticket:" + key.source() + "/" + key.ticketNumber());
    }

    @Override
    public Future<Optional<CaseMatch>> match(SqlConnection connection, IntakeUnit unit, IntakeBatch batch) {
        TicketKey key = TicketKey.of(unit.submission().channel(), unit.submission().externalId());
        if (key == null) {
            return Future.succeededFuture(Optional.empty());
        }
        return store.find(connection, key.source(), key.ticketNumber())
                .map(found -> found.map(ticket -> new CaseMatch(ticket.caseId(), ticket.reference(),
                        IntakeOutcome.APPENDED, new JsonObject()
                                .put("rule", "hotline-ticket")
                                .put("source", key.source())
                                .put("ticketNumber", key.ticketNumber())
                                .put("messageKind", key.kind().code())
                                .put("sequence", key.sequence()))));
    }
}
