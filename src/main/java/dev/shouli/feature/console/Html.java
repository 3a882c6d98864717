package dev.shouli.feature.console;

import dev.shouli.core.http.HtmlText;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * Escaping for the console's pages. Every value that comes from a case, a submission or a user goes through
 * {@link #text} (element content) or {@link #attr} (always inside double quotes); nothing is ever written raw.
 */
final class Html {

    private Html() {
    }

    /** Element text or a double-quoted attribute, escaped as on every page ({@link HtmlText#escape}). */
    static String text(String s) {
        return HtmlText.escape(s);
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
