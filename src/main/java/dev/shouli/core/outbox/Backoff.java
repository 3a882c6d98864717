package dev.shouli.core.outbox;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/** Exponential backoff with ±20 % jitter, so retries of many items do not arrive in lockstep. */
public record Backoff(Duration initial, Duration max) {

    /** The wait after the {@code attempts}-th failed attempt (1-based). */
    public Duration after(int attempts) {
        long base = initial.toMillis() << Math.min(Math.max(attempts - 1, 0), 20);
        long capped = Math.min(base, max.toMillis());
        double jitter = 0.8 + ThreadLocalRandom.current().nextDouble() * 0.4;
        return Duration.ofMillis((long) (capped * jitter));
    }
}
