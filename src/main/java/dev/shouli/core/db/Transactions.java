package dev.shouli.core.db;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Transaction;
import java.util.function.Function;

/**
 * Transactions for the hot path. Unlike {@code Pool.withTransaction}, the work does not wait for BEGIN's
 * answer: BEGIN goes out in the same network write as the first statement. The client sends statements
 * scheduled on one connection in order without waiting (pipelining), and on an oversubscribed machine every
 * round trip is a wake-up of the event loop and of a PostgreSQL backend, which costs more CPU than the
 * statement itself (BENCHMARKS.md, "Round trips").
 */
public final class Transactions {

    private Transactions() {
    }

    /**
     * Runs {@code work} in a transaction on a pooled connection: commits when the work's future succeeds,
     * rolls back when it fails or BEGIN failed, and completes only after COMMIT has been answered.
     */
    public static <T> Future<T> pipelined(Pool pool, Function<SqlConnection, Future<T>> work) {
        return pool.getConnection().compose(conn -> {
            Future<Transaction> begun = conn.begin();
            Future<T> done;
            try {
                done = work.apply(conn);
            } catch (RuntimeException e) {
                done = Future.failedFuture(e);
            }
            Future<T> result = done;
            return Future.join(begun, result)
                    .compose(all -> begun.result().commit().map(v -> result.result()),
                            failed -> rollback(begun).compose(v -> Future.<T>failedFuture(
                                    result.failed() ? result.cause() : begun.cause())))
                    .onComplete(ar -> conn.close());
        });
    }

    private static Future<Void> rollback(Future<Transaction> begun) {
        if (begun.failed()) {
            return Future.succeededFuture();
        }
        // The rollback's own failure (a broken connection) changes nothing: the work failed either way.
        return begun.result().rollback().otherwiseEmpty();
    }
}
