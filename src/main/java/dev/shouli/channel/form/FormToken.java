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

    /** What a posted token is: valid (with its nonce), authentic but too old, or not ours. */
    record Verdict(String nonce, boolean expired) {
        static final Verdict INVALID = new Verdict(null, false);

        boolean valid() {
            return nonce != null;
        }
    }

    /**
     * The nonce of a valid token, or empty when the token is missing, malformed, expired, signed for another
     * cookie, or when the cookie and the form's copy of it differ.
     */
    Optional<String> verify(String token, String cookie, String cookieField, Instant now) {
        return Optional.ofNullable(check(token, cookie, cookieField, now).nonce());
    }

    /**
     * As {@link #verify}, but tells an authentic token that outlived its lifetime (signed by us for this very
     * browser, so what came with it is the person's own) from one that is missing, forged or another browser's.
     */
    Verdict check(String token, String cookie, String cookieField, Instant now) {
        if (token == null || !isWellFormedCookie(cookie) || cookieField == null
                || !MessageDigest.isEqual(bytes(cookie), bytes(cookieField))) {
            return Verdict.INVALID;
        }
        String[] parts = token.split("\\.", -1);
        if (parts.length != 3 || !RANDOM_VALUE.matcher(parts[0]).matches() || !parts[1].matches("\\d{1,12}")) {
            return Verdict.INVALID;
        }
        long issued = Long.parseLong(parts[1]);
        Instant issuedAt = Instant.ofEpochSecond(issued);
        // Constant-time comparison: the signature cannot be found byte by byte from response times.
        if (!MessageDigest.isEqual(bytes(sign(parts[0], issued, cookie)), bytes(parts[2]))) {
            return Verdict.INVALID;
        }
        if (issuedAt.isAfter(now.plus(CLOCK_SKEW))) {
            return Verdict.INVALID;
        }
        if (issuedAt.plus(ttl).isBefore(now)) {
            return new Verdict(null, true);
        }
        return new Verdict(parts[0], false);
    }

    /**
     * The address of a form's receipt page: an HMAC of its nonce, so a double-posted form is sent to the same
     * page, and nobody without the address can compute it from what else they know (the reference, the nonce).
     */
    String receiptToken(String nonce) {
        return mac("shouli-receipt-v1\n" + nonce);
    }

    private String sign(String nonce, long issued, String cookie) {
        return mac("shouli-form-v1\n" + nonce + "\n" + issued + "\n" + cookie);
    }

    private String mac(String message) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(mac.doFinal(bytes(message)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
