package dev.shouli.intake;

import dev.shouli.store.SqlErrors;
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
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Group commit for intake: the units of work that arrive while earlier ones are being written share one
 * transaction, run one after the other in arrival order, so a later one sees what an earlier one wrote
 * (a second message of the same person finds the first one's case). Each caller is answered only after
 * that transaction has committed.
 *
 * <p>A unit may have a first step that needs nothing from the other units (intake's claim of the
 * redelivery key): the first steps of all units of a transaction go out together in one network write,
 * then the units' second steps run in order. A second step that only writes hands its statements to
 * {@link PendingWrites} instead of waiting for them, so the next unit's go out in the same write.
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
 */
public final class GroupCommit<T> {

    private static final Logger LOG = LoggerFactory.getLogger(GroupCommit.class);
    private static final int ALONE_ATTEMPTS = 4;

    private final Pool pool;
    private final int maxBatch;
    private final int lanes;
    private final ArrayDeque<Unit<T>> waiting = new ArrayDeque<>();
    private int running;

    /** The second step of a unit; statements it need not wait for go to {@code writes}. */
    @FunctionalInterface
    public interface Then<S, T> {
        Future<T> apply(SqlConnection conn, S first, PendingWrites writes);
    }

    /** {@code start} runs with the other units' starts and answers the rest of the unit's work. */
    private record Unit<T>(Function<SqlConnection, Future<Rest<T>>> start, Promise<T> answer, Context context) {

        Future<T> alone(SqlConnection conn) {
            PendingWrites writes = new PendingWrites();
            return start.apply(conn).compose(rest -> rest.apply(conn, writes))
                    .compose(result -> writes.allDone().map(result));
        }
    }

    private interface Rest<T> {
        Future<T> apply(SqlConnection conn, PendingWrites writes);
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
        return submit(conn -> Future.succeededFuture(), (conn, nothing, writes) -> work.apply(conn));
    }

    /**
     * @param first statements independent of the other units of the transaction, sent with theirs
     * @param then  the rest, given the first step's result, run after the earlier units have finished
     * @return the result of {@code then}, completed on the caller's context once its transaction has committed
     */
    public <S> Future<T> submit(Function<SqlConnection, Future<S>> first, Then<S, T> then) {
        Promise<T> answer = Promise.promise();
        Function<SqlConnection, Future<Rest<T>>> start = conn -> first.apply(conn)
                .map(s -> (c, writes) -> then.apply(c, s, writes));
        synchronized (this) {
            waiting.add(new Unit<>(start, answer, Vertx.currentContext()));
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
        Transactions.pipelined(pool, conn -> {
            List<Future<Rest<T>>> started = new ArrayList<>(batch.size());
            for (Unit<T> unit : batch) {
                started.add(guarded(() -> unit.start().apply(conn)));
            }
            PendingWrites writes = new PendingWrites();
            return Future.all(started).compose(v -> inOrder(conn, started, 0, results, writes))
                    .compose(v -> writes.allDone());
        }).onComplete(done -> {
            if (done.succeeded()) {
                for (int i = 0; i < batch.size(); i++) {
                    answer(batch.get(i), Future.succeededFuture(results.get(i)));
                }
            } else if (batch.size() == 1 && !SqlErrors.isRetryable(done.cause())) {
                answer(batch.get(0), Future.failedFuture(done.cause()));
            } else {
                LOG.debug("a shared intake transaction of {} failed ({}); running each on its own", batch.size(),
                        done.cause().toString());
                for (Unit<T> unit : batch) {
                    alone(unit, ALONE_ATTEMPTS).onComplete(alone -> answer(unit, alone));
                }
            }
            synchronized (this) {
                running--;
            }
            startBatches();
        });
    }

    /**
     * Units of different transactions take their locks in different orders (a dedup lock on one person in
     * one, on another in the other), so two shared transactions can deadlock; PostgreSQL then fails one of
     * them. Run on its own, a unit takes its locks in its own global order, but may still meet a shared
     * transaction holding them the other way round: it is retried a few times.
     */
    private Future<T> alone(Unit<T> unit, int attempts) {
        return Transactions.pipelined(pool, unit::alone).recover(failure -> attempts > 1
                && SqlErrors.isRetryable(failure) ? alone(unit, attempts - 1) : Future.failedFuture(failure));
    }

    private Future<Void> inOrder(SqlConnection conn, List<Future<Rest<T>>> started, int index, List<T> results,
                                 PendingWrites writes) {
        if (index == started.size()) {
            return Future.succeededFuture();
        }
        Rest<T> rest = started.get(index).result();
        return guarded(() -> rest.apply(conn, writes)).compose(result -> {
            results.add(result);
            return inOrder(conn, started, index + 1, results, writes);
        });
    }

    /** A unit that throws instead of failing its future must not take the batch's bookkeeping with it. */
    private static <R> Future<R> guarded(Supplier<Future<R>> step) {
        try {
            return step.get();
        } catch (RuntimeException e) {
            return Future.failedFuture(e);
        }
    }

    private static <T> void answer(Unit<T> unit, AsyncResult<T> outcome) {
        if (unit.context() == null) {
            unit.answer().handle(outcome);
        } else {
            unit.context().runOnContext(v -> unit.answer().handle(outcome));
        }
    }
}
