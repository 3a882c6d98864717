package dev.shouli.outbox;

import dev.shouli.store.OutboxItem;
import io.vertx.core.Future;

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
}
