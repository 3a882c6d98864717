package dev.shouli.channel.hotline;

import dev.shouli.channel.hotline.HotlineStore.Ticket;
import dev.shouli.core.cases.Satisfaction;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlConnection;
import java.time.Instant;
import java.util.function.Supplier;

/**
 * The platform's 回访 result on a ticket (messageKind {@code evaluation}), in the intake transaction: kept on
 * the ticket and recorded as the case's satisfaction answer for its current round (the same answer path as
 * our own surveys, so reports, history, stream and webhooks see it alike). A re-open from the platform
 * re-opens the case through the desk's {@code reopen} — reply and resolution deadlines run again — and the
 * next resolve owes the platform a new reply; a 不满意 the platform does not re-open is raised to the
 * supervisors.
 */
final class HotlineEvaluations {

    private final HotlineStore tickets;
    private final Supplier<Satisfaction> satisfaction;

    HotlineEvaluations(HotlineStore tickets, Supplier<Satisfaction> satisfaction) {
        this.tickets = tickets;
        this.satisfaction = satisfaction;
    }

    Future<Void> record(SqlConnection conn, String source, Ticket ticket, WorkOrder.Evaluation evaluation,
                        long submissionId, Instant now) {
        String actor = TicketKey.CHANNEL_PREFIX + source;
        return tickets.evaluate(conn, ticket.id(), evaluation.verdict().code(), evaluation.comment(),
                        evaluation.reopens(), now)
                .compose(v -> satisfaction.get().platformVerdict(conn, ticket.caseId(), evaluation.verdict(),
                        evaluation.comment(), actor, submissionId, evaluation.reopens(), now));
    }
}
