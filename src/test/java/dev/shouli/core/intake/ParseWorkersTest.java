package dev.shouli.core.intake;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shouli.core.intake.extract.BoundedText;
import io.vertx.core.Vertx;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Parsing off the event loop within a budget: over it, the caller is told at once and the worker is freed; each
 * source has its own share of workers.
 */
class ParseWorkersTest {

    private final Vertx vertx = Vertx.vertx();
    private final ParseWorkers workers = new ParseWorkers(vertx, 1, Duration.ofMillis(300));

    @AfterEach
    void close() {
        workers.close();
        vertx.close();
    }

    private static <T> Throwable failureOf(io.vertx.core.Future<T> f) throws Exception {
        try {
            f.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            return null;
        } catch (ExecutionException e) {
            return e.getCause();
        }
    }

    @Test
    void workRunsOnAParseWorkerNotAnEventLoop() throws Exception {
        String thread = workers.run("test/one", () -> Thread.currentThread().getName())
                .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);

        assertThat(thread).startsWith("shouli-parse");
    }

    @Test
    void workOverItsBudgetFailsAsOverBudgetAndFreesTheWorker() throws Exception {
        // Quadratic on purpose, and read through BoundedText: the interrupt stops it at the next check.
        BoundedText text = BoundedText.of("a".repeat(200_000));

        Throwable failure = failureOf(workers.run("test/one", () -> Pattern.compile("[a-z]+@").matcher(text).find()));

        assertThat(failure).isInstanceOf(ParseWorkers.OverBudgetException.class);
        assertThat(ParseWorkers.isOverBudget(failure)).isTrue();
        // The one worker is free again: the next piece of work runs, uninterrupted.
        assertThat(workers.run("test/one", () -> Thread.currentThread().isInterrupted())
                .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS)).isFalse();
    }

    @Test
    void workThatIgnoresInterruptsIsStillAnsweredWithinItsBudget() throws Exception {
        long started = System.nanoTime();

        Throwable failure = failureOf(workers.run("test/one", () -> {
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
            while (System.nanoTime() < end) {
                Thread.onSpinWait(); // code that never looks at the interrupt flag
            }
            return "late";
        }));

        assertThat(failure).isInstanceOf(ParseWorkers.OverBudgetException.class);
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started)).isLessThan(1_900);
    }

    @Test
    void failuresOfTheWorkAreTheCallersFailures() throws Exception {
        Throwable failure = failureOf(workers.run("test/one", () -> {
            throw new IllegalArgumentException("bad input");
        }));

        assertThat(failure).isInstanceOf(IllegalArgumentException.class).hasMessage("bad input");
    }

    @Test
    void aSourceWhoseWorkersAreAllBusyDoesNotDelayAnotherSource() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        List<Future<Boolean>> flood = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            flood.add(workers.run("email/smtp", () -> release.await(10, TimeUnit.SECONDS)));
        }

        String thread = workers.run("sms/twilio", () -> Thread.currentThread().getName())
                .toCompletionStage().toCompletableFuture().get(2, TimeUnit.SECONDS);

        assertThat(thread).startsWith("shouli-parse");
        assertThat(flood).noneMatch(Future::isComplete);
        release.countDown();
    }

    @Test
    void workOfOneSourceRunsAtMostPerSourceAtOnce() throws Exception {
        AtomicInteger running = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        List<Future<Integer>> all = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            all.add(workers.run("email/smtp", () -> {
                most.accumulateAndGet(running.incrementAndGet(), Math::max);
                Thread.sleep(20);
                return running.decrementAndGet();
            }));
        }

        Future.all(all).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);

        assertThat(most.get()).isEqualTo(1);
    }

    @Test
    void closeWaitsForRunningWorkAndFailsWaitingWork() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        AtomicBoolean finished = new AtomicBoolean();
        workers.run("email/smtp", () -> {
            started.countDown();
            try {
                Thread.sleep(5_000);
            } catch (InterruptedException e) {
                Thread.sleep(100); // work that takes a moment to end after its interrupt
                finished.set(true);
            }
            return null;
        });
        Future<Object> waiting = workers.run("email/smtp", () -> null);
        started.await(5, TimeUnit.SECONDS);

        workers.close();

        assertThat(finished).isTrue();
        assertThat(failureOf(waiting)).isInstanceOf(RejectedExecutionException.class);
    }
}
