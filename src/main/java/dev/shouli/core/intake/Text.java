package dev.shouli.core.intake;

import dev.shouli.core.domain.FullWidth;
import java.util.regex.Pattern;

/** Small text clean-ups shared by every channel. */
public final class Text {

    private static final Pattern CONTROL = Pattern.compile("[\\x00-\\x08\\x0B\\x0C\\x0E-\\x1F\\x7F]");
    private static final Pattern WHITESPACE = Pattern.compile("\\s+");

    private Text() {
    }

    /** Full-width ASCII forms (ＡＢＣ１２３＠) and the ideographic space to their half-width forms. */
    public static String toHalfWidth(String s) {
        return FullWidth.toHalfWidth(s);
    }

    /**
     * Text as we store it: NUL and other C0 controls removed (PostgreSQL refuses NUL), line ends unified,
     * surrounding space trimmed; blank becomes null so "not given" has one representation.
     */
    public static String clean(String s) {
        if (s == null) {
            return null;
        }
        String cleaned = CONTROL.matcher(s.replace("\r\n", "\n").replace('\r', '\n')).replaceAll("").strip();
        return cleaned.isEmpty() ? null : cleaned;
    }

    /** {@link #clean} and then collapsed to one line, for names, addresses and subjects. */
    public static String cleanLine(String s) {
        String cleaned = clean(s);
        return cleaned == null ? null : WHITESPACE.matcher(cleaned).replaceAll(" ");
    }
}
