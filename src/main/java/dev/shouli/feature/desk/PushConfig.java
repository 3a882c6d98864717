package dev.shouli.feature.desk;

import java.time.Duration;
import java.util.List;

/** Desk push: the event stream's polling and the webhooks per desk ({@code desk:} in config/shouli.yaml). */
public record PushConfig(Duration streamPollInterval, Duration relayInterval, Duration webhookTimeout,
                         List<DeskWebhook> webhooks) {

    /**
     * One desk's webhook. {@code events} empty means every event kind.
     * {@code secret} comes from SHOULI_DESK_WEBHOOK_SECRET_&lt;NAME&gt; only.
     */
    public record DeskWebhook(String name, String url, String secret, List<String> events) {
        @Override
        public String toString() {
            return "DeskWebhook[" + name + " → " + url + ", events " + events + "]";
        }
    }
}
