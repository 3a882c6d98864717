package dev.shouli.core.intake;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shouli.core.intake.extract.BoundedText;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Parsing off the event loop within a budget: over it, the caller is told at once and the worker is freed. */
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
        String thread = workers.run(() -> Thread.currentThread().getName())
                .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);

        assertThat(thread).startsWith("shouli-parse");
    }

    @Test
    void workOverItsBudgetFailsAsOverBudgetAndFreesTheWorker() throws Exception {
        // Quadratic on purpose, and read through BoundedText: the interrupt stops it at the next check.
        BoundedText text = BoundedText.of("a".repeat(200_000));

        Throwable failure = failureOf(workers.run(() -> Pattern.compile("[a-z]+@").matcher(text).find()));

        assertThat(failure).isInstanceOf(ParseWorkers.OverBudgetException.class);
        assertThat(ParseWorkers.isOverBudget(failure)).isTrue();
        // The one worker is free again: the next piece of work runs, uninterrupted.
        assertThat(workers.run(() -> Thread.currentThread().isInterrupted())
                .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS)).isFalse();
    }

    @Test
    void workThatIgnoresInterruptsIsStillAnsweredWithinItsBudget() throws Exception {
        long started = System.nanoTime();

        Throwable failure = failureOf(workers.run(() -> {
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
        Throwable failure = failureOf(workers.run(() -> {
            throw new IllegalArgumentException("bad input");
        }));

        assertThat(failure).isInstanceOf(IllegalArgumentException.class).hasMessage("bad input");
    }
}
