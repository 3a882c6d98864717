package dev.shouli.feature.bulk;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlConnection;
import java.time.Instant;

/**
 * Runs in the transaction of every batch item done — the action took on its case — so what the batch achieved can
 * be kept with it (an incident keeps what its actions brought its cases to). Provided by the module that started the
 * batch; a failure is the item's failure (its attempt is counted and the action undone).
 */
public interface BatchItemHook {

    /**
     * An item done: its batch (id, origin, action and parameters as started, who and when it was asked for) and
     * the case's reference.
     */
    record Done(long batchId, String origin, String action, JsonObject parameters, String actor, Instant askedAt,
                String reference) {
    }

    Future<Void> onDone(SqlConnection conn, Done item);
}
