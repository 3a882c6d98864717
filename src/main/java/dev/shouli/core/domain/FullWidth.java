package dev.shouli.core.domain;

/** Full-width ASCII forms (ＡＢＣ１２３＠), common in Chinese input methods, to their half-width forms. */
public final class FullWidth {

    private FullWidth() {
    }

    /** Maps U+FF01..U+FF5E to ASCII and the ideographic space to a space; other characters stay. */
    public static String toHalfWidth(String s) {
        if (s == null) {
            return null;
        }
        StringBuilder out = new StringBuilder(s.length());
        s.codePoints().forEach(c -> {
            if (c >= 0xFF01 && c <= 0xFF5E) {
                out.appendCodePoint(c - 0xFEE0);
            } else if (c == 0x3000) {
                out.append(' ');
            } else {
                out.appendCodePoint(c);
            }
        });
        return out.toString();
    }

    /** {@link #toHalfWidth(String)} of one UTF-16 character. */
    public static char toHalfWidth(char c) {
        return c >= 0xFF01 && c <= 0xFF5E ? (char) (c - 0xFEE0) : c == 0x3000 ? ' ' : c;
    }
}
