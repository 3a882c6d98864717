package dev.shouli.feature.dedup;

import dev.shouli.core.http.SignedTokens;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/**
 * The links that ask the contact on file of an existing case whether a new submission naming it is theirs:
 * {@code <http.publicBaseUrl>/confirm/<nonce>.<HMAC>}, signed with the 回访 link key under a label of their own
 * (a survey token is never a confirmation token), single-use (the nonce is stored on the pair and spent by the
 * decision) and valid for {@code possibleDuplicates.confirmLinkTtl}.
 */
public final class ConfirmLinks {

    public static final String PATH = "/confirm/";

    private final SignedTokens tokens;
    private final URI publicBaseUrl;
    private final Duration ttl;

    public ConfirmLinks(byte[] key, URI publicBaseUrl, Duration ttl) {
        this.tokens = new SignedTokens(key, "shouli-duplicate-confirm-v1");
        this.publicBaseUrl = publicBaseUrl;
        this.ttl = ttl;
    }

    SignedTokens.Issued issue() {
        return tokens.issue();
    }

    /** The nonce of an authentic token, or empty (forged, altered, malformed): refused before any look-up. */
    Optional<String> verify(String token) {
        return tokens.verify(token);
    }

    String url(String token) {
        return publicBaseUrl + PATH + token;
    }

    Duration ttl() {
        return ttl;
    }
}
