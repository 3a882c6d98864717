package dev.shouli.channel.sms;

import java.time.Instant;
import java.util.Map;

/**
 * A provider's webhook request with nothing decoded yet: providers sign the raw form, so they get it raw.
 *
 * @param rawQuery      the query string exactly as requested (null when none)
 * @param remoteAddress the connecting peer's address, for source allow-lists
 */
public record SmsWebhook(Instant receivedAt, String method, String rawQuery, String contentType,
                         Map<String, String> headers, byte[] body, String remoteAddress) {

    public String header(String name) {
        for (Map.Entry<String, String> e : headers.entrySet()) {
            if (e.getKey().equalsIgnoreCase(name)) {
                return e.getValue();
            }
        }
        return null;
    }

    /** Headers that carry secrets are never stored with the verbatim submission. */
    private static final java.util.Set<String> SECRET_HEADERS = java.util.Set.of("authorization", "cookie",
            "proxy-authorization", "x-shouli-token");

    /** The headers to keep with the submission: all but those carrying secrets. */
    public Map<String, String> storableHeaders() {
        Map<String, String> out = new java.util.LinkedHashMap<>();
        headers.forEach((k, v) -> {
            if (!SECRET_HEADERS.contains(k.toLowerCase(java.util.Locale.ROOT))) {
                out.put(k, v);
            }
        });
        return out;
    }

    /** The media type without parameters, lower case; null when there is no Content-Type. */
    public String mediaType() {
        return contentType == null ? null
                : contentType.split(";", 2)[0].strip().toLowerCase(java.util.Locale.ROOT);
    }
}
