package dev.shouli.core.intake;

import io.vertx.core.Future;
import io.vertx.sqlclient.SqlConnection;
import java.util.List;
import java.util.Optional;

/**
 * Finds the open case a new submission belongs to — a reply on an email thread, an SMS follow-up, a
 * duplicate through another channel. Runs inside the intake transaction, so what it reads and the
 * append it leads to are consistent.
 *
 * <p>Matchers never take locks themselves. They name the locks their rule needs ({@link #lockNames}), and
 * the transaction takes the names of all its intakes at once, in one global order, before any of them runs
 * (docs/architecture.md: locks in one global order). A lock whose name is only known from data guarded by those names
 * (the person an identity key belongs to) is taken in {@link #open}, again for all intakes at once.
 */
public interface CaseMatcher {

    /** The advisory lock names this matcher's decision about {@code unit} needs held. */
    default List<String> lockNames(IntakeUnit unit) {
        return List.of();
    }

    /**
     * Runs when a transaction opens, after every unit's {@link #lockNames} are held and before any unit
     * runs, in matcher order. May take further locks, all of the transaction's in one sorted step.
     */
    default Future<Void> open(SqlConnection connection, IntakeBatch batch) {
        return Future.succeededFuture();
    }

    Future<Optional<CaseMatch>> match(SqlConnection connection, IntakeUnit unit, IntakeBatch batch);
}
