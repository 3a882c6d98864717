package dev.shouli.channel.hotline;

import dev.shouli.channel.hotline.HotlineConfig.SignFor;
import dev.shouli.channel.hotline.HotlineConfig.Source;
import dev.shouli.channel.hotline.HotlineStore.Ticket;
import dev.shouli.core.cases.Satisfaction;
import dev.shouli.core.domain.Deadlines;
import dev.shouli.core.domain.IntakeOutcome;
import dev.shouli.core.intake.IntakeEvent;
import dev.shouli.core.intake.IntakeHook;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlConnection;
import java.time.Instant;
import java.util.function.Supplier;

/**
 * The ticket's side of intake, in the intake transaction: records which case a ticket lives in, queues the
 * automatic sign-for, and carries out what a later message asks (an urge is noted, a revoke closes the case,
 * a reassignment restarts the ticket's clocks).
 */
public final class HotlineIntakeHook implements IntakeHook {

    private final HotlineConfig config;
    private final WorkOrderParser parser;
    private final HotlineStore store;
    private final HotlineCallbacks callbacks;
    private final HotlineEvaluations evaluations;

    public HotlineIntakeHook(HotlineConfig config, WorkOrderParser parser, HotlineStore store,
                             HotlineCallbacks callbacks, Supplier<Satisfaction> satisfaction) {
        this.config = config;
        this.parser = parser;
        this.store = store;
        this.callbacks = callbacks;
        this.evaluations = new HotlineEvaluations(store, satisfaction);
    }

    @Override
    public Future<Void> afterIntake(SqlConnection connection, IntakeEvent event) {
        TicketKey key = TicketKey.of(event.submission().channel(), event.submission().externalId());
        Source source = key == null ? null : config.source(key.source());
        if (source == null) {
            return Future.succeededFuture();
        }
        // The body was parsed and checked before intake; parsing it again is pure and gives the reason text.
        WorkOrder order = parser.parse(source, event.submission().body());
        Instant now = event.complaint().receivedAt();
        Deadlines due = event.complaint().sourceDeadlines();
        Instant signForBy = due == null ? null : due.acknowledgeBy();
        Instant replyBy = due == null ? null : due.resolveBy();
        Future<Void> recorded = event.outcome() == IntakeOutcome.APPENDED ? Future.succeededFuture()
                : store.insert(connection, key.source(), key.ticketNumber(), event.caseId(),
                        event.complaint().complainant().confidential(), signForBy, replyBy, now);
        return recorded
                .compose(v -> store.find(connection, key.source(), key.ticketNumber()))
                .compose(found -> {
                    Ticket ticket = found.orElseThrow(() -> new IllegalStateException(
                            "ticket " + key.ticketNumber() + " of " + key.source() + " vanished inside its transaction"));
                    return actOn(connection, source, key, order, ticket, event, signForBy, replyBy, now);
                });
    }

    private Future<Void> actOn(SqlConnection conn, Source source, TicketKey key, WorkOrder order, Ticket ticket,
                               IntakeEvent event, Instant signForBy, Instant replyBy, Instant now) {
        IntakeOutcome outcome = event.outcome();
        String actor = "hotline:" + source.name();
        return switch (key.kind()) {
            case REVOKE -> store.revoke(conn, ticket, order.reason(), actor, now);
            case URGE -> store.event(conn, ticket.caseId(), actor, "urged", new JsonObject()
                    .put("ticketNumber", ticket.ticketNumber())
                    .put("sequence", key.sequence())
                    .put("note", order.reason()), now);
            case REASSIGN -> store.redispatch(conn, ticket, order.reason(), signForBy, replyBy, now)
                    .compose(v -> signForAutomatically(conn, source, ticket, "reassign-" + key.sequence(), now));
            case EVALUATION -> evaluations.record(conn, source.name(), ticket, order.evaluation(),
                    event.submissionId(), now);
            case NEW, SUPPLEMENT -> outcome == IntakeOutcome.APPENDED ? Future.succeededFuture()
                    : signForAutomatically(conn, source, ticket, "", now);
        };
    }

    private Future<Void> signForAutomatically(SqlConnection conn, Source source, Ticket ticket, String occurrence,
                                              Instant now) {
        if (source.signFor() != SignFor.AUTOMATIC) {
            return Future.succeededFuture();
        }
        return callbacks.enqueue(conn, ticket, HotlineCallbacks.Type.SIGN_FOR, new JsonObject(), occurrence, now)
                .compose(v -> store.setState(conn, ticket.id(), "signed", null, now));
    }
}
