package dev.shouli.core.http;

/**
 * Escaping for every HTML page the gateway writes (the form, the status and confirmation pages, the survey page,
 * the desk console): one rule, so a value from a case, a submission or a user is never written raw anywhere.
 */
public final class HtmlText {

    private HtmlText() {
    }

    /**
     * A small page for people (confirmation, survey): no scripts, not for search engines, its own stylesheet.
     *
     * @param body already escaped HTML
     */
    public static String page(String lang, String title, String css, String body) {
        return "<!DOCTYPE html>\n<html lang=\"" + escape(lang) + "\">\n<head>\n<meta charset=\"utf-8\">\n"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                + "<meta name=\"robots\" content=\"noindex\">\n<title>" + escape(title) + "</title>\n<style>" + css
                + "</style>\n</head>\n<body>\n<main>\n" + body + "</main>\n</body>\n</html>\n";
    }

    /**
     * Escapes the five characters that can end element text or a double-quoted attribute, and drops control
     * characters other than tab and newline (they have no place on a page and some browsers render them oddly).
     */
    public static String escape(String s) {
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
}
