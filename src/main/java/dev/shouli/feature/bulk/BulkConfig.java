package dev.shouli.feature.bulk;

import dev.shouli.core.config.ConfigTree;
import java.time.Duration;

/**
 * Work on many cases at once ({@code bulk:} in config/shouli.yaml).
 *
 * @param pollInterval how often each instance looks for pending items of a batch
 * @param lanes        how many items one instance works on at the same time (each in its own transaction)
 */
public record BulkConfig(Duration pollInterval, int lanes) {

    static BulkConfig from(ConfigTree c) {
        return new BulkConfig(c.duration("bulk.pollInterval"), c.intValue("bulk.lanes", 1, 32));
    }
}
