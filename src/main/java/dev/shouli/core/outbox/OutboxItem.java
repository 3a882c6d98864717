package dev.shouli.core.outbox;

import dev.shouli.core.db.RequestTag;
import io.vertx.core.json.JsonObject;
import java.time.Instant;

/**
 * One effect to carry out after commit: a receipt, a callback, a desk push.
 *
 * @param requestId the request whose transaction queued it (see {@link RequestTag}); null for older items
 */
public record OutboxItem(long id, Long caseId, String kind, String channel, JsonObject payload,
                         String idempotencyKey, int attempts, Instant createdAt, String requestId) {
}
