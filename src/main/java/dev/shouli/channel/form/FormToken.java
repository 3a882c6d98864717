package dev.shouli.channel.form;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The anti-forgery token every rendered form carries: {@code nonce.issuedAt.signature}, where the signature is
 * HMAC-SHA256 over the nonce, the issue time and the browser's double-submit cookie. A cross-site page can
 * neither read our cookie nor forge the signature, and a token lifted from one browser fails in another. The
 * key is shared by all gateway instances, so any instance verifies what another rendered. The nonce is the
 * form's redelivery key: submitting one rendered form twice makes one case.
 */
final class FormToken {

    /** Tokens issued this far "in the future" are accepted: instances' clocks differ a little. */
    private static final Duration CLOCK_SKEW = Duration.ofMinutes(5);
    private static final Pattern RANDOM_VALUE = Pattern.compile("[A-Za-z0-9_-]{22,64}");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final byte[] key;
    private final Duration ttl;

    FormToken(byte[] key, Duration ttl) {
        this.key = key.clone();
        this.ttl = ttl;
    }

    /** 128 random bits, URL-safe: used for nonces and double-submit cookie values. */
    static String randomValue() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    static boolean isWellFormedCookie(String value) {
        return value != null && RANDOM_VALUE.matcher(value).matches();
    }

    String issue(String cookie, Instant now) {
        String nonce = randomValue();
        long issued = now.getEpochSecond();
        return nonce + "." + issued + "." + sign(nonce, issued, cookie);
    }

    /**
     * The nonce of a valid token, or empty when the token is missing, malformed, expired, signed for another
     * cookie, or when the cookie and the form's copy of it differ.
     */
    Optional<String> verify(String token, String cookie, String cookieField, Instant now) {
        if (token == null || !isWellFormedCookie(cookie) || cookieField == null
                || !MessageDigest.isEqual(bytes(cookie), bytes(cookieField))) {
            return Optional.empty();
        }
        String[] parts = token.split("\\.", -1);
        if (parts.length != 3 || !RANDOM_VALUE.matcher(parts[0]).matches() || !parts[1].matches("\\d{1,12}")) {
            return Optional.empty();
        }
        long issued = Long.parseLong(parts[1]);
        Instant issuedAt = Instant.ofEpochSecond(issued);
        if (issuedAt.isAfter(now.plus(CLOCK_SKEW)) || issuedAt.plus(ttl).isBefore(now)) {
            return Optional.empty();
        }
        // Constant-time comparison: the signature cannot be found byte by byte from response times.
        if (!MessageDigest.isEqual(bytes(sign(parts[0], issued, cookie)), bytes(parts[2]))) {
            return Optional.empty();
        }
        return Optional.of(parts[0]);
    }

    private String sign(String nonce, long issued, String cookie) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            byte[] signature = mac.doFinal(bytes("shouli-form-v1\n" + nonce + "\n" + issued + "\n" + cookie));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(signature);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
