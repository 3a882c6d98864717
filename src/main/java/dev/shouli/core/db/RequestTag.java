package dev.shouli.core.db;

import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

/**
 * Tags the rest of a transaction with the request it serves: the {@code request_id} columns of submission,
 * case_event and outbox default to this setting (V11), so every row an intake writes — the verbatim submission,
 * its history entry, its receipt and callbacks — names the request without each statement passing it along.
 * The setting is local to the transaction; units of a group commit set it again before their own statements.
 */
public final class RequestTag {

    private static final String SET = "SELECT set_config('shouli.request_id', $1, true)";

    private RequestTag() {
    }

    /** Sent at once; statements queued after it on the same connection see the tag. */
    public static Future<Void> set(SqlClient client, String requestId) {
        return client.preparedQuery(SET).execute(Tuple.of(requestId == null ? "" : requestId)).mapEmpty();
    }
}
