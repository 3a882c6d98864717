package dev.shouli.channel.sms;

import java.util.Optional;

/**
 * One SMS provider's webhook: how it proves it is the provider, how its payload reads, and what it expects
 * to be answered. Providers only translate and verify; {@link SmsIntake} takes the messages in.
 */
public interface SmsProvider {

    /** {@code twilio}, {@code vonage}, {@code aliyun}: the path segment and the submission transport. */
    String name();

    /** Whether the provider may deliver by GET (Vonage can be configured to). */
    boolean acceptsGet();

    /** Verify and report, but accept anyway — for a safe roll-out of a new secret or URL. */
    boolean logOnly();

    /**
     * @return empty when the request is authentic, else why not — worded for logs and the 403 detail,
     * never containing a secret or the expected signature
     */
    Optional<String> verificationFailure(SmsWebhook webhook);

    /** @throws MalformedPayloadException when the payload cannot be read */
    ParsedWebhook parse(SmsWebhook webhook);

    /**
     * The answer once everything in the request is committed.
     *
     * @param reply a text to send back in the answer itself, where the provider supports that; may be null
     */
    WebhookAnswer accepted(String reply);
}
