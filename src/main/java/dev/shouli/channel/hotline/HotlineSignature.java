package dev.shouli.channel.hotline;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Locale;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The signature hotline platforms and we put on each other's requests: {@code X-Hotline-Timestamp} is the
 * time in Unix seconds, {@code X-Hotline-Signature} the hex HMAC-SHA256 of {@code "<timestamp>.<raw body>"}
 * under the source's shared secret (a {@code sha256=} prefix is accepted). The timestamp inside the MAC and
 * the replay window make a captured request useless after the window.
 */
public final class HotlineSignature {

    public static final String TIMESTAMP_HEADER = "X-Hotline-Timestamp";
    public static final String SIGNATURE_HEADER = "X-Hotline-Signature";

    /** Why a request is not accepted as coming from its source. */
    public enum Verdict { VALID, MISSING, MALFORMED_TIMESTAMP, STALE, MISMATCH }

    private HotlineSignature() {
    }

    public static String sign(String secret, long timestampSeconds, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update((timestampSeconds + ".").getBytes(StandardCharsets.US_ASCII));
            return HexFormat.of().formatHex(mac.doFinal(body));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JRE", e);
        }
    }

    public static Verdict verify(String secret, String timestampHeader, String signatureHeader, byte[] body,
                                 Instant now, Duration window) {
        if (timestampHeader == null || signatureHeader == null) {
            return Verdict.MISSING;
        }
        long timestamp;
        try {
            timestamp = Long.parseLong(timestampHeader.strip());
        } catch (NumberFormatException e) {
            return Verdict.MALFORMED_TIMESTAMP;
        }
        if (Math.abs(now.getEpochSecond() - timestamp) > window.toSeconds()) {
            return Verdict.STALE;
        }
        String given = signatureHeader.strip().toLowerCase(Locale.ROOT);
        if (given.startsWith("sha256=")) {
            given = given.substring("sha256=".length());
        }
        byte[] expected = sign(secret, timestamp, body).getBytes(StandardCharsets.US_ASCII);
        // Constant time, so the comparison does not tell an attacker how many characters were right.
        return MessageDigest.isEqual(expected, given.getBytes(StandardCharsets.US_ASCII)) ? Verdict.VALID
                : Verdict.MISMATCH;
    }
}
