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

    /**
     * Delivers an item whose last step can be held back until {@code handOver} has recorded it as sent (see
     * {@link HandOver}); handlers that cannot hold anything back keep the one-argument form.
     */
    default Future<String> deliver(OutboxItem item, HandOver handOver) {
        return deliver(item);
    }

    /**
     * The most items a second this handler's receiver takes (an SMS provider's published send rate), shared by every
     * handler on the channel and every instance; 0 for no limit. Items beyond it wait their turn in the queue rather
     * than be refused.
     */
    default double sendsPerSecond() {
        return 0;
    }

    /** What one item counts against {@link #sendsPerSecond()} (an SMS of three segments may count three). */
    default int cost(OutboxItem item) {
        return 1;
    }

    /** A failure retrying cannot fix (a refused address, a 4xx from the receiver). */
    final class PermanentFailure extends RuntimeException {
        public PermanentFailure(String message) {
            super(message);
        }
    }

    /**
     * The item was handed over ({@link HandOver#record()} succeeded) but whether the receiver took it is not known:
     * the connection broke or timed out after the last step. Sending it again could deliver it twice, so it stays
     * sent, with this reason for operators.
     */
    final class Unconfirmed extends RuntimeException {
        public Unconfirmed(String message) {
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
