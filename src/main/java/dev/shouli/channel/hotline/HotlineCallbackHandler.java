package dev.shouli.channel.hotline;

import dev.shouli.channel.hotline.HotlineConfig.Source;
import dev.shouli.core.outbox.OutboxHandler;
import dev.shouli.core.outbox.OutboxItem;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Delivers one source's callbacks: the queued payload POSTed as JSON to the source's callback URL, signed
 * like the platform signs its tickets, with the outbox key as {@code Idempotency-Key} so a repeated delivery
 * can be recognised. A 2xx is delivered; a refusal that retrying cannot change is permanent; anything else
 * (5xx, timeouts, 401/403 while a secret is being rotated, 408, 409, 429) is tried again with backoff.
 */
public final class HotlineCallbackHandler implements OutboxHandler {

    private static final Set<Integer> RETRYABLE_4XX = Set.of(401, 403, 408, 409, 425, 429);

    private final Source source;
    private final WebClient client;
    private final long timeoutMillis;
    private final Clock clock;

    HotlineCallbackHandler(Source source, WebClient client, long timeoutMillis, Clock clock) {
        this.source = source;
        this.client = client;
        this.timeoutMillis = timeoutMillis;
        this.clock = clock;
    }

    /** Handlers for the sources that have a callback URL and a secret; the others' callbacks stay queued. */
    public static List<OutboxHandler> forSources(Vertx vertx, HotlineConfig config, Clock clock) {
        WebClient client = WebClient.create(vertx, new WebClientOptions().setUserAgent("Shouli-Hotline/1"));
        List<OutboxHandler> handlers = new ArrayList<>();
        for (Source s : config.sources()) {
            if (s.callbackUrl() != null && s.secret() != null) {
                handlers.add(new HotlineCallbackHandler(s, client, config.callbackTimeout().toMillis(), clock));
            }
        }
        return handlers;
    }

    @Override
    public String kind() {
        return HotlineCallbacks.KIND;
    }

    @Override
    public String channel() {
        return source.channel();
    }

    @Override
    public Future<String> deliver(OutboxItem item) {
        byte[] body = item.payload().encode().getBytes(StandardCharsets.UTF_8);
        long timestamp = clock.instant().getEpochSecond();
        return client.postAbs(source.callbackUrl().toString())
                .timeout(timeoutMillis)
                .putHeader("Content-Type", "application/json; charset=utf-8")
                .putHeader("Idempotency-Key", item.idempotencyKey())
                .putHeader(HotlineSignature.TIMESTAMP_HEADER, String.valueOf(timestamp))
                .putHeader(HotlineSignature.SIGNATURE_HEADER, "sha256=" + HotlineSignature.sign(source.secret(), timestamp, body))
                .sendBuffer(Buffer.buffer(body))
                .map(response -> {
                    int status = response.statusCode();
                    String answer = response.bodyAsString() == null ? "" : response.bodyAsString();
                    String summary = "HTTP " + status + (answer.isBlank() ? "" : ": " + abbreviate(answer));
                    if (status >= 200 && status < 300) {
                        return summary;
                    }
                    if (status >= 400 && status < 500 && !RETRYABLE_4XX.contains(status)) {
                        throw new PermanentFailure("the platform refused the " + item.payload().getString("type")
                                + " callback: " + summary);
                    }
                    throw new IllegalStateException("the platform answered " + summary);
                });
    }

    private static String abbreviate(String s) {
        String oneLine = s.replaceAll("\\s+", " ").strip();
        return oneLine.length() <= 200 ? oneLine : oneLine.substring(0, 200) + "…";
    }
}
