package dev.shouli.feature.desk;

import dev.shouli.core.cases.CaseQueries.CaseCursor;
import dev.shouli.core.http.HttpProblem;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;

/** Opaque page cursors: clients pass back what they were given and never build one. */
final class CursorCodec {

    private CursorCodec() {
    }

    static String encode(CaseCursor cursor) {
        String plain = cursor.receivedAt().getEpochSecond() + "." + cursor.receivedAt().getNano() + ":" + cursor.id();
        return Base64.getUrlEncoder().withoutPadding().encodeToString(plain.getBytes(StandardCharsets.US_ASCII));
    }

    static CaseCursor decode(String text) {
        try {
            String plain = new String(Base64.getUrlDecoder().decode(text), StandardCharsets.US_ASCII);
            String[] parts = plain.split("[.:]");
            return new CaseCursor(Instant.ofEpochSecond(Long.parseLong(parts[0]), Long.parseLong(parts[1])),
                    Long.parseLong(parts[2]));
        } catch (RuntimeException e) {
            throw HttpProblem.badRequest("cursor is not one this API gave out; pass nextCursor back unchanged");
        }
    }
}
