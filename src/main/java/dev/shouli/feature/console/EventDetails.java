package dev.shouli.feature.console;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What the history recorded with an event, as one line in the console's language: each fact's name and value
 * (a rule dedup applied, a 回访 verdict, a deadline's new state) said in words; machine keys (request keys,
 * outbox keys) left out. Numbers and names are shown as recorded.
 */
final class EventDetails {

    /** Recorded for machines or shown elsewhere on the page. */
    private static final Set<String> HIDDEN = Set.of("from", "to", "via", "notice", "outboxKey", "channel",
            "requestKey", "verdictLabel", "characters", "noteId");

    private EventDetails() {
    }

    /** @param shown parameters already shown as the entry's text */
    static String of(Texts t, String kind, JsonObject detail, Set<String> shown) {
        if (detail == null || detail.isEmpty()) {
            return "";
        }
        StringBuilder out = new StringBuilder();
        JsonObject parameters = detail.getJsonObject("parameters");
        if (parameters != null) {
            for (Map.Entry<String, Object> e : parameters) {
                if (!shown.contains(e.getKey()) && !e.getKey().contains("@")) {
                    add(out, t, e.getKey(), e.getValue());
                }
            }
        }
        for (Map.Entry<String, Object> e : detail) {
            String key = e.getKey();
            if (HIDDEN.contains(key) || key.equals("parameters") || "via".equals(key)) {
                continue;
            }
            if (key.equals("deadlines") && e.getValue() instanceof JsonArray deadlines) {
                for (Object o : deadlines) {
                    if (o instanceof JsonObject d) {
                        out.append(out.isEmpty() ? "" : "; ").append(t.code("deadline", d.getString("kind"))).append("：")
                                .append(t.code("slaState", d.getString("state")));
                    }
                }
                continue;
            }
            add(out, t, key, e.getValue());
        }
        return out.toString();
    }

    private static void add(StringBuilder out, Texts t, String key, Object value) {
        if (value == null || value instanceof JsonArray a && a.isEmpty() || value instanceof JsonObject) {
            return;
        }
        String shown;
        if (value instanceof JsonArray a) {
            StringBuilder items = new StringBuilder();
            a.forEach(item -> items.append(items.isEmpty() ? "" : "、").append(item));
            shown = items.toString();
        } else if (key.equals("rule")) {
            shown = t.code("rule", slug(String.valueOf(value)));
        } else {
            shown = t.code("value." + key, String.valueOf(value));
        }
        out.append(out.isEmpty() ? "" : "; ").append(t.code("param", key)).append("：").append(shown);
    }

    /** "follow-up: reply on an open case" → "follow-up-reply-on-an-open-case", the key of its text. */
    static String slug(String rule) {
        return rule.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-|-$", "");
    }
}
