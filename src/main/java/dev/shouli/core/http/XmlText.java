package dev.shouli.core.http;

/** Escaping for the XML the gateway writes (Open311 GeoReport answers, Twilio TwiML replies). */
public final class XmlText {

    private XmlText() {
    }

    /** Escapes markup characters; characters XML 1.0 cannot carry at all are dropped rather than breaking the document. */
    public static String escape(String s) {
        StringBuilder out = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&apos;");
                default -> {
                    if (c >= 0x20 || c == '\n' || c == '\r' || c == '\t') {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }
}
