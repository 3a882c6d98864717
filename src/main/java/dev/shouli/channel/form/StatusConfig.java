package dev.shouli.channel.form;

import dev.shouli.core.config.ConfigTree;
import java.time.Duration;

/**
 * The citizen status page ({@code /status}, {@code POST /api/v1/status}): how many lookups a client and a
 * reference get per window, counted in PostgreSQL so several instances limit as one.
 *
 * @param clientAddressHeader a header set by your reverse proxy with the client's address ({@code X-Real-IP},
 *                            or {@code X-Forwarded-For}, whose last entry is used); null: the connecting peer
 */
public record StatusConfig(int clientLimit, Duration clientWindow, int referenceLimit, Duration referenceWindow,
                           int referenceDailyLimit, String clientAddressHeader) {

    public static StatusConfig from(ConfigTree c) {
        return new StatusConfig(
                c.intValue("status.clientLimit", 1, 1_000_000),
                c.duration("status.clientWindow"),
                c.intValue("status.referenceLimit", 1, 1_000_000),
                c.duration("status.referenceWindow"),
                c.intValue("status.referenceDailyLimit", 1, 1_000_000),
                c.optionalString("status.clientAddressHeader"));
    }
}
