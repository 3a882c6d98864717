package dev.shouli.core.intake;

import dev.shouli.core.db.SqlErrors;
import dev.shouli.core.db.Transactions;
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
import java.util.function.IntConsumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Group commit for intake: the units of work that arrive while earlier ones are being written share one
 * transaction, run one after the other in arrival order, so a later one sees what an earlier one wrote
 * (a second message of the same person finds the first one's case). Each caller is answered only after
 * that transaction has committed.
 *
 * <p>A shared transaction first {@link Work#open opens} for all its units at once: statements that need
 * nothing from the units' own work (intake's claims of the redelivery keys, and every lock any unit will
 * need, taken in one global order) go out together in one network write. Then the units run in order. A
 * unit that only writes hands its statements to {@link PendingWrites} instead of waiting for them, so the
 * next unit's go out in the same write.
 *
 * <p>Why: a commit is the most expensive part of a small intake on a 2-core machine (a WAL flush, a
 * round trip and the wake-ups around it), and under load many intakes wait for it at once. At most
 * {@code lanes} transactions run at a time, each with up to {@code maxBatch} units; with no load a unit
 * starts at once and alone, so nothing waits for a batch to fill.
 *
 * <p>When a shared transaction fails, nobody can tell whose unit broke it, so every unit of it is run
 * again in a transaction of its own: one bad submission fails alone, and its neighbours are answered as
 * if they had come alone. A unit of work must therefore only write through its connection, and may run
 * more than once before it commits.
 *
 * @param <U> a unit of work as submitted
 * @param <B> what opening a transaction found out for its units (their claims, say)
 * @param <T> a unit's answer
 */
public final class GroupCommit<U, B, T> {

    private static final Logger LOG = LoggerFactory.getLogger(GroupCommit.class);
    private static final int ALONE_ATTEMPTS = 4;

    private final Pool pool;
    private final int maxBatch;
    private final int lanes;
    private final Work<U, B, T> work;
    private final IntConsumer started;
    private final ArrayDeque<Waiting<U, T>> waiting = new ArrayDeque<>();
    private int running;

    /** What a transaction of units does. */
    public interface Work<U, B, T> {

        /**
         * Runs once per transaction, before any of its units, with all of them. Locks are taken here and only
         * here, all of the transaction's at once in one order, so that no transaction ever waits for a lock
         * while holding one that another transaction waiting for it needs.
         */
        Future<B> open(SqlConnection conn, List<U> units, PendingWrites writes);

        /** Runs one unit after the transaction's earlier ones; statements it need not wait for go to writes. */
        Future<T> run(SqlConnection conn, U unit, B opened, PendingWrites writes);
    }

    /**
     * Thrown by work that found the transaction can no longer keep its lock order (what it locked changed
     * before it held it): the transaction is rolled back, releasing everything, and run again.
     */
    public static final class RunAgain extends RuntimeException {
        public RunAgain(String why) {
            super(why, null, false, false);
        }
    }

    private record Waiting<U, T>(U unit, Promise<T> answer, Context context) {
    }

    /** @param started told the number of units of every shared transaction as it starts (for metrics) */
    public GroupCommit(Pool pool, int maxBatch, int lanes, Work<U, B, T> work, IntConsumer started) {
        if (maxBatch < 1 || lanes < 1) {
            throw new IllegalArgumentException("maxBatch and lanes must be at least 1");
        }
        this.pool = pool;
        this.maxBatch = maxBatch;
        this.lanes = lanes;
        this.work = work;
        this.started = started;
    }

    /** @return the unit's answer, completed on the caller's context once its transaction has committed */
    public Future<T> submit(U unit) {
        Promise<T> answer = Promise.promise();
        synchronized (this) {
            waiting.add(new Waiting<>(unit, answer, Vertx.currentContext()));
        }
        startBatches();
        return answer.future();
    }

    private void startBatches() {
        while (true) {
            List<Waiting<U, T>> batch = new ArrayList<>();
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

    private void runBatch(List<Waiting<U, T>> batch) {
        started.accept(batch.size());
        List<U> units = batch.stream().map(Waiting::unit).toList();
        Transactions.pipelined(pool, conn -> inTransaction(conn, units)).onComplete(done -> {
            if (done.succeeded()) {
                for (int i = 0; i < batch.size(); i++) {
                    answer(batch.get(i), Future.succeededFuture(done.result().get(i)));
                }
            } else if (batch.size() == 1 && !retryable(done.cause())) {
                answer(batch.get(0), Future.failedFuture(done.cause()));
            } else {
                LOG.debug("a shared intake transaction of {} failed ({}); running each on its own", batch.size(),
                        done.cause().toString());
                for (Waiting<U, T> w : batch) {
                    alone(w.unit(), ALONE_ATTEMPTS).onComplete(alone -> answer(w, alone));
                }
            }
            synchronized (this) {
                running--;
            }
            startBatches();
        });
    }

    private Future<List<T>> inTransaction(SqlConnection conn, List<U> units) {
        PendingWrites writes = new PendingWrites();
        List<T> results = new ArrayList<>(units.size());
        return guarded(() -> work.open(conn, units, writes))
                .compose(opened -> inOrder(conn, units, 0, opened, results, writes))
                .compose(v -> writes.allDone())
                .map(v -> results);
    }

    /**
     * A unit alone takes its locks in the global order too, so it cannot deadlock; it is retried for what
     * can still happen: a serialization failure, a row lock met outside that order, or {@link RunAgain}.
     */
    private Future<T> alone(U unit, int attempts) {
        return Transactions.pipelined(pool, conn -> inTransaction(conn, List.of(unit)).map(r -> r.get(0)))
                .recover(failure -> attempts > 1 && retryable(failure) ? alone(unit, attempts - 1)
                        : Future.failedFuture(failure));
    }

    private static boolean retryable(Throwable failure) {
        return failure instanceof RunAgain || SqlErrors.isRetryable(failure);
    }

    private Future<Void> inOrder(SqlConnection conn, List<U> units, int index, B opened, List<T> results,
                                 PendingWrites writes) {
        if (index == units.size()) {
            return Future.succeededFuture();
        }
        return guarded(() -> work.run(conn, units.get(index), opened, writes)).compose(result -> {
            results.add(result);
            return inOrder(conn, units, index + 1, opened, results, writes);
        });
    }

    /** Work that throws instead of failing its future must not take the batch's bookkeeping with it. */
    private static <R> Future<R> guarded(Supplier<Future<R>> step) {
        try {
            return step.get();
        } catch (RuntimeException e) {
            return Future.failedFuture(e);
        }
    }

    private static <T> void answer(Waiting<?, T> w, AsyncResult<T> outcome) {
        if (w.context() == null) {
            w.answer().handle(outcome);
        } else {
            w.context().runOnContext(v -> w.answer().handle(outcome));
        }
    }
}
