package dev.shouli.core.http;

import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Per-client counters over fixed one-minute windows, in this process's memory: a flood from one client is refused
 * without a database write per request (a limit that costs the database as much as the flood protects nothing).
 * Several gateway processes each allow the limit; the documentation says so.
 */
public final class ClientRate {

    /** Clients remembered at most; past it, windows that ended are forgotten. */
    private static final int MAX_CLIENTS = 100_000;

    private final int perMinute;
    private final Clock clock;
    private final Map<String, Window> windows = new ConcurrentHashMap<>();

    private record Window(long minute, AtomicInteger hits) {
    }

    /** @param perMinute what one client may do per minute; 0: no limit */
    public ClientRate(int perMinute, Clock clock) {
        this.perMinute = perMinute;
        this.clock = clock;
    }

    /**
     * Counts one hit of {@code client}.
     *
     * @return 0 when it is within the limit, else the seconds until the client's window ends (for Retry-After)
     */
    public long take(String client) {
        if (perMinute == 0) {
            return 0;
        }
        long nowSeconds = clock.millis() / 1000;
        long minute = nowSeconds / 60;
        if (windows.size() > MAX_CLIENTS) {
            windows.values().removeIf(w -> w.minute() < minute);
        }
        Window w = windows.compute(client == null ? "" : client,
                (k, old) -> old == null || old.minute() != minute ? new Window(minute, new AtomicInteger()) : old);
        return w.hits().incrementAndGet() <= perMinute ? 0 : Math.max(1, (minute + 1) * 60 - nowSeconds);
    }
}
