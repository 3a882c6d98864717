package dev.shouli.core.intake;

/** The submission was stored but cannot be made into a complaint: it is quarantined, not dropped. */
public class NormalisationException extends RuntimeException {
    public NormalisationException(String message) {
        super(message);
    }
}
