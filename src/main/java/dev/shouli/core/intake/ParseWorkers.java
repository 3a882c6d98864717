package dev.shouli.core.intake;

import dev.shouli.core.intake.extract.TextBudgetExceededException;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Reads input that costs CPU — MIME parsing, free-text extraction, the preparation of a long submission for intake
 * ({@link IntakeService#submit}) — on a worker pool of its own, so an event loop never waits for it, and within a
 * time budget. When the budget runs out the caller's future fails with {@link OverBudgetException} at once (the
 * submission is then stored and quarantined), and the worker thread is interrupted: text read through
 * {@code BoundedText} stops at the next check; other code runs to its end and its result is dropped.
 */
public final class ParseWorkers {

    private final Vertx vertx;
    private final WorkerExecutor executor;
    private final Duration budget;
    /** The alarms run on a thread of their own, so they ring even when every worker is busy. */
    private final ScheduledExecutorService watchdog;

    public ParseWorkers(Vertx vertx, int workers, Duration budget) {
        this.vertx = vertx;
        this.budget = budget;
        // Vert.x's own blocked-thread warning would only repeat what the budget already enforces.
        this.executor = vertx.createSharedWorkerExecutor("shouli-parse", workers, budget.toMillis() * 2 + 1000,
                TimeUnit.MILLISECONDS);
        this.watchdog = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "shouli-parse-watchdog");
            t.setDaemon(true);
            return t;
        });
    }

    public Duration budget() {
        return budget;
    }

    /**
     * Runs {@code work} on a parse worker. The budget counts from when a worker starts it, not while it queues.
     *
     * @return completes on the caller's context; fails with {@link OverBudgetException} once the budget is spent
     */
    public <T> Future<T> run(Callable<T> work) {
        Context context = vertx.getOrCreateContext();
        Promise<T> result = Promise.promise();
        Watch watch = new Watch();
        executor.<T>executeBlocking(() -> {
            watch.start();
            ScheduledFuture<?> alarm = watchdog.schedule(() -> {
                if (watch.stop()) {
                    context.runOnContext(v -> result.tryFail(new OverBudgetException(budget)));
                }
            }, budget.toMillis(), TimeUnit.MILLISECONDS);
            try {
                return work.call();
            } catch (TextBudgetExceededException e) {
                throw watch.stopped() ? new OverBudgetException(budget) : e;
            } finally {
                alarm.cancel(false);
                watch.finish();
            }
        }, false).onComplete(ar -> {
            if (ar.succeeded()) {
                result.tryComplete(ar.result());
            } else {
                result.tryFail(ar.cause());
            }
        });
        return result.future();
    }

    /** True for the failures that mean "reading this input took too long": quarantine, do not retry. */
    public static boolean isOverBudget(Throwable t) {
        return t instanceof OverBudgetException || t instanceof TextBudgetExceededException;
    }

    public void close() {
        watchdog.shutdownNow();
        executor.close();
    }

    /** The worker thread running one piece of work, and whether its alarm rang. */
    private static final class Watch {
        private Thread thread;
        private boolean stopped;

        synchronized void start() {
            Thread.interrupted(); // a late alarm of the thread's previous work must not stop this one
            thread = Thread.currentThread();
        }

        /** @return false when the work had already finished */
        synchronized boolean stop() {
            if (thread == null) {
                return false;
            }
            stopped = true;
            thread.interrupt();
            return true;
        }

        synchronized boolean stopped() {
            return stopped;
        }

        synchronized void finish() {
            thread = null;
            Thread.interrupted();
        }
    }

    /** Reading one submission took longer than the budget. */
    public static final class OverBudgetException extends RuntimeException {
        public OverBudgetException(Duration budget) {
            super("reading the submission took longer than its budget of " + budget.toMillis() + " ms", null, false,
                    false);
        }
    }
}
