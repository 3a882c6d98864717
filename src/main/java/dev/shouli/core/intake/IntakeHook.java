package dev.shouli.core.intake;

import io.vertx.core.Future;
import io.vertx.sqlclient.SqlConnection;

/**
 * Runs inside the intake transaction after a submission became or joined a case, so what it writes
 * (a hotline sign-for callback, an incident link, a channel's own bookkeeping) commits with the
 * submission or not at all. A failed future rolls the whole intake back and the source is not told
 * "accepted".
 */
@FunctionalInterface
public interface IntakeHook {

    /**
     * Work on the submission alone, done before its transaction opens (on a parse worker when the submission is
     * long, see {@link IntakeService#submit}): whatever {@link #afterIntake} needs that costs CPU, memoised on
     * the unit ({@link IntakeUnit#memo}), so no event loop computes it inside the transaction.
     */
    default void prepare(IntakeUnit unit) {
    }

    Future<Void> afterIntake(SqlConnection connection, IntakeEvent event);
}
