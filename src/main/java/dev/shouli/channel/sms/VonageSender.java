package dev.shouli.channel.sms;

import dev.shouli.core.outbox.OutboxHandler.PermanentFailure;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.util.Set;

/**
 * Vonage SMS API: {@code POST /sms/json} with {@code api_key}, {@code api_secret}, {@code from}, {@code to}
 * (international digits, no plus), {@code text}, {@code type=unicode} for text outside GSM-7 and
 * {@code client-ref}. Always HTTP 200; each message has a {@code status}: "0" sent, "1" throttled (retry),
 * others refused.
 */
public final class VonageSender implements SmsSender {

    /** Statuses that say "try later": throttled, internal error, communication failed. */
    private static final Set<String> RETRYABLE = Set.of("1", "5", "13");

    private final WebClient client;
    private final SmsConfig.Vonage config;

    public VonageSender(WebClient client, SmsConfig.Vonage config) {
        if (config.apiKey() == null || config.apiSecret() == null || config.from() == null) {
            throw new IllegalArgumentException("sending through Vonage needs SHOULI_VONAGE_API_KEY, "
                    + "SHOULI_VONAGE_API_SECRET and channels.sms.vonage.from");
        }
        this.client = client;
        this.config = config;
    }

    @Override
    public String provider() {
        return "vonage";
    }

    /**
     * "All API keys are set with 30 API requests per second throughput restriction by default", beyond which requests
     * are "rejected with status code 1 - Throttled" (https://api.support.vonage.com/hc/en-us/articles/203993598);
     * the parts of a long message count as one request.
     */
    @Override
    public double publishedRate() {
        return 30;
    }

    @Override
    public Future<String> send(String to, String text, String reference, String idempotencyKey,
                               String providerTemplate) {
        MultiMap form = MultiMap.caseInsensitiveMultiMap();
        form.add("api_key", config.apiKey());
        form.add("api_secret", config.apiSecret());
        form.add("from", config.from());
        form.add("to", to.startsWith("+") ? to.substring(1) : to);
        form.add("text", text);
        form.add("type", SmsSegments.isGsm7(text) ? "text" : "unicode");
        form.add("client-ref", idempotencyKey.length() > 100 ? idempotencyKey.substring(0, 100) : idempotencyKey);
        return client.postAbs(config.apiBaseUrl() + "/sms/json").sendForm(form, "UTF-8").map(VonageSender::messageId);
    }

    private static String messageId(HttpResponse<?> response) {
        if (response.statusCode() >= 500 || response.statusCode() == 429) {
            throw new IllegalStateException("Vonage answered " + response.statusCode());
        }
        if (response.statusCode() != 200) {
            throw new PermanentFailure("Vonage refused the request (" + response.statusCode() + ")");
        }
        JsonArray messages = response.bodyAsJsonObject().getJsonArray("messages");
        if (messages == null || messages.isEmpty()) {
            throw new IllegalStateException("Vonage answered without a message status");
        }
        JsonObject first = messages.getJsonObject(0);
        String status = String.valueOf(first.getValue("status"));
        if ("0".equals(status)) {
            return first.getString("message-id");
        }
        String detail = "status " + status + ": " + first.getString("error-text");
        if (RETRYABLE.contains(status)) {
            throw new IllegalStateException("Vonage could not send now, " + detail);
        }
        throw new PermanentFailure("Vonage refused the message, " + detail);
    }
}
