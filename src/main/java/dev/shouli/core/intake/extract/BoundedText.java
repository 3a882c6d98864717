package dev.shouli.core.intake.extract;

/**
 * Text for regular expressions that may only be read so often. A matcher reads its input through
 * {@link #charAt}; this counts the reads and stops the matcher with {@link TextBudgetExceededException} once it has
 * read more than its budget, or as soon as its thread is interrupted (a parse watchdog gave up waiting). The
 * patterns that read it are written to run in linear time, so the budget is never reached by honest text; it is
 * the guarantee that a pattern that turns out to backtrack cannot hold a thread for minutes.
 */
public final class BoundedText implements CharSequence {

    /** Reads allowed per character of input: every pattern of the extractor, several times over. */
    public static final long READS_PER_CHAR = 2_000;
    /** Reads allowed on top, so short texts are never limited. */
    public static final long READS_BASE = 1_000_000;

    private final String text;
    private final long limit;
    private long reads;

    private BoundedText(String text, long limit) {
        this.text = text;
        this.limit = limit;
    }

    /** {@code text} with the budget for its length. */
    public static BoundedText of(String text) {
        return new BoundedText(text, READS_BASE + READS_PER_CHAR * text.length());
    }

    /** How many characters matchers have read so far. */
    public long reads() {
        return reads;
    }

    @Override
    public char charAt(int index) {
        if (++reads > limit) {
            throw new TextBudgetExceededException("reading the text took more than " + limit + " character reads ("
                    + text.length() + " characters)");
        }
        // Checking the flag is cheap but not free: once every 4096 reads is often enough (microseconds).
        if ((reads & 0xFFF) == 0 && Thread.currentThread().isInterrupted()) {
            throw new TextBudgetExceededException("reading the text was stopped after " + reads + " character reads: "
                    + "it took longer than its time budget");
        }
        return text.charAt(index);
    }

    @Override
    public int length() {
        return text.length();
    }

    @Override
    public CharSequence subSequence(int start, int end) {
        // Matchers take groups through here; a group is a result, not more scanning, so it is a plain String.
        return text.substring(start, end);
    }

    @Override
    public String toString() {
        return text;
    }
}
