package dev.shouli.channel;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Text as the gateway takes it from any channel, made so once, where the channel turns bytes into text (UTF-8
 * decoding, JSON, form fields, mail headers and bodies): NUL and the other C0 control characters except tab, line
 * feed and carriage return are removed — PostgreSQL's text and jsonb refuse NUL (22021, 22P05), and none of them is
 * text a person wrote — and unpaired surrogates and the noncharacters U+FFFE and U+FFFF become U+FFFD. The raw
 * bytes are stored beside what was made of them, so nothing is lost by it.
 */
public final class InputText {

    private static final char REPLACEMENT = '\uFFFD';

    private InputText() {
    }

    public static String clean(String s) {
        if (s == null || !needsCleaning(s)) {
            return s;
        }
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                out.append(c).append(s.charAt(++i));
            } else if (Character.isSurrogate(c) || c == '\uFFFE' || c == '\uFFFF') {
                out.append(REPLACEMENT);
            } else if (!isDroppedControl(c)) {
                out.append(c);
            }
        }
        return out.toString();
    }

    /** A decoded JSON value with every string in it (keys too) cleaned; other values as they are. */
    public static Object clean(Object json) {
        if (json instanceof String s) {
            return clean(s);
        }
        if (json instanceof JsonObject o) {
            JsonObject out = new JsonObject();
            o.forEach(e -> out.put(clean(e.getKey()), clean(e.getValue())));
            return out;
        }
        if (json instanceof JsonArray a) {
            JsonArray out = new JsonArray();
            a.forEach(v -> out.add(clean(v)));
            return out;
        }
        return json;
    }

    /** Decoded form fields, names and values cleaned. */
    public static Map<String, List<String>> clean(Map<String, List<String>> form) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        form.forEach((name, values) -> {
            List<String> cleaned = new ArrayList<>(values.size());
            values.forEach(v -> cleaned.add(clean(v)));
            out.computeIfAbsent(clean(name), k -> new ArrayList<>()).addAll(cleaned);
        });
        return out;
    }

    private static boolean needsCleaning(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 && isDroppedControl(c) || c == '\uFFFE' || c == '\uFFFF') {
                return true;
            }
            if (Character.isSurrogate(c)) {
                if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                    i++;
                } else {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean isDroppedControl(char c) {
        return c < 0x20 && c != '\t' && c != '\n' && c != '\r';
    }
}
