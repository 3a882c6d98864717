package dev.shouli.feature.console;

import dev.shouli.core.config.ConfigException;
import dev.shouli.core.config.ConfigTree;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The desk console ({@code console:} in config/shouli.yaml): sessions, sign-in throttling, the first user.
 *
 * @param sessionIdle            a session unused this long is signed out
 * @param sessionMax             a session ends this long after sign-in, however busy
 * @param failureWindow          failed sign-ins are counted over this window
 * @param maxFailuresPerAccount  failures for one user name within the window before it is refused for a while
 * @param maxFailuresPerClient   failures from one client address within the window before it is refused
 * @param secureCookie           {@code auto}: Secure except on plain HTTP to a loopback address; {@code always}
 * @param defaultLanguage        zh-CN or en
 * @param streamPollInterval     how often the console's live updates look for case changes
 * @param dueSoon                an open deadline due within this time (or in warning) puts its case in 即将超时
 * @param bootstrap              a user created at start-up when no user of that name exists; null when unset
 */
public record ConsoleConfig(Duration sessionIdle, Duration sessionMax, Duration failureWindow,
                            int maxFailuresPerAccount, int maxFailuresPerClient, String secureCookie,
                            String defaultLanguage, int pageSize, Duration streamPollInterval,
                            Duration dueSoon, Bootstrap bootstrap) {

    /** From SHOULI_CONSOLE_BOOTSTRAP_USER ({@code name:role}) and SHOULI_CONSOLE_BOOTSTRAP_PASSWORD. */
    public record Bootstrap(String username, String role, String password) {
        @Override
        public String toString() {
            return "Bootstrap[" + username + ", " + role + "]";
        }
    }

    public static ConsoleConfig from(ConfigTree c, Map<String, String> env) {
        return new ConsoleConfig(
                c.duration("console.sessionIdle"),
                c.duration("console.sessionMax"),
                c.duration("console.signIn.failureWindow"),
                c.intValue("console.signIn.maxFailuresPerAccount", 1, 1000),
                c.intValue("console.signIn.maxFailuresPerClient", 1, 100_000),
                c.oneOf("console.secureCookie", List.of("auto", "always")),
                c.oneOf("console.defaultLanguage", List.of("zh-CN", "en")),
                c.intValue("console.pageSize", 5, 500),
                c.duration("console.streamPollInterval"),
                c.duration("console.dueSoon"),
                bootstrap(env));
    }

    private static Bootstrap bootstrap(Map<String, String> env) {
        String user = env.get("SHOULI_CONSOLE_BOOTSTRAP_USER");
        if (user == null || user.isBlank()) {
            return null;
        }
        String[] parts = user.strip().split(":", 2);
        String role = parts.length == 2 ? parts[1].strip() : "supervisor";
        if (!List.of("agent", "supervisor").contains(role)) {
            throw new ConfigException("invalid value for SHOULI_CONSOLE_BOOTSTRAP_USER: the role must be agent or "
                    + "supervisor, as in 'lina:supervisor'");
        }
        String password = env.get("SHOULI_CONSOLE_BOOTSTRAP_PASSWORD");
        if (password == null || password.length() < 12) {
            throw new ConfigException("SHOULI_CONSOLE_BOOTSTRAP_USER is set: SHOULI_CONSOLE_BOOTSTRAP_PASSWORD must be "
                    + "set too, at least 12 characters");
        }
        String name = parts[0].strip().toLowerCase(java.util.Locale.ROOT);
        if (!name.matches("[a-z0-9][a-z0-9._-]{1,39}")) {
            throw new ConfigException("invalid value for SHOULI_CONSOLE_BOOTSTRAP_USER: a user name is 2 to 40 of a-z, "
                    + "0-9, '.', '_' and '-', starting with a letter or digit");
        }
        return new Bootstrap(name, role, password);
    }
}
