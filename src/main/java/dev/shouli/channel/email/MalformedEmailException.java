package dev.shouli.channel.email;

/** The message cannot be made sense of; it is stored and quarantined, never retried forever. */
final class MalformedEmailException extends Exception {

    MalformedEmailException(String message) {
        super(message);
    }

    MalformedEmailException(String message, Throwable cause) {
        super(message, cause);
    }
}
