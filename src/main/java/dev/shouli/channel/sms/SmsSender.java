package dev.shouli.channel.sms;

import io.vertx.core.Future;

/**
 * One provider's send API. A failed future is retried by the outbox with backoff; a
 * {@link dev.shouli.core.outbox.OutboxHandler.PermanentFailure} is not (a refused number, bad credentials).
 */
public interface SmsSender {

    String provider();

    /**
     * The provider's published default send rate, per second: what {@code channels.sms.sendRate: 0} means. Each sender
     * cites where its provider publishes it; an account with more (a short code, a raised limit) sets its own.
     */
    double publishedRate();

    /** Whether the provider counts its rate in message segments rather than in API requests. */
    default boolean rateCountsSegments() {
        return false;
    }

    /**
     * @param to             E.164
     * @param idempotencyKey   passed to providers that accept a client reference, so a repeated send is traceable
     * @param providerTemplate for template-only providers, which approved template to fill
     * @return the provider's message id
     */
    Future<String> send(String to, String text, String reference, String idempotencyKey, String providerTemplate);

    /**
     * Whether this provider can send a notice whose template names {@code providerTemplate} (null: none). Free-text
     * providers send anything; template-only ones (Aliyun) only what they have an approved template for.
     */
    default boolean sends(String providerTemplate) {
        return true;
    }
}
