package dev.shouli.feature.desk;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * How desk webhooks are signed: {@code X-Shouli-Signature: v1=<hex HMAC-SHA256(secret, timestamp + "." + body)>}
 * with {@code X-Shouli-Timestamp} the Unix time in seconds. Receivers recompute it over the raw body, compare
 * in constant time, and refuse timestamps far from their clock (replays).
 */
public final class WebhookSignature {

    public static final String SIGNATURE_HEADER = "X-Shouli-Signature";
    public static final String TIMESTAMP_HEADER = "X-Shouli-Timestamp";
    public static final String EVENT_ID_HEADER = "X-Shouli-Event-Id";
    public static final String EVENT_HEADER = "X-Shouli-Event";

    private WebhookSignature() {
    }

    public static String sign(String secret, long timestamp, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update((timestamp + ".").getBytes(StandardCharsets.US_ASCII));
            return "v1=" + HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
