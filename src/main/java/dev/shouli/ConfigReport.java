package dev.shouli;

import dev.shouli.core.config.ConfigException;
import dev.shouli.core.config.ConfigTree;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * {@code shouli check-config}: validates the configuration exactly as start-up does, then lists the effective
 * settings with where each came from, secrets masked, and warns about {@code SHOULI_…} variables that are no
 * setting at all (a typo would otherwise be ignored silently). For deploy pipelines: a non-empty
 * {@link #errors()} means the gateway would refuse to start.
 */
public final class ConfigReport {

    /**
     * Variables read outside any module's configuration: by logback.xml, by the add-desk-user command, by the tests.
     * Every other one a module reads (its secrets) is found by watching what the modules read.
     */
    private static final List<String> READ_ELSEWHERE = List.of("SHOULI_LOG_FORMAT", "SHOULI_LOG_LEVEL",
            "SHOULI_TEST_DATABASE_URL", "SHOULI_NEW_DESK_USER_PASSWORD");
    private static final Pattern SECRET_NAME = Pattern.compile(
            ".*(TOKEN|TOKENS|SECRET|PASSWORD|_KEY|_KEYS|KEY_ID|MAILBOXES|USERNAME)$");
    private static final Pattern URL_PASSWORD = Pattern.compile("(://[^:/@]+:)[^@]*@");
    private static final List<String> LOG_FORMATS = List.of("text", "json");

    private final List<String> settings = new ArrayList<>();
    private final List<String> environment = new ArrayList<>();
    private final List<String> warnings = new ArrayList<>();
    private final List<String> errors = new ArrayList<>();

    private ConfigReport() {
    }

    public static ConfigReport check(Path overrideFile, Map<String, String> env) {
        ConfigReport report = new ConfigReport();
        ReadVariables watched = new ReadVariables(env);
        try {
            ShouliConfig config = ShouliConfig.load(overrideFile, watched);
            report.warnings.addAll(config.warnings());
        } catch (ConfigException e) {
            report.errors.add(e.getMessage());
        }
        String format = env.get("SHOULI_LOG_FORMAT");
        if (format != null && !LOG_FORMATS.contains(format)) {
            report.errors.add("invalid value for SHOULI_LOG_FORMAT: expected one of " + LOG_FORMATS + ", got '"
                    + format + "'");
        }
        ConfigTree tree;
        try {
            tree = ConfigTree.load(overrideFile, env);
        } catch (ConfigException e) {
            // Already reported above: the file itself cannot be read.
            return report;
        }
        List<String> known = new ArrayList<>(ConfigTree.movedEnvironmentNames());
        tree.leaves().forEach((path, value) -> {
            String name = ConfigTree.environmentName(path);
            known.add(name);
            report.settings.add(path + " = " + shown(name, value) + "   (" + tree.origin(path) + ")");
        });
        new TreeMap<>(env).forEach((name, value) -> {
            if (!name.startsWith("SHOULI_") || known.contains(name)) {
                return;
            }
            if (READ_ELSEWHERE.contains(name) || watched.read.contains(name)) {
                report.environment.add(name + " = " + shown(name, value));
            } else {
                report.warnings.add(name + " is set but is no setting (misspelt?); it is ignored");
            }
        });
        return report;
    }

    /** The environment, noting every name the configuration asks for. */
    private static final class ReadVariables extends java.util.HashMap<String, String> {
        private final java.util.Set<String> read = new java.util.HashSet<>();

        ReadVariables(Map<String, String> env) {
            super(env);
        }

        @Override
        public String get(Object key) {
            read.add(String.valueOf(key));
            return super.get(key);
        }

        @Override
        public boolean containsKey(Object key) {
            read.add(String.valueOf(key));
            return super.containsKey(key);
        }

        @Override
        public String getOrDefault(Object key, String defaultValue) {
            read.add(String.valueOf(key));
            return super.getOrDefault(key, defaultValue);
        }
    }

    /** Secrets show only that they are set; a password inside a URL is cut out. */
    static String shown(String environmentName, Object value) {
        if (value == null || String.valueOf(value).isBlank()) {
            return "(empty)";
        }
        String text = String.valueOf(value);
        if (environmentName.equals("SHOULI_DATABASE_URL") || environmentName.equals("SHOULI_TEST_DATABASE_URL")) {
            return URL_PASSWORD.matcher(text).replaceAll("$1******@");
        }
        if (SECRET_NAME.matcher(environmentName.toUpperCase(Locale.ROOT)).matches()) {
            return "****** (set, " + text.length() + " characters)";
        }
        return text;
    }

    public List<String> settings() {
        return settings;
    }

    public List<String> environment() {
        return environment;
    }

    public List<String> warnings() {
        return warnings;
    }

    public List<String> errors() {
        return errors;
    }

    /** The report as printed by {@code check-config}. */
    public String render() {
        StringBuilder out = new StringBuilder();
        out.append(errors.isEmpty() ? "configuration is valid\n" : "configuration is NOT valid\n");
        errors.forEach(e -> out.append("error: ").append(e).append('\n'));
        warnings.forEach(w -> out.append("warning: ").append(w).append('\n'));
        out.append("\neffective settings:\n");
        settings.forEach(s -> out.append("  ").append(s).append('\n'));
        out.append("\nset in the environment only:\n");
        if (environment.isEmpty()) {
            out.append("  (none)\n");
        }
        environment.forEach(s -> out.append("  ").append(s).append('\n'));
        return out.toString();
    }
}
