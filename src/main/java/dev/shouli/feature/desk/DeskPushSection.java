package dev.shouli.feature.desk;

import dev.shouli.core.config.ConfigTree;
import dev.shouli.feature.desk.PushConfig.DeskWebhook;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Parses the desk push keys of {@code desk:}; webhook secrets come from the environment only. */
public final class DeskPushSection {

    private DeskPushSection() {
    }

    public static PushConfig from(ConfigTree c, Map<String, String> env) {
        List<DeskWebhook> webhooks = new ArrayList<>();
        Set<String> names = new HashSet<>();
        List<Object> items = items(c);
        for (int i = 0; i < items.size(); i++) {
            try {
                DeskWebhook hook = webhook(items.get(i), env);
                if (!names.add(hook.name())) {
                    throw new IllegalArgumentException("the name '" + hook.name() + "' is used twice");
                }
                webhooks.add(hook);
            } catch (RuntimeException e) {
                throw c.invalidEntry("desk.webhooks", "webhook " + (i + 1) + ": " + e.getMessage());
            }
        }
        return new PushConfig(c.duration("desk.streamPollInterval"), c.duration("desk.webhookRelayInterval"),
                c.duration("desk.webhookTimeout"), List.copyOf(webhooks));
    }

    /**
     * The YAML list, or from the environment (SHOULI_DESK_WEBHOOKS) entries separated by ';', each
     * {@code name=url} optionally followed by a space and comma-separated event kinds.
     */
    private static List<Object> items(ConfigTree c) {
        Object raw = c.rawValue("desk.webhooks");
        if (!(raw instanceof String text)) {
            return new ArrayList<>(c.list("desk.webhooks"));
        }
        List<Object> items = new ArrayList<>();
        for (String entry : text.split(";")) {
            if (entry.isBlank()) {
                continue;
            }
            String[] parts = entry.strip().split("\\s+", 2);
            int eq = parts[0].indexOf('=');
            if (eq < 1) {
                throw c.invalidEntry("desk.webhooks", "'" + entry.strip() + "' is not name=url [event,event]");
            }
            items.add(Map.of("name", parts[0].substring(0, eq), "url", parts[0].substring(eq + 1),
                    "events", parts.length > 1 ? parts[1] : ""));
        }
        return items;
    }

    static String secretVariable(String name) {
        return "SHOULI_DESK_WEBHOOK_SECRET_" + name.toUpperCase(Locale.ROOT).replace('-', '_');
    }

    private static DeskWebhook webhook(Object item, Map<String, String> env) {
        if (!(item instanceof Map<?, ?> map)) {
            throw new IllegalArgumentException("expected {name: …, url: …, events: […]}");
        }
        String name = String.valueOf(map.get("name") == null ? "" : map.get("name")).strip();
        if (!name.matches("[a-z0-9][a-z0-9-]{0,39}")) {
            throw new IllegalArgumentException("name must be 1 to 40 lower-case letters, digits or '-'");
        }
        String url = String.valueOf(map.get("url") == null ? "" : map.get("url")).strip();
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("url '" + url + "' is not a URL");
        }
        if (!"https".equals(uri.getScheme()) && !"http".equals(uri.getScheme()) || uri.getHost() == null) {
            throw new IllegalArgumentException("url must be an http(s) URL with a host, got '" + url + "'");
        }
        String secret = env.get(secretVariable(name));
        if (secret == null || secret.strip().length() < 16) {
            throw new IllegalArgumentException("set " + secretVariable(name)
                    + " to the HMAC secret shared with this desk (at least 16 characters)");
        }
        List<String> events = new ArrayList<>();
        Object listed = map.get("events");
        if (listed instanceof List<?> list) {
            list.forEach(e -> events.add(String.valueOf(e).strip()));
        } else if (listed != null) {
            events.addAll(ConfigTree.splitList(String.valueOf(listed)));
        }
        return new DeskWebhook(name, url, secret.strip(), List.copyOf(events));
    }
}
