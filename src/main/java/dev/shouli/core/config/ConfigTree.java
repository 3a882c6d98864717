package dev.shouli.core.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * Layered configuration as a tree of maps: defaults, then an optional file, then {@code SHOULI_…}
 * environment variables. Every leaf of the defaults has an environment name made from its path
 * ({@code http.bodyLimitBytes} → {@code SHOULI_HTTP_BODY_LIMIT_BYTES}), so no key needs its own code.
 * Typed getters fail with a message naming the key and the source of the bad value.
 */
public final class ConfigTree {

    private static final Pattern SIMPLE_DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)");

    /**
     * Keys that moved, old path to new path. The old name keeps working from a file and from the environment,
     * with a warning at start and in check-config, so an upgrade never breaks a deployment's configuration.
     */
    static final Map<String, String> MOVED = Map.of("survey.publicBaseUrl", "http.publicBaseUrl");

    private final Map<String, Object> root;
    private final Map<String, String> origins = new LinkedHashMap<>();
    private final List<String> warnings = new ArrayList<>();

    private ConfigTree(Map<String, Object> root) {
        this.root = root;
    }

    /** The built-in defaults ({@code config/shouli.yaml} on the classpath), then {@code overrideFile}, then env. */
    public static ConfigTree load(Path overrideFile, Map<String, String> env) {
        try (InputStream defaults = ConfigTree.class.getResourceAsStream("/config/shouli.yaml")) {
            if (defaults == null) {
                throw new ConfigException("built-in config/shouli.yaml is missing from the classpath");
            }
            return fromYaml(defaults, overrideFile, env);
        } catch (IOException e) {
            throw new ConfigException("cannot read built-in defaults: " + e.getMessage(), e);
        }
    }

    public static ConfigTree fromYaml(InputStream defaults, Path overrideFile, Map<String, String> env) {
        Map<String, Object> tree = readYaml(defaults, "built-in defaults");
        ConfigTree config = new ConfigTree(tree);
        if (overrideFile != null) {
            Map<String, Object> override;
            try (InputStream in = Files.newInputStream(overrideFile)) {
                override = readYaml(in, overrideFile.toString());
            } catch (IOException e) {
                throw new ConfigException("cannot read config file " + overrideFile + ": " + e.getMessage(), e);
            }
            config.merge(tree, override, "", overrideFile.toString());
        }
        config.applyEnvironment(tree, "", env);
        config.applyMovedEnvironment(env);
        return config;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> readYaml(InputStream in, String source) {
        try (Reader reader = new java.io.InputStreamReader(in, StandardCharsets.UTF_8)) {
            Object loaded = new Yaml(new SafeConstructor(new LoaderOptions())).load(reader);
            if (loaded == null) {
                return new LinkedHashMap<>();
            }
            if (!(loaded instanceof Map)) {
                throw new ConfigException(source + ": the top level must be a mapping of keys");
            }
            return new LinkedHashMap<>((Map<String, Object>) loaded);
        } catch (IOException | RuntimeException e) {
            if (e instanceof ConfigException ce) {
                throw ce;
            }
            throw new ConfigException(source + ": not valid YAML: " + e.getMessage(), e);
        }
    }

    @SuppressWarnings("unchecked")
    private void merge(Map<String, Object> base, Map<String, Object> override, String prefix, String source) {
        for (Map.Entry<String, Object> e : override.entrySet()) {
            String path = prefix + e.getKey();
            Object existing = base.get(e.getKey());
            if (existing instanceof Map && e.getValue() instanceof Map) {
                Map<String, Object> copy = new LinkedHashMap<>((Map<String, Object>) existing);
                base.put(e.getKey(), copy);
                merge(copy, (Map<String, Object>) e.getValue(), path + ".", source);
            } else if (MOVED.containsKey(path)) {
                warnings.add(source + ": '" + path + "' is now '" + MOVED.get(path) + "'; the old name still works");
                set(MOVED.get(path), e.getValue());
                origins.put(MOVED.get(path), source + " (as " + path + ")");
            } else {
                if (existing == null && !base.containsKey(e.getKey())) {
                    throw new ConfigException(source + ": unknown key '" + path + "'");
                }
                base.put(e.getKey(), e.getValue());
                origins.put(path, source);
            }
        }
    }

    @SuppressWarnings("unchecked")
    private void applyEnvironment(Map<String, Object> node, String prefix, Map<String, String> env) {
        for (Map.Entry<String, Object> e : node.entrySet()) {
            String path = prefix + e.getKey();
            if (e.getValue() instanceof Map) {
                applyEnvironment((Map<String, Object>) e.getValue(), path + ".", env);
            } else {
                String name = environmentName(path);
                if (env.containsKey(name)) {
                    e.setValue(env.get(name));
                    origins.put(path, "environment " + name);
                }
            }
        }
    }

    /** An old variable name still sets its moved key, unless the new name is set too. */
    private void applyMovedEnvironment(Map<String, String> env) {
        MOVED.forEach((old, now) -> {
            String oldName = environmentName(old);
            if (env.containsKey(oldName) && !env.containsKey(environmentName(now))) {
                warnings.add(oldName + " is now " + environmentName(now) + "; the old name still works");
                set(now, env.get(oldName));
                origins.put(now, "environment " + oldName);
            }
        });
    }

    @SuppressWarnings("unchecked")
    private void set(String path, Object value) {
        String[] parts = path.split("\\.");
        Map<String, Object> node = root;
        for (int i = 0; i < parts.length - 1; i++) {
            node = (Map<String, Object>) node.get(parts[i]);
        }
        node.put(parts[parts.length - 1], value);
    }

    /** Notes a setting that works but should be changed, for the start-up log and check-config. */
    public void warn(String warning) {
        if (!warnings.contains(warning)) {
            warnings.add(warning);
        }
    }

    /** Settings that work but should be changed (moved keys), for the start-up log and check-config. */
    public List<String> warnings() {
        return List.copyOf(warnings);
    }

    /** The environment names of the moved keys' old paths, which are settings although no key has them now. */
    public static List<String> movedEnvironmentNames() {
        return MOVED.keySet().stream().map(ConfigTree::environmentName).toList();
    }

    public static String environmentName(String path) {
        String snake = path.replace('.', '_').replaceAll("([a-z0-9])([A-Z])", "$1_$2");
        return "SHOULI_" + snake.toUpperCase(Locale.ROOT);
    }

    private Object raw(String path) {
        Object node = root;
        for (String part : path.split("\\.")) {
            if (!(node instanceof Map<?, ?> map) || !map.containsKey(part)) {
                throw new ConfigException("missing configuration key '" + path + "'");
            }
            node = map.get(part);
        }
        return node;
    }

    private ConfigException invalid(String path, Object value, String expected) {
        String origin = origins.getOrDefault(path, "built-in defaults");
        return new ConfigException("invalid value for '" + path + "' (" + environmentName(path) + ", from "
                + origin + "): expected " + expected + ", got '" + value + "'");
    }

    /** A list (of maps or scalars) as parsed from YAML; an empty key is an empty list. */
    public List<?> list(String path) {
        Object v = raw(path);
        if (v == null) {
            return List.of();
        }
        if (!(v instanceof List<?> list)) {
            throw invalid(path, v, "a list (set it in a config file; lists cannot come from one variable)");
        }
        return list;
    }

    /** A string, or null when the key is empty: empty means "not set". */
    public String optionalString(String path) {
        Object v = raw(path);
        if (v == null) {
            return null;
        }
        String s = v.toString().strip();
        return s.isEmpty() ? null : s;
    }

    public String string(String path) {
        String s = optionalString(path);
        if (s == null) {
            throw invalid(path, "", "a non-empty value");
        }
        return s;
    }

    public long longValue(String path, long min, long max) {
        Object v = raw(path);
        long value;
        try {
            value = v instanceof Number n ? n.longValue() : Long.parseLong(String.valueOf(v).strip());
        } catch (NumberFormatException e) {
            throw invalid(path, v, "a whole number from " + min + " to " + max);
        }
        if (value < min || value > max) {
            throw invalid(path, v, "a whole number from " + min + " to " + max);
        }
        return value;
    }

    public int intValue(String path, int min, int max) {
        return (int) longValue(path, min, max);
    }

    /** A fraction such as 0.8, within [min, max]. */
    public double doubleValue(String path, double min, double max) {
        Object v = raw(path);
        double value;
        try {
            value = v instanceof Number n ? n.doubleValue() : Double.parseDouble(String.valueOf(v).strip());
        } catch (NumberFormatException e) {
            throw invalid(path, v, "a number from " + min + " to " + max);
        }
        if (!(value >= min && value <= max)) {
            throw invalid(path, v, "a number from " + min + " to " + max);
        }
        return value;
    }

    /** The value as YAML or the environment gave it (a list, a map, a string, a number). */
    public Object rawValue(String path) {
        return raw(path);
    }

    /** Every leaf of the effective tree by its dotted path, in file order; lists count as leaves. */
    public Map<String, Object> leaves() {
        Map<String, Object> out = new LinkedHashMap<>();
        flatten(root, "", out);
        return out;
    }

    @SuppressWarnings("unchecked")
    private static void flatten(Map<String, Object> node, String prefix, Map<String, Object> out) {
        for (Map.Entry<String, Object> e : node.entrySet()) {
            if (e.getValue() instanceof Map<?, ?> child) {
                flatten((Map<String, Object>) child, prefix + e.getKey() + ".", out);
            } else {
                out.put(prefix + e.getKey(), e.getValue());
            }
        }
    }

    /** Where the value at {@code path} came from: the built-in defaults, a file, or a variable. */
    public String origin(String path) {
        return origins.getOrDefault(path, "built-in defaults");
    }

    /** Wraps a problem found inside a structured value so the message names the key and its source. */
    public ConfigException invalidEntry(String path, String problem) {
        String origin = origins.getOrDefault(path, "built-in defaults");
        return new ConfigException("invalid value for '" + path + "' (from " + origin + "): " + problem);
    }

    /** A share such as a similarity threshold: a number from 0 to 1. */
    public double share(String path) {
        String value = string(path);
        try {
            double d = Double.parseDouble(value);
            if (d >= 0 && d <= 1) {
                return d;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw invalid(path, value, "a number from 0 to 1");
    }

    public boolean bool(String path) {
        Object v = raw(path);
        if (v instanceof Boolean b) {
            return b;
        }
        String s = String.valueOf(v).strip().toLowerCase(Locale.ROOT);
        return switch (s) {
            case "true", "yes", "on", "1" -> true;
            case "false", "no", "off", "0" -> false;
            default -> throw invalid(path, v, "true or false");
        };
    }

    /** Durations as {@code 90s}, {@code 30m}, {@code 24h}, {@code 15d} or ISO-8601 ({@code PT1H}). */
    public Duration duration(String path) {
        Object v = raw(path);
        String s = String.valueOf(v).strip();
        Matcher m = SIMPLE_DURATION.matcher(s);
        try {
            Duration d;
            if (m.matches()) {
                long n = Long.parseLong(m.group(1));
                d = switch (m.group(2)) {
                    case "ms" -> Duration.ofMillis(n);
                    case "s" -> Duration.ofSeconds(n);
                    case "m" -> Duration.ofMinutes(n);
                    case "h" -> Duration.ofHours(n);
                    default -> Duration.ofDays(n);
                };
            } else {
                d = Duration.parse(s);
            }
            if (d.isNegative() || d.isZero()) {
                throw invalid(path, v, "a positive duration such as 30m, 24h or 15d");
            }
            return d;
        } catch (RuntimeException e) {
            if (e instanceof ConfigException ce) {
                throw ce;
            }
            throw invalid(path, v, "a duration such as 30m, 24h or 15d");
        }
    }

    /** A duration written as in {@link #duration}, found inside a structured value. */
    public static Duration parseDuration(String text, String path) {
        Matcher m = SIMPLE_DURATION.matcher(text);
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            Duration d = switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            };
            if (!d.isZero()) {
                return d;
            }
        }
        throw new ConfigException("invalid duration '" + text + "' in '" + path + "': expected e.g. 30d or 24h");
    }

    public ZoneId zone(String path) {
        Object v = raw(path);
        try {
            return ZoneId.of(String.valueOf(v).strip());
        } catch (RuntimeException e) {
            throw invalid(path, v, "a time zone such as Asia/Shanghai");
        }
    }

    public String oneOf(String path, List<String> allowed) {
        String s = string(path);
        if (!allowed.contains(s)) {
            throw invalid(path, s, "one of " + allowed);
        }
        return s;
    }

    public String matching(String path, String regex, String expected) {
        String s = string(path);
        if (!s.matches(regex)) {
            throw invalid(path, s, expected);
        }
        return s;
    }

    public static List<String> splitList(String value) {
        List<String> out = new ArrayList<>();
        if (value == null) {
            return out;
        }
        for (String part : value.split(",")) {
            if (!part.isBlank()) {
                out.add(part.strip());
            }
        }
        return out;
    }
}
