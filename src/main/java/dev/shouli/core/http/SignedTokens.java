package dev.shouli.core.http;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The tokens in the links we send people (回访 answers, possible-duplicate confirmations):
 * {@code <nonce>.<signature>}, the signature an HMAC-SHA256 of the nonce under a key every instance shares,
 * prefixed with a label per kind of link, so a token of one kind is never valid as another even under one key.
 * A forged or altered token is refused before the database is asked; the nonce names the stored row that makes
 * the token single-use and lets it expire.
 */
public class SignedTokens {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Pattern FORM = Pattern.compile("([A-Za-z0-9_-]{22})\\.([A-Za-z0-9_-]{43})");

    private final byte[] key;
    private final String label;

    /** @param label what kind of link, e.g. {@code shouli-survey-v1}; part of what is signed */
    public SignedTokens(byte[] key, String label) {
        this.key = key.clone();
        this.label = label;
    }

    /** A new token; its nonce is what gets stored. */
    public Issued issue() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        String nonce = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        return new Issued(nonce, nonce + "." + sign(nonce));
    }

    public record Issued(String nonce, String token) {
    }

    /** The nonce of an authentic token; empty for anything malformed or not signed with our key. */
    public Optional<String> verify(String token) {
        if (token == null) {
            return Optional.empty();
        }
        var m = FORM.matcher(token);
        if (!m.matches()) {
            return Optional.empty();
        }
        // Constant time: the signature cannot be found byte by byte from response times.
        boolean authentic = MessageDigest.isEqual(sign(m.group(1)).getBytes(StandardCharsets.US_ASCII),
                m.group(2).getBytes(StandardCharsets.US_ASCII));
        return authentic ? Optional.of(m.group(1)) : Optional.empty();
    }

    private String sign(String nonce) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            byte[] signature = mac.doFinal((label + "\n" + nonce).getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(signature);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }
}
