package dev.shouli.core.outbox;

import io.vertx.core.Future;

/**
 * The moment an outbox item passes out of our hands, for receivers that can be held at their last step: an SMTP
 * server takes a message only at the line that ends its data, and discards it if the connection drops before that
 * line. A handler that can hold back that last step calls {@link #record()} first and lets go only once it
 * succeeded; the item is then recorded as sent, durably, before the receiver can have it, so no instance ever
 * sends it again — not after a kill -9 of this one, nor after its lease ran out while it stalled (see
 * docs/architecture.md, "The outbox").
 *
 * <p>If {@code record()} fails, the handler must not let go (it closes the connection instead): another instance has
 * taken the item over, or the database could not record it. After a successful {@code record()}, the handler's
 * failure says what happened to the item: a refusal by the receiver (any failure) puts it back for another attempt
 * or makes it dead as usual; {@link OutboxHandler.Unconfirmed} keeps it sent, with the reason, because the receiver
 * may well have it.
 */
public interface HandOver {

    /** For a delivery that cannot be held back (HTTP, SMS APIs): nothing to record ahead. */
    HandOver NONE = () -> Future.succeededFuture();

    /** Records the item as sent; succeeds only if this attempt still owns it. */
    Future<Void> record();
}
