package dev.shouli.channel.sms;

import io.vertx.core.Future;

/**
 * One provider's send API. A failed future is retried by the outbox with backoff; a
 * {@link dev.shouli.core.outbox.OutboxHandler.PermanentFailure} is not (a refused number, bad credentials).
 */
public interface SmsSender {

    String provider();

    /**
     * @param to             E.164
     * @param idempotencyKey passed to providers that accept a client reference, so a repeated send is traceable
     * @return the provider's message id
     */
    Future<String> send(String to, String text, String reference, String idempotencyKey);
}
