package dev.shouli.desk.console;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * Escaping for the console's pages. Every value that comes from a case, a submission or a user goes through
 * {@link #text} (element content) or {@link #attr} (always inside double quotes); nothing is ever written raw.
 */
final class Html {

    private Html() {
    }

    /** Escapes the five characters that can end text or an attribute; drops controls other than tab and newline. */
    static String text(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> {
                    if (c >= 0x20 && c != 0x7F || c == '\n' || c == '\t') {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }

    static String attr(String s) {
        return text(s);
    }

    /** A query-string value, then escaped for the attribute it goes into. */
    static String url(String s) {
        return URLEncoder.encode(s == null ? "" : s, StandardCharsets.UTF_8);
    }

    /** An id usable in HTML and CSS selectors, made of a reference or number only. */
    static String id(String prefix, String value) {
        return prefix + (value == null ? "" : value.replaceAll("[^A-Za-z0-9_-]", "_"));
    }
}
