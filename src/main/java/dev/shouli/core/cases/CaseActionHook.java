package dev.shouli.core.cases;

import io.vertx.core.Future;
import io.vertx.sqlclient.SqlConnection;

/**
 * Reacts to a desk action inside the action's transaction — typically by queueing an outbox item (a
 * hotline sign-for or return callback, a desk webhook), so the effect is committed with the action or not
 * at all. A failed future rolls the action back.
 */
@FunctionalInterface
public interface CaseActionHook {

    Future<Void> onAction(SqlConnection connection, CaseAction action);
}
