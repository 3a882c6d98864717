package dev.shouli;

import dev.shouli.core.config.ConfigException;
import dev.shouli.core.db.DatabaseEndpoint;
import dev.shouli.core.db.EmbeddedDatabase;
import dev.shouli.feature.console.AddDeskUserCommand;
import dev.shouli.feature.console.ConsoleConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Load config → database (embedded when none is configured) → migrate → deploy. Fail fast on any error.
 * {@code add-desk-user …} instead creates a desk console user and exits ({@link AddDeskUserCommand}).
 */
public final class Main {

    private static final Logger LOG = LoggerFactory.getLogger(Main.class);

    private Main() {
    }

    public static void main(String[] args) {
        if (args.length > 0 && "check-config".equals(args[0])) {
            System.exit(checkConfig(args));
        }
        if (args.length > 0 && AddDeskUserCommand.NAME.equals(args[0])) {
            System.exit(AddDeskUserCommand.run(args, System.getenv(), System.out, (file, env) -> {
                ShouliConfig config = ShouliConfig.load(file, env);
                return new AddDeskUserCommand.Settings(config.core(), config.section(ConsoleConfig.class));
            }));
            return;
        }
        ShouliConfig config;
        try {
            config = ShouliConfig.load(configFile(args), System.getenv());
        } catch (ConfigException e) {
            System.err.println("shouli: configuration error: " + e.getMessage());
            System.exit(2);
            return;
        }
        EmbeddedDatabase embedded = null;
        DatabaseEndpoint database;
        if (config.database().url() == null) {
            embedded = EmbeddedDatabase.start(config.dataDir().resolve("postgres").toAbsolutePath(),
                    config.database().embeddedPort(), false);
            database = embedded.endpoint();
        } else {
            database = DatabaseEndpoint.fromUrl(config.database().url());
        }
        EmbeddedDatabase ownedDatabase = embedded;
        try {
            Gateway gateway = Gateway.start(config, database, Clock.systemUTC())
                    .toCompletionStage().toCompletableFuture().get(120, TimeUnit.SECONDS);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                LOG.info("shutting down");
                try {
                    gateway.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
                } catch (Exception e) {
                    LOG.warn("gateway did not close cleanly", e);
                }
                if (ownedDatabase != null) {
                    ownedDatabase.close();
                }
            }, "shouli-shutdown"));
        } catch (Exception e) {
            LOG.error("Shouli failed to start", e);
            if (ownedDatabase != null) {
                ownedDatabase.close();
            }
            System.exit(1);
        }
    }

    /**
     * {@code check-config [--config FILE]}: validates without starting anything and prints the effective
     * settings, secrets masked. Exit code 0 when the gateway would start with them, 2 when it would not.
     */
    static int checkConfig(String[] args) {
        ConfigReport report;
        try {
            report = ConfigReport.check(configFile(args), System.getenv());
        } catch (ConfigException e) {
            System.err.println("shouli: configuration error: " + e.getMessage());
            return 2;
        }
        System.out.print(report.render());
        report.errors().forEach(e -> System.err.println("shouli: configuration error: " + e));
        return report.errors().isEmpty() ? 0 : 2;
    }

    private static Path configFile(String[] args) {
        for (int i = 0; i < args.length; i++) {
            if ("--config".equals(args[i])) {
                if (i + 1 >= args.length) {
                    throw new ConfigException("--config needs a file name");
                }
                Path file = Path.of(args[i + 1]);
                if (!Files.isRegularFile(file)) {
                    throw new ConfigException("--config " + file + ": no such file");
                }
                return file;
            }
        }
        return null;
    }
}
