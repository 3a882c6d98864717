package dev.shouli.core.intake.extract;

/**
 * Reading a text took longer than its budget (in character reads or in time). The text is not understood, but it
 * is not lost either: the channel stores the submission and quarantines it for a person.
 */
public final class TextBudgetExceededException extends RuntimeException {

    public TextBudgetExceededException(String message) {
        super(message, null, false, false);
    }
}
