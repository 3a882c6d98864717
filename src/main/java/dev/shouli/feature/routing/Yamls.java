package dev.shouli.feature.routing;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reading the routing section's structured values (taxonomies, units, rules) as YAML parsed them, each problem
 * reported with the path of the value, e.g. {@code rules[2].when.any[1]: unknown condition 'catgory'}.
 */
final class Yamls {

    private Yamls() {
    }

    static Map<?, ?> map(Object value, String path) {
        if (value instanceof Map<?, ?> m) {
            return m;
        }
        throw new IllegalArgumentException(path + ": expected a mapping of keys, got " + shown(value));
    }

    static List<?> list(Object value, String path) {
        if (value == null) {
            return List.of();
        }
        if (value instanceof List<?> l) {
            return l;
        }
        throw new IllegalArgumentException(path + ": expected a list, got " + shown(value));
    }

    static void onlyKeys(Map<?, ?> m, String path, String... allowed) {
        Set<String> known = Set.of(allowed);
        for (Object key : m.keySet()) {
            if (!known.contains(String.valueOf(key))) {
                throw new IllegalArgumentException(path + ": unknown key '" + key + "'; allowed are "
                        + List.of(allowed));
            }
        }
    }

    static String requiredString(Map<?, ?> m, String key, String path) {
        String s = optionalString(m, key, path);
        if (s == null) {
            throw new IllegalArgumentException(path + "." + key + ": is required");
        }
        return s;
    }

    static String optionalString(Map<?, ?> m, String key, String path) {
        Object v = m.get(key);
        if (v == null) {
            return null;
        }
        if (v instanceof Map || v instanceof List) {
            throw new IllegalArgumentException(path + "." + key + ": expected a single value, got " + shown(v));
        }
        String s = String.valueOf(v).strip();
        return s.isEmpty() ? null : s;
    }

    /** One value or a list of them, as strings; nothing is an empty list. */
    static List<String> strings(Object value, String path) {
        if (value == null) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (Object v : value instanceof List<?> l ? l : List.of(value)) {
            if (v == null || v instanceof Map || v instanceof List) {
                throw new IllegalArgumentException(path + ": expected words or codes, got " + shown(v));
            }
            String s = String.valueOf(v).strip();
            if (s.isEmpty()) {
                throw new IllegalArgumentException(path + ": an empty entry");
            }
            out.add(s);
        }
        return List.copyOf(out);
    }

    static double number(Object value, String path) {
        if (value instanceof Number n) {
            return n.doubleValue();
        }
        try {
            return Double.parseDouble(String.valueOf(value).strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(path + ": expected a number, got " + shown(value));
        }
    }

    private static String shown(Object v) {
        String s = String.valueOf(v);
        return "'" + (s.length() > 60 ? s.substring(0, 60) + "…" : s) + "'";
    }
}
