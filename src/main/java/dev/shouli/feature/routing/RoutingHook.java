package dev.shouli.feature.routing;

import dev.shouli.core.domain.IntakeOutcome;
import dev.shouli.core.intake.IntakeEvent;
import dev.shouli.core.intake.IntakeHook;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlConnection;
import java.time.Clock;

/**
 * In the intake transaction, a new case joins the routing queue — one insert nobody waits for. It is classified
 * and routed after its source was answered ({@link Router}), so routing adds nothing to an intake but that row.
 */
final class RoutingHook implements IntakeHook {

    private final RoutingStore store;
    private final Clock clock;

    RoutingHook(RoutingStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    @Override
    public Future<Void> afterIntake(SqlConnection connection, IntakeEvent event) {
        if (event.outcome() == IntakeOutcome.CREATED) {
            event.writes().add(store.enqueue(connection, event.caseId(), "route", clock.instant()));
        }
        return Future.succeededFuture();
    }
}
