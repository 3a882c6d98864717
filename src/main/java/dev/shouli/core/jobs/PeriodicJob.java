package dev.shouli.core.jobs;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Work done again and again on a timer, one round at a time per instance: a tick that comes while the last round
 * still runs is skipped, a failed round is logged and tried again at the next tick, and the timer stops with the
 * verticle. Work shared between instances is divided in PostgreSQL (SKIP LOCKED, advisory try-locks), not here.
 */
public abstract class PeriodicJob extends VerticleBase {

    private static final Logger LOG = LoggerFactory.getLogger(PeriodicJob.class);

    private final String name;
    private final Duration interval;
    private long timer = -1;
    private boolean running;

    /** @param name for the log line of a failed round, e.g. "SLA sweep" */
    protected PeriodicJob(String name, Duration interval) {
        this.name = name;
        this.interval = interval;
    }

    /** One round of the job. */
    protected abstract Future<?> round();

    /** Whether the job runs at all in this configuration; checked once at start. */
    protected boolean enabled() {
        return true;
    }

    /** How long after start the first round runs; the interval by default. */
    protected Duration firstDelay() {
        return interval;
    }

    /** Work before the first tick (reading a starting position); start fails if it does. */
    protected Future<?> starting() {
        return Future.succeededFuture();
    }

    @Override
    public final Future<?> start() {
        if (!enabled()) {
            return Future.succeededFuture();
        }
        return starting().onSuccess(v -> timer = vertx.setPeriodic(Math.max(1, firstDelay().toMillis()),
                interval.toMillis(), id -> runRound()));
    }

    /**
     * Runs a round now unless one is running (then this one is skipped). Tests call it instead of waiting for the
     * timer; it answers when the round has finished, failed rounds included.
     */
    public final Future<Void> runRound() {
        if (running) {
            return Future.succeededFuture();
        }
        running = true;
        Future<?> round;
        try {
            round = round();
        } catch (RuntimeException e) {
            round = Future.failedFuture(e);
        }
        return round.transform(done -> {
            running = false;
            if (done.failed()) {
                LOG.warn("{} failed; trying again at the next tick: {}", name, done.cause().toString());
            }
            return Future.<Void>succeededFuture();
        });
    }

    /** Whether a round is running now. */
    protected final boolean running() {
        return running;
    }

    @Override
    public final Future<?> stop() {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
        return stopping();
    }

    /** Work when the verticle stops, after the timer was cancelled. */
    protected Future<?> stopping() {
        return Future.succeededFuture();
    }
}
