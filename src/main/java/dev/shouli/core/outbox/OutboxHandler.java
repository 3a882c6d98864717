package dev.shouli.core.outbox;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/**
 * Delivers one kind of outbox item on one channel (a receipt by email, a sign-for callback to a hotline,
 * a desk webhook). A failed future means "try again later"; {@link PermanentFailure} means "never works".
 * Deliveries must be safe to repeat: pass {@link OutboxItem#idempotencyKey()} to receivers that accept one.
 */
public interface OutboxHandler {

    String kind();

    String channel();

    /** @return a short description of the result (a provider message id, an HTTP status) */
    Future<String> deliver(OutboxItem item);

    /** A failure retrying cannot fix (a refused address, a 4xx from the receiver). */
    final class PermanentFailure extends RuntimeException {
        public PermanentFailure(String message) {
            super(message);
        }
    }

    /**
     * Nothing was sent because this gateway is not set up to send it (no mailer, no SMS send provider), so
     * retrying cannot help until an operator configures one. The item is recorded as {@code unsent} with the
     * reason and a preview of what would have gone out, visible on the case and in the outbox API, and an
     * operator's retry puts it back in the queue once sending is configured.
     */
    final class NotSent extends RuntimeException {
        private final JsonObject preview;

        public NotSent(String reason, JsonObject preview) {
            super(reason, null, false, false);
            this.preview = preview;
        }

        /** What would have been sent (recipient, subject, text), for the person looking at the outbox. */
        public JsonObject preview() {
            return preview;
        }
    }
}
