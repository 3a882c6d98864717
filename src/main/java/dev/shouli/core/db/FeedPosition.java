package dev.shouli.core.db;

/**
 * A place in a feed ordered by (transaction id, row id). Only rows of transactions older than every running
 * one are read, and those can no longer change, so nothing can later appear before a position handed out:
 * a reader that resumes from one misses nothing, whichever instance wrote or reads.
 */
public record FeedPosition(String tx, long id) {

    /** As it appears in an SSE {@code id:} line, a webhook header and {@code Last-Event-ID}: "tx-id". */
    public String encode() {
        return tx + "-" + id;
    }

    /** @throws IllegalArgumentException for anything this gateway did not hand out */
    public static FeedPosition parse(String text) {
        String[] parts = text == null ? new String[0] : text.strip().split("-");
        if (parts.length != 2 || !parts[0].matches("\\d{1,20}") || !parts[1].matches("\\d{1,19}")) {
            throw new IllegalArgumentException("'" + text + "' is not an event id this gateway gave out");
        }
        return new FeedPosition(parts[0], Long.parseLong(parts[1]));
    }
}
