package dev.shouli.intake;

import dev.shouli.store.Transactions;
import io.vertx.core.AsyncResult;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Group commit for intake: the units of work that arrive while earlier ones are being written share one
 * transaction, run one after the other in arrival order, so a later one sees what an earlier one wrote
 * (a second message of the same person finds the first one's case). Each caller is answered only after
 * that transaction has committed.
 *
 * <p>Why: a commit is the most expensive part of a small intake on a 2-core machine (a WAL flush, a
 * round trip and the wake-ups around it), and under load many intakes wait for it at once. At most
 * {@code lanes} transactions run at a time, each with up to {@code maxBatch} units; with no load a unit
 * starts at once and alone, so nothing waits for a batch to fill.
 *
 * <p>When a shared transaction fails, nobody can tell whose unit broke it, so every unit of it is run
 * again in a transaction of its own: one bad submission fails alone, and its neighbours are answered as
 * if they had come alone. A unit of work must therefore only write through its connection.
 */
public final class GroupCommit<T> {

    private static final Logger LOG = LoggerFactory.getLogger(GroupCommit.class);

    private final Pool pool;
    private final int maxBatch;
    private final int lanes;
    private final ArrayDeque<Unit<T>> waiting = new ArrayDeque<>();
    private int running;

    private record Unit<T>(Function<SqlConnection, Future<T>> work, Promise<T> answer, Context context) {
    }

    public GroupCommit(Pool pool, int maxBatch, int lanes) {
        if (maxBatch < 1 || lanes < 1) {
            throw new IllegalArgumentException("maxBatch and lanes must be at least 1");
        }
        this.pool = pool;
        this.maxBatch = maxBatch;
        this.lanes = lanes;
    }

    /** @return the work's result, completed on the caller's context once its transaction has committed */
    public Future<T> submit(Function<SqlConnection, Future<T>> work) {
        Promise<T> answer = Promise.promise();
        synchronized (this) {
            waiting.add(new Unit<>(work, answer, Vertx.currentContext()));
        }
        startBatches();
        return answer.future();
    }

    private void startBatches() {
        while (true) {
            List<Unit<T>> batch = new ArrayList<>();
            synchronized (this) {
                if (running >= lanes || waiting.isEmpty()) {
                    return;
                }
                running++;
                while (!waiting.isEmpty() && batch.size() < maxBatch) {
                    batch.add(waiting.poll());
                }
            }
            runBatch(batch);
        }
    }

    private void runBatch(List<Unit<T>> batch) {
        List<T> results = new ArrayList<>(batch.size());
        Transactions.pipelined(pool, conn -> inOrder(conn, batch, 0, results)).onComplete(done -> {
            if (done.succeeded()) {
                for (int i = 0; i < batch.size(); i++) {
                    answer(batch.get(i), Future.succeededFuture(results.get(i)));
                }
            } else if (batch.size() == 1) {
                answer(batch.get(0), Future.failedFuture(done.cause()));
            } else {
                LOG.debug("a shared intake transaction of {} failed ({}); running each on its own", batch.size(),
                        done.cause().toString());
                for (Unit<T> unit : batch) {
                    Transactions.pipelined(pool, unit.work()).onComplete(alone -> answer(unit, alone));
                }
            }
            synchronized (this) {
                running--;
            }
            startBatches();
        });
    }

    private Future<Void> inOrder(SqlConnection conn, List<Unit<T>> batch, int index, List<T> results) {
        if (index == batch.size()) {
            return Future.succeededFuture();
        }
        Future<T> one;
        try {
            one = batch.get(index).work().apply(conn);
        } catch (RuntimeException e) {
            one = Future.failedFuture(e);
        }
        return one.compose(result -> {
            results.add(result);
            return inOrder(conn, batch, index + 1, results);
        });
    }

    private static <T> void answer(Unit<T> unit, AsyncResult<T> outcome) {
        if (unit.context() == null) {
            unit.answer().handle(outcome);
        } else {
            unit.context().runOnContext(v -> unit.answer().handle(outcome));
        }
    }
}
