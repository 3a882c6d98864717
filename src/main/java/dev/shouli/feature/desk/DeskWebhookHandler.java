package dev.shouli.feature.desk;

import dev.shouli.core.outbox.OutboxHandler;
import dev.shouli.core.outbox.OutboxItem;
import dev.shouli.feature.desk.PushConfig.DeskWebhook;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.WebClient;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;

/**
 * Delivers one desk's case events ({@code desk-event} on {@code webhook:<desk>}) as signed JSON POSTs.
 * 2xx: delivered. 408, 429 and 5xx, timeouts and connection errors: retried by the outbox with backoff.
 * Other 4xx: the receiver refuses this event for good. The outbox item's key goes along as
 * {@code Idempotency-Key}, so a receiver can drop the duplicate a crash between send and record may cause.
 */
public final class DeskWebhookHandler implements OutboxHandler {

    public static final String KIND = "desk-event";

    private final DeskWebhook webhook;
    private final WebClient client;
    private final Duration timeout;
    private final Clock clock;

    public DeskWebhookHandler(DeskWebhook webhook, WebClient client, Duration timeout, Clock clock) {
        this.webhook = webhook;
        this.client = client;
        this.timeout = timeout;
        this.clock = clock;
    }

    public static String channelFor(String desk) {
        return "webhook:" + desk;
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public String channel() {
        return channelFor(webhook.name());
    }

    @Override
    public Future<String> deliver(OutboxItem item) {
        byte[] body = item.payload().encode().getBytes(StandardCharsets.UTF_8);
        long timestamp = clock.instant().getEpochSecond();
        return client.postAbs(webhook.url())
                .timeout(timeout.toMillis())
                .putHeader("Content-Type", "application/json; charset=utf-8")
                .putHeader("User-Agent", "Shouli-Webhook/1")
                .putHeader(WebhookSignature.EVENT_HEADER, item.payload().getString("kind", ""))
                .putHeader(WebhookSignature.EVENT_ID_HEADER, item.payload().getString("id", ""))
                .putHeader(WebhookSignature.TIMESTAMP_HEADER, Long.toString(timestamp))
                .putHeader(WebhookSignature.SIGNATURE_HEADER, WebhookSignature.sign(webhook.secret(), timestamp, body))
                .putHeader("Idempotency-Key", item.idempotencyKey())
                .sendBuffer(Buffer.buffer(body))
                .map(response -> {
                    int status = response.statusCode();
                    if (status >= 200 && status < 300) {
                        return "HTTP " + status;
                    }
                    if (status == 408 || status == 429 || status >= 500) {
                        throw new IllegalStateException("desk " + webhook.name() + " answered HTTP " + status);
                    }
                    throw new PermanentFailure("desk " + webhook.name() + " refused the event with HTTP " + status);
                });
    }
}
