package dev.shouli.core.domain;

import java.time.Instant;
import java.util.Map;

/**
 * One arrival exactly as it came: kept verbatim next to what was made of it, so a parser fix can be
 * replayed over old input and an auditor sees what arrived.
 *
 * @param externalId the redelivery key within the channel (Idempotency-Key, Message-ID, form nonce, …);
 *                   null when the source gives none
 */
public record Submission(String channel, String transport, String externalId, Instant receivedAt,
                         String contentType, Map<String, String> headers, byte[] body) {

    public Submission {
        headers = headers == null ? Map.of() : Map.copyOf(headers);
        body = body == null ? new byte[0] : body;
    }
}
