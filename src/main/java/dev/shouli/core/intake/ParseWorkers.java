package dev.shouli.core.intake;

import dev.shouli.core.intake.extract.TextBudgetExceededException;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads input that costs CPU — MIME parsing, free-text extraction, the preparation of a long submission for intake
 * ({@link IntakeService#submit}) — on threads of its own, so an event loop never waits for it, and within a time
 * budget. When the budget runs out the caller's future fails with {@link OverBudgetException} at once (the
 * submission is then stored and quarantined), and the thread is interrupted: text read through {@code BoundedText}
 * stops at the next check; other code runs to its end and its result is dropped.
 *
 * <p>Every piece of work names its <em>source</em> (the channel and transport that brought it: {@code email/smtp},
 * {@code sms/twilio}, …). Each source has a lane of its own: at most {@code perSource} of its pieces run at once,
 * the rest wait in its own queue. One first-come queue let eight hostile mails over SMTP hold both workers for
 * their whole budget while an honest SMS waited 20 s behind them; now a flood on one source queues behind itself
 * only, and the operating system shares the CPU between the sources' threads. Sources are named by code, never by
 * input, so the lanes (and threads) stay few.
 */
public final class ParseWorkers {

    private static final Logger LOG = LoggerFactory.getLogger(ParseWorkers.class);

    private final Vertx vertx;
    private final Duration budget;
    private final int perSource;
    private final ExecutorService threads;
    private final Map<String, Lane> lanes = new ConcurrentHashMap<>();
    /** The alarms run on a thread of their own, so they ring even when every worker is busy. */
    private final ScheduledExecutorService watchdog;
    private volatile boolean closed;

    /** @param perSource how many pieces of work of one source run at once */
    public ParseWorkers(Vertx vertx, int perSource, Duration budget) {
        this.vertx = vertx;
        this.budget = budget;
        this.perSource = perSource;
        AtomicInteger numbers = new AtomicInteger();
        this.threads = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "shouli-parse-" + numbers.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.watchdog = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "shouli-parse-watchdog");
            t.setDaemon(true);
            return t;
        });
    }

    public Duration budget() {
        return budget;
    }

    /** The source name of a submission's channel and transport, as {@link #run} takes it. */
    public static String source(String channel, String transport) {
        return channel + "/" + transport;
    }

    /**
     * Runs {@code work} in the lane of {@code source}. The budget counts from when a thread starts it, not while it
     * queues.
     *
     * @return completes on the caller's context; fails with {@link OverBudgetException} once the budget is spent
     */
    public <T> Future<T> run(String source, Callable<T> work) {
        Context context = vertx.getOrCreateContext();
        Promise<T> result = Promise.promise();
        if (closed) {
            return Future.failedFuture(new RejectedExecutionException("the parse workers are closed"));
        }
        Job<T> job = new Job<>(context, result, work);
        lanes.computeIfAbsent(source, s -> new Lane()).offer(job);
        return result.future();
    }

    /** True for the failures that mean "reading this input took too long": quarantine, do not retry. */
    public static boolean isOverBudget(Throwable t) {
        return t instanceof OverBudgetException || t instanceof TextBudgetExceededException;
    }

    /**
     * Stops taking work, fails what still waits, interrupts what runs and waits (at most a budget and a second) for
     * it to end, so no worker outlives the Vert.x it answers on. Blocks: call it off the event loops.
     */
    public void close() {
        closed = true;
        List<Job<?>> waiting = new ArrayList<>();
        lanes.values().forEach(lane -> lane.drainTo(waiting));
        waiting.forEach(job -> job.fail(new RejectedExecutionException("the parse workers are closed")));
        threads.shutdownNow();
        try {
            if (!threads.awaitTermination(budget.toMillis() + 1000, TimeUnit.MILLISECONDS)) {
                LOG.warn("a parse worker was still running {} ms after it was interrupted", budget.toMillis() + 1000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        watchdog.shutdownNow();
    }

    /** One source's queue and how many of its jobs run now. */
    private final class Lane {
        private final ArrayDeque<Job<?>> queue = new ArrayDeque<>();
        private int running;

        void offer(Job<?> job) {
            synchronized (this) {
                if (running >= perSource) {
                    queue.add(job);
                    return;
                }
                running++;
            }
            start(job);
        }

        private void start(Job<?> first) {
            try {
                threads.execute(() -> {
                    for (Job<?> job = first; job != null; job = next()) {
                        job.run();
                    }
                });
            } catch (RejectedExecutionException e) {
                synchronized (this) {
                    running--;
                }
                first.fail(e);
            }
        }

        /** The next job of this lane for the thread that finished one, or null (the thread leaves the lane). */
        private synchronized Job<?> next() {
            Job<?> job = closed ? null : queue.poll();
            if (job == null) {
                running--;
            }
            return job;
        }

        synchronized void drainTo(List<Job<?>> out) {
            out.addAll(queue);
            queue.clear();
        }
    }

    /** One piece of work, the promise it answers and the context it answers on. */
    private final class Job<T> {
        private final Context context;
        private final Promise<T> result;
        private final Callable<T> work;

        Job(Context context, Promise<T> result, Callable<T> work) {
            this.context = context;
            this.result = result;
            this.work = work;
        }

        void run() {
            Watch watch = new Watch();
            watch.start();
            ScheduledFuture<?> alarm;
            try {
                alarm = watchdog.schedule(() -> {
                    if (watch.stop()) {
                        fail(new OverBudgetException(budget));
                    }
                }, budget.toMillis(), TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException e) {
                watch.finish();
                fail(e); // closing
                return;
            }
            try {
                T value = work.call();
                answer(() -> result.tryComplete(value));
            } catch (TextBudgetExceededException e) {
                fail(watch.stopped() ? new OverBudgetException(budget) : e);
            } catch (Throwable e) { // whatever happens, the caller is answered
                fail(e);
            } finally {
                alarm.cancel(false);
                watch.finish();
            }
        }

        void fail(Throwable failure) {
            answer(() -> result.tryFail(failure));
        }

        /** On the caller's context; a Vert.x that is closing takes nothing any more, and nobody waits then. */
        private void answer(Runnable action) {
            try {
                context.runOnContext(v -> action.run());
            } catch (RejectedExecutionException e) {
                LOG.debug("parse result dropped: Vert.x is closing");
            }
        }
    }

    /** The thread running one piece of work, and whether its alarm rang. */
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
