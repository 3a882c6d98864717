package dev.shouli.channel.hotline;

import dev.shouli.core.config.ConfigException;
import dev.shouli.core.config.ConfigTree;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Hotline platforms that forward 12345 work orders, each with its own secret, callback address, sign-for
 * mode, source-IP allow-list and field-name mapping onto the default ticket schema.
 */
public record HotlineConfig(Duration replayWindow, Duration callbackTimeout, List<Source> sources) {

    /** When the sign-for (签收) callback is sent. */
    public enum SignFor {
        AUTOMATIC, ON_ACKNOWLEDGE;

        static SignFor parse(String value) {
            return switch (value) {
                case "automatic" -> AUTOMATIC;
                case "on-acknowledge" -> ON_ACKNOWLEDGE;
                default -> null;
            };
        }
    }

    /**
     * @param secret      HMAC-SHA256 key from {@code SHOULI_HOTLINE_<NAME>_SECRET}; null refuses every request
     * @param callbackUrl null when callbacks are not configured (they stay queued)
     * @param fields      schema field (dot path) → the platform's field name (dot path)
     * @param values      schema field → platform code → schema value (e.g. type "1" → 咨询)
     */
    public record Source(String name, String secret, URI callbackUrl, SignFor signFor, Set<String> allowedIps,
                         Map<String, String> fields, Map<String, Map<String, String>> values) {

        public String channel() {
            return "hotline:" + name;
        }

        /** The secret stays out of logs and error messages. */
        @Override
        public String toString() {
            return "Source[" + name + "]";
        }
    }

    public Source source(String name) {
        return sources.stream().filter(s -> s.name().equals(name)).findFirst().orElse(null);
    }

    public static String secretVariable(String sourceName) {
        return "SHOULI_HOTLINE_" + sourceName.replace('-', '_').toUpperCase(Locale.ROOT) + "_SECRET";
    }

    public static HotlineConfig from(ConfigTree c, Map<String, String> env) {
        List<Source> sources = new ArrayList<>();
        Set<String> names = new HashSet<>();
        List<?> entries = c.list("hotline.sources");
        for (int i = 0; i < entries.size(); i++) {
            String where = "hotline.sources[" + i + "]";
            if (!(entries.get(i) instanceof Map<?, ?> entry)) {
                throw new ConfigException(where + ": expected a mapping with name, callbackUrl, signFor, …");
            }
            String name = text(entry.get("name"));
            if (name == null || !name.matches("[a-z0-9][a-z0-9-]{0,39}")) {
                throw new ConfigException(where + ".name: expected 1 to 40 lower-case letters, digits or '-', got '"
                        + entry.get("name") + "'");
            }
            if (!names.add(name)) {
                throw new ConfigException(where + ".name: source '" + name + "' is configured twice");
            }
            String signFor = text(entry.get("signFor"));
            SignFor mode = SignFor.parse(signFor == null ? "automatic" : signFor);
            if (mode == null) {
                throw new ConfigException(where + ".signFor: expected automatic or on-acknowledge, got '" + signFor + "'");
            }
            String secret = text(env.get(secretVariable(name)));
            sources.add(new Source(name, secret, callbackUrl(where, text(entry.get("callbackUrl"))), mode,
                    Set.copyOf(strings(where + ".allowedIps", entry.get("allowedIps"))),
                    flatMap(where + ".fields", entry.get("fields")), valueMaps(where + ".values", entry.get("values"))));
        }
        return new HotlineConfig(c.duration("hotline.replayWindow"), c.duration("hotline.callbackTimeout"),
                List.copyOf(sources));
    }

    private static URI callbackUrl(String where, String value) {
        if (value == null) {
            return null;
        }
        try {
            URI uri = URI.create(value);
            if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
                throw new IllegalArgumentException("not an http(s) URL");
            }
            return uri;
        } catch (IllegalArgumentException e) {
            throw new ConfigException(where + ".callbackUrl: expected an http(s) URL, got '" + value + "'");
        }
    }

    private static String text(Object value) {
        if (value == null) {
            return null;
        }
        String s = value.toString().strip();
        return s.isEmpty() ? null : s;
    }

    private static List<String> strings(String where, Object value) {
        if (value == null) {
            return List.of();
        }
        if (!(value instanceof List<?> list)) {
            throw new ConfigException(where + ": expected a list");
        }
        return list.stream().map(String::valueOf).map(String::strip).toList();
    }

    private static Map<String, String> flatMap(String where, Object value) {
        if (value == null) {
            return Map.of();
        }
        if (!(value instanceof Map<?, ?> map)) {
            throw new ConfigException(where + ": expected a mapping of names");
        }
        Map<String, String> out = new LinkedHashMap<>();
        map.forEach((k, v) -> {
            if (v == null || v instanceof Map || v instanceof List) {
                throw new ConfigException(where + "." + k + ": expected a single name");
            }
            out.put(String.valueOf(k), String.valueOf(v).strip());
        });
        return Map.copyOf(out);
    }

    private static Map<String, Map<String, String>> valueMaps(String where, Object value) {
        if (value == null) {
            return Map.of();
        }
        if (!(value instanceof Map<?, ?> map)) {
            throw new ConfigException(where + ": expected a mapping of field → {code: value}");
        }
        Map<String, Map<String, String>> out = new LinkedHashMap<>();
        map.forEach((k, v) -> out.put(String.valueOf(k), flatMap(where + "." + k, v)));
        return Map.copyOf(out);
    }
}
