package dev.shouli.feature.desk;

import dev.shouli.core.db.FeedPosition;
import dev.shouli.core.http.HttpProblem;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** Opaque cursors of the changes feed, told apart from list-page cursors by their prefix. */
final class ChangesCursor {

    private static final String PREFIX = "ch.";

    private ChangesCursor() {
    }

    static boolean isOne(String text) {
        return text != null && text.startsWith(PREFIX);
    }

    static String encode(FeedPosition position) {
        return PREFIX + Base64.getUrlEncoder().withoutPadding()
                .encodeToString(position.encode().getBytes(StandardCharsets.US_ASCII));
    }

    static FeedPosition decode(String text) {
        try {
            if (!isOne(text)) {
                throw new IllegalArgumentException("not a changes cursor");
            }
            return FeedPosition.parse(new String(Base64.getUrlDecoder().decode(text.substring(PREFIX.length())),
                    StandardCharsets.US_ASCII));
        } catch (IllegalArgumentException e) {
            throw HttpProblem.badRequest("cursor is not one the changes feed gave out; pass nextCursor back unchanged");
        }
    }
}
