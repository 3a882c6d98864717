package dev.shouli.intake;

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

    Future<Void> afterIntake(SqlConnection connection, IntakeEvent event);
}
