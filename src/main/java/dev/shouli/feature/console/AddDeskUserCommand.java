package dev.shouli.feature.console;

import dev.shouli.core.config.ConfigException;
import dev.shouli.core.config.CoreConfig;
import dev.shouli.core.db.DatabaseEndpoint;
import dev.shouli.core.db.EmbeddedDatabase;
import dev.shouli.core.db.Migrations;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;

/**
 * {@code shouli add-desk-user NAME [--role agent|supervisor] [--display-name TEXT] [--config FILE]}: creates a
 * console user, or sets a new password, role and name for an existing one. The password comes from
 * SHOULI_NEW_DESK_USER_PASSWORD, else is asked twice on the terminal, else read as one line from standard
 * input — never from the command line, where other users of the machine could read it. The database is the
 * gateway's: the configured URL, or the embedded one under the data directory — the server a running gateway
 * started there, else one this command starts for the moment.
 */
public final class AddDeskUserCommand {

    public static final String NAME = "add-desk-user";
    static final String PASSWORD_VARIABLE = "SHOULI_NEW_DESK_USER_PASSWORD";

    private AddDeskUserCommand() {
    }

    /** What the command needs of the configuration: where the database is, and the console's rules. */
    public record Settings(CoreConfig core, ConsoleConfig console) {
    }

    /**
     * @param settings reads the configuration (the defaults, the {@code --config} file, the environment)
     * @return the process exit code
     */
    public static int run(String[] args, Map<String, String> env, PrintStream out,
                          BiFunction<Path, Map<String, String>, Settings> settings) {
        String username = null;
        String role = "agent";
        String displayName = null;
        Path configFile = null;
        for (int i = 1; i < args.length; i++) {
            String a = args[i];
            if (i + 1 < args.length && (a.equals("--role") || a.equals("--display-name") || a.equals("--config"))) {
                String value = args[++i];
                switch (a) {
                    case "--role" -> role = value;
                    case "--display-name" -> displayName = value;
                    default -> configFile = Path.of(value);
                }
            } else if (!a.startsWith("--") && username == null) {
                username = a;
            } else {
                return usage(out, "unexpected argument '" + a + "'");
            }
        }
        if (username == null) {
            return usage(out, "the user name is missing");
        }
        try {
            username = DeskUsers.username(username);
            DeskUsers.checkRole(role);
        } catch (IllegalArgumentException e) {
            return usage(out, e.getMessage());
        }
        if (configFile != null && !Files.isRegularFile(configFile)) {
            return usage(out, "--config " + configFile + ": no such file");
        }
        String password;
        try {
            password = password(env);
            DeskUsers.checkPassword(password);
        } catch (IllegalArgumentException | IOException e) {
            out.println("shouli " + NAME + ": " + e.getMessage());
            return 2;
        }
        Settings config;
        try {
            config = settings.apply(configFile, env);
        } catch (ConfigException e) {
            out.println("shouli: configuration error: " + e.getMessage());
            return 2;
        }
        return save(config, username, role, displayName, password, out);
    }

    private static int save(Settings config, String username, String role, String displayName, String password,
                            PrintStream out) {
        EmbeddedDatabase embedded = null;
        Vertx vertx = Vertx.vertx();
        try {
            DatabaseEndpoint database;
            if (config.core().database().url() == null) {
                Path directory = config.core().dataDir().resolve("postgres").toAbsolutePath();
                // A running gateway owns the embedded server: use it, the way the gateway itself does.
                DatabaseEndpoint running = EmbeddedDatabase.running(directory).orElse(null);
                if (running != null) {
                    out.println("using the embedded PostgreSQL the running gateway started (port " + running.port()
                            + ")");
                    database = running;
                } else {
                    embedded = EmbeddedDatabase.start(directory, config.core().database().embeddedPort(), false);
                    database = embedded.endpoint();
                }
            } else {
                database = DatabaseEndpoint.fromUrl(config.core().database().url());
            }
            Migrations.migrate(database);
            Pool pool = PgBuilder.pool().with(new PoolOptions().setMaxSize(1)).connectingTo(database.connectOptions())
                    .using(vertx).build();
            DeskUsers users = new DeskUsers(vertx, new DeskUserStore(pool), config.console(), Clock.systemUTC());
            boolean created = users.save(username, displayName, role, password)
                    .toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
            out.println((created ? "created " : "updated ") + role + " " + username);
            return 0;
        } catch (Exception e) {
            out.println("shouli " + NAME + " failed: " + e.getMessage());
            if (String.valueOf(e.getMessage()).contains("lock")) {
                out.println("the embedded PostgreSQL under " + config.core().dataDir() + " is in use by another process;"
                        + " add the user on the console's users page (/desk/users, as a supervisor), or stop that"
                        + " process and run this again");
            }
            return 1;
        } finally {
            try {
                vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
            } catch (Exception ignored) {
                // exiting anyway
            }
            if (embedded != null) {
                embedded.close();
            }
        }
    }

    private static String password(Map<String, String> env) throws IOException {
        String fromEnv = env.get(PASSWORD_VARIABLE);
        if (fromEnv != null && !fromEnv.isEmpty()) {
            return fromEnv;
        }
        Console terminal = System.console();
        if (terminal != null) {
            char[] first = terminal.readPassword("Password for the new desk user: ");
            char[] second = terminal.readPassword("The same password again: ");
            if (first == null || second == null || !new String(first).equals(new String(second))) {
                throw new IllegalArgumentException("the two passwords differ");
            }
            return new String(first);
        }
        String line = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
        if (line == null) {
            throw new IllegalArgumentException("no password given: set " + PASSWORD_VARIABLE + " or type it");
        }
        return line;
    }

    private static int usage(PrintStream out, String problem) {
        out.println("shouli " + NAME + ": " + problem);
        out.println("usage: shouli " + NAME + " NAME [--role agent|supervisor] [--display-name TEXT] [--config FILE]");
        out.println("       the password comes from " + PASSWORD_VARIABLE + ", the terminal, or standard input");
        return 2;
    }
}
