package dev.shouli.channel.sms;

/** Every way a provider's payload can be unreadable ends here, answered 400 with this message. */
public final class MalformedPayloadException extends RuntimeException {

    public MalformedPayloadException(String message) {
        super(message, null, false, false);
    }
}
