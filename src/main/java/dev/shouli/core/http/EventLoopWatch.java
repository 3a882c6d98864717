package dev.shouli.core.http;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.netty.util.concurrent.EventExecutor;
import io.vertx.core.Vertx;
import io.vertx.core.internal.VertxInternal;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Watches every event loop of a gateway. On each loop a tick runs every {@link #INTERVAL} and records two things
 * since the loop's previous tick:
 * <ul>
 *   <li><b>delay</b> — how late the tick ran: what anything arriving then (a health probe) waited before the loop
 *       got to it. On a loaded machine this includes time the operating system gave to other processes and GC
 *       pauses, which no code of ours can prevent;</li>
 *   <li><b>occupied</b> — how long the loop's own thread was busy meanwhile: its CPU time plus the time it was
 *       blocked on a lock or waiting. This is the part of the delay the gateway itself is to blame for (a regex
 *       over a long text, a lock held by a worker), and it does not grow with the load of the machine.</li>
 * </ul>
 * Both go to {@code /metrics} ({@code shouli_event_loop_delay_seconds}, {@code shouli_event_loop_occupied_seconds},
 * tagged by loop) and the worst of each is kept for tests ({@link #worst()}). Thread contention monitoring is
 * switched on for the JVM when it is supported, for the blocked and waiting times.
 */
public final class EventLoopWatch {

    public static final Duration INTERVAL = Duration.ofMillis(10);

    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private final boolean contention;
    private final List<Loop> loops = new ArrayList<>();
    private volatile boolean stopped;

    /** The worst delay and occupation seen on any loop since the watch started or was last reset. */
    public record Worst(Duration delay, Duration occupied) {
    }

    private EventLoopWatch() {
        boolean supported = threads.isThreadContentionMonitoringSupported();
        if (supported && !threads.isThreadContentionMonitoringEnabled()) {
            threads.setThreadContentionMonitoringEnabled(true);
        }
        contention = supported;
    }

    /** Starts a tick on every event loop of {@code vertx}; they stop when it closes (or at {@link #stop()}). */
    public static EventLoopWatch start(Vertx vertx, MeterRegistry registry) {
        EventLoopWatch watch = new EventLoopWatch();
        int index = 0;
        // Every loop, not just the HTTP verticles' own: PostgreSQL connections and timers run on the others, and
        // an HTTP verticle may share its thread with them.
        for (EventExecutor executor : ((VertxInternal) vertx).nettyEventLoopGroup()) {
            Loop loop = watch.new Loop(executor, "loop-" + index++, registry);
            watch.loops.add(loop);
            executor.execute(loop::first);
        }
        return watch;
    }

    public synchronized Worst worst() {
        long delay = 0;
        long occupied = 0;
        for (Loop l : loops) {
            delay = Math.max(delay, l.worstDelay);
            occupied = Math.max(occupied, l.worstOccupied);
        }
        return new Worst(Duration.ofNanos(delay), Duration.ofNanos(occupied));
    }

    /** Forgets the worst seen so far (a test resets it after warming the gateway up). */
    public synchronized void reset() {
        loops.forEach(l -> {
            l.worstDelay = 0;
            l.worstOccupied = 0;
        });
    }

    public void stop() {
        stopped = true;
    }

    /** One event loop's tick. Runs only on that loop's thread; the worst values are read under the watch's lock. */
    private final class Loop {
        private final EventExecutor executor;
        private final Timer delays;
        private final Timer occupations;
        private long due;
        private long cpu;
        private long blockedOrWaiting;
        private long worstDelay;
        private long worstOccupied;

        Loop(EventExecutor executor, String name, MeterRegistry registry) {
            this.executor = executor;
            this.delays = Timer.builder("shouli.event.loop.delay").tag("loop", name)
                    .description("how late a tick on the event loop ran").register(registry);
            this.occupations = Timer.builder("shouli.event.loop.occupied").tag("loop", name)
                    .description("CPU, blocked and waiting time of the loop's thread between two ticks")
                    .register(registry);
        }

        void first() {
            cpu = threads.getCurrentThreadCpuTime();
            blockedOrWaiting = blockedOrWaitingNanos();
            next(System.nanoTime());
        }

        void tick() {
            if (stopped) {
                return;
            }
            long now = System.nanoTime();
            long cpuNow = threads.getCurrentThreadCpuTime();
            long waitNow = blockedOrWaitingNanos();
            long delay = Math.max(0, now - due);
            long occupied = (cpuNow - cpu) + (waitNow - blockedOrWaiting);
            cpu = cpuNow;
            blockedOrWaiting = waitNow;
            delays.record(delay, TimeUnit.NANOSECONDS);
            occupations.record(occupied, TimeUnit.NANOSECONDS);
            synchronized (EventLoopWatch.this) {
                worstDelay = Math.max(worstDelay, delay);
                worstOccupied = Math.max(worstOccupied, occupied);
            }
            next(now);
        }

        private void next(long now) {
            due = now + INTERVAL.toNanos();
            if (!executor.isShuttingDown()) {
                executor.schedule(this::tick, INTERVAL.toNanos(), TimeUnit.NANOSECONDS);
            }
        }

        private long blockedOrWaitingNanos() {
            if (!contention) {
                return 0;
            }
            ThreadInfo info = threads.getThreadInfo(Thread.currentThread().getId());
            return info == null ? 0 : TimeUnit.MILLISECONDS.toNanos(Math.max(0, info.getBlockedTime())
                    + Math.max(0, info.getWaitedTime()));
        }
    }
}
