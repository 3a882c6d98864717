package dev.shouli.drills;

import dev.shouli.support.Http;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A desk agent's screen during a drill: one client asking for a case list again and again, each request after
 * the answer to the last and a short pause, as a page that refreshes itself would. Every request is kept with when
 * it was sent and how long its answer took, or that none came (the gateway was down), so a drill can give the
 * latency of the answers within any stretch of time.
 */
final class ListSampler {

    /** One request: status -1 when no answer came. */
    record Sample(long sentNanos, double millis, int status) {

        boolean answered() {
            return status >= 200 && status < 300;
        }
    }

    private static final long PAUSE_MILLIS = 50;

    private final Http http;
    private final String path;
    private final AtomicBoolean stop = new AtomicBoolean();
    private final List<Sample> samples = Collections.synchronizedList(new ArrayList<>());
    private Thread thread;

    /** @param path asked for with the desk token */
    ListSampler(int port, String path) {
        this.http = new Http(port);
        this.path = path;
    }

    ListSampler start() {
        thread = new Thread(this::loop, "drill-case-list");
        thread.setDaemon(true);
        thread.start();
        return this;
    }

    List<Sample> stop() throws InterruptedException {
        stop.set(true);
        thread.join(60_000);
        synchronized (samples) {
            return List.copyOf(samples);
        }
    }

    private void loop() {
        while (!stop.get()) {
            long sent = System.nanoTime();
            int status;
            try {
                status = http.desk(path).statusCode();
            } catch (UncheckedIOException | IllegalStateException e) {
                status = -1;
            }
            samples.add(new Sample(sent, (System.nanoTime() - sent) / 1e6, status));
            try {
                Thread.sleep(PAUSE_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** The {@code p}-th percentile (0 < p ≤ 100) of the answered requests' times, nearest rank; NaN for none. */
    static double percentile(List<Sample> samples, double p) {
        double[] sorted = samples.stream().filter(Sample::answered).mapToDouble(Sample::millis).sorted().toArray();
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(p / 100 * sorted.length);
        return sorted[Math.max(0, rank - 1)];
    }
}
