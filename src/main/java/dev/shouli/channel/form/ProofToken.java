package dev.shouli.channel.form;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * What the status page hands a person who has just proven a case's contact, so that what they add next goes to that
 * case without proving it again: {@code <payload>.<HMAC-SHA256>} of the reference, when it was issued and a random
 * nonce, under the form key every instance shares. It names one case, lasts {@link #TTL}, and its nonce makes a
 * double-posted addition one submission.
 */
final class ProofToken {

    /** Long enough to write a paragraph and find a photo; a proof is not kept for a day. */
    static final Duration TTL = Duration.ofHours(1);
    private static final String LABEL = "shouli-status-add-v1";
    private static final SecureRandom RANDOM = new SecureRandom();

    /** A verified token: the case it names and its nonce. */
    record Proof(String reference, String nonce) {
    }

    private final byte[] key;

    ProofToken(byte[] key) {
        this.key = key.clone();
    }

    String issue(String reference, Instant now) {
        byte[] bytes = new byte[12];
        RANDOM.nextBytes(bytes);
        String nonce = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        String payload = Base64.getUrlEncoder().withoutPadding().encodeToString(
                (reference + "|" + now.getEpochSecond() + "|" + nonce).getBytes(StandardCharsets.UTF_8));
        return payload + "." + sign(payload);
    }

    /** The proof a token carries, if it is ours, unaltered and not older than {@link #TTL}. */
    Optional<Proof> verify(String token, Instant now) {
        if (token == null || token.length() > 512) {
            return Optional.empty();
        }
        int dot = token.indexOf('.');
        if (dot <= 0) {
            return Optional.empty();
        }
        String payload = token.substring(0, dot);
        // Constant time: the signature cannot be found byte by byte from response times.
        if (!MessageDigest.isEqual(sign(payload).getBytes(StandardCharsets.US_ASCII),
                token.substring(dot + 1).getBytes(StandardCharsets.US_ASCII))) {
            return Optional.empty();
        }
        String[] parts;
        try {
            parts = new String(Base64.getUrlDecoder().decode(payload), StandardCharsets.UTF_8).split("\\|");
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        if (parts.length != 3) {
            return Optional.empty();
        }
        Instant issued = Instant.ofEpochSecond(Long.parseLong(parts[1]));
        boolean fresh = !issued.isAfter(now.plusSeconds(60)) && issued.plus(TTL).isAfter(now);
        return fresh ? Optional.of(new Proof(parts[0], parts[2])) : Optional.empty();
    }

    private String sign(String payload) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(
                    mac.doFinal((LABEL + "\n" + payload).getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }
}
