package dev.shouli.drills;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

/**
 * When messages arrived during a drill: a count of what the receivers (an SMTP server, an SMS provider's fake) have
 * taken, looked at every 10 ms from its own thread, and each time it went up.
 */
final class Arrivals {

    private final Supplier<Integer> count;
    private final int from;
    /** System.nanoTime of each rise, and the count it rose to. */
    private final List<long[]> rises = new CopyOnWriteArrayList<>();
    private volatile boolean stop;
    private Thread thread;

    Arrivals(Supplier<Integer> count) {
        this.count = count;
        this.from = count.get();
    }

    Arrivals start() {
        thread = new Thread(() -> {
            int seen = from;
            while (!stop) {
                int now = count.get();
                if (now != seen) {
                    seen = now;
                    rises.add(new long[] {System.nanoTime(), now - from});
                }
                try {
                    Thread.sleep(10);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "drill-arrivals");
        thread.setDaemon(true);
        thread.start();
        return this;
    }

    void stop() throws InterruptedException {
        stop = true;
        thread.join(10_000);
    }

    /** When {@code n} had arrived since the watch began (System.nanoTime); Long.MAX_VALUE if never. */
    long when(long n) {
        return rises.stream().filter(r -> r[1] >= n).mapToLong(r -> r[0]).findFirst().orElse(Long.MAX_VALUE);
    }

    /** When the count last went up (System.nanoTime); Long.MAX_VALUE if it never did. */
    long last() {
        return rises.isEmpty() ? Long.MAX_VALUE : rises.get(rises.size() - 1)[0];
    }
}
