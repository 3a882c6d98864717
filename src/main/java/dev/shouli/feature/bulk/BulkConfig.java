package dev.shouli.feature.bulk;

import dev.shouli.core.config.ConfigTree;
import java.time.Duration;

/**
 * Work on many cases at once ({@code bulk:} in config/shouli.yaml).
 *
 * @param pollInterval how often each instance looks for pending items of a batch
 * @param lanes        how many items one instance works on at the same time (each in its own transaction)
 * @param maxAttempts  how often an item whose action fails (otherwise than by the case refusing it) is tried
 *                     before it is marked failed
 * @param retryDelay   the pause before the second attempt; it doubles for each one after
 */
public record BulkConfig(Duration pollInterval, int lanes, int maxAttempts, Duration retryDelay) {

    static BulkConfig from(ConfigTree c) {
        return new BulkConfig(c.duration("bulk.pollInterval"), c.intValue("bulk.lanes", 1, 32),
                c.intValue("bulk.maxAttempts", 1, 100), c.duration("bulk.retryDelay"));
    }

    /** The pause after the {@code attempts}-th failed attempt: retryDelay, doubling, at most a day. */
    Duration retryAfter(int attempts) {
        Duration after = retryDelay.multipliedBy(1L << Math.min(attempts - 1, 20));
        return after.compareTo(Duration.ofDays(1)) > 0 ? Duration.ofDays(1) : after;
    }
}
