package dev.shouli.core.db;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A PostgreSQL server run by the gateway itself when no database URL is configured, so a newcomer's first
 * command just works. The cluster lives in a directory of ours and survives restarts. It listens on 127.0.0.1 only
 * and asks every connection for a random superuser password kept in that directory ({@link SuperuserPassword}).
 */
public final class EmbeddedDatabase implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedDatabase.class);
    /** JVM property naming libraries the embedded server preloads, e.g. {@code pg_stat_statements}. */
    public static final String PRELOAD_PROPERTY = "shouli.embedded.sharedPreloadLibraries";

    private final EmbeddedPostgres postgres;
    private final Path directory;
    private final String password;

    private EmbeddedDatabase(EmbeddedPostgres postgres, Path directory, String password) {
        this.postgres = postgres;
        this.directory = directory;
        this.password = password;
    }

    /**
     * Starts (and on first use initialises) a cluster in {@code directory}.
     *
     * @param port 0 for any free port
     * @param throwaway true for tests: the directory is deleted on close and durability is traded for speed
     */
    public static EmbeddedDatabase start(Path directory, int port, boolean throwaway) {
        try {
            Files.createDirectories(directory.getParent() == null ? directory : directory.getParent());
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setDataDirectory(directory)
                    .setCleanDataDirectory(throwaway)
                    .setPGStartupWait(Duration.ofSeconds(60))
                    .setServerConfig("max_connections", "300")
                    .setServerConfig("listen_addresses", "127.0.0.1")
                    // A UTF-8 character type whatever the environment says: the console's trigram search splits
                    // Chinese text into trigrams only under one (under "C" CJK characters are not word
                    // characters). Applies when the cluster is first created.
                    .setLocaleConfig("locale", "C.UTF-8");
            if (port > 0) {
                builder.setPort(port);
            }
            // The library turns durability off by default (it is made for tests). A gateway that tells a source
            // "accepted" must have the submission on disk first, so only throwaway test clusters keep it off.
            String durable = throwaway ? "off" : "on";
            builder.setServerConfig("fsync", durable)
                    .setServerConfig("synchronous_commit", durable)
                    .setServerConfig("full_page_writes", durable);
            if (!throwaway) {
                // Intake writes several KB of WAL per submission. With the stock 1 GB max_wal_size a checkpoint
                // comes about every minute under load, and after each one the first change to every page logs
                // the whole 8 KB page: that cost a quarter of intake throughput (BENCHMARKS.md, "Checkpoints").
                // Fewer checkpoints, so pg_wal may hold up to about 4 GB. (wal_compression would help too, but
                // these binaries have no lz4 and pglz costs more CPU than it saves here.)
                builder.setServerConfig("max_wal_size", "4GB")
                        .setServerConfig("checkpoint_timeout", "15min");
            }
            String kept = SuperuserPassword.read(directory);
            if (kept != null) {
                // The library's own readiness check connects as postgres: with the password once it is asked for.
                builder.setConnectConfig("password", kept);
            }
            String preload = System.getProperty(PRELOAD_PROPERTY, "").strip();
            if (!preload.isEmpty()) {
                // Measurement only (bench/run.sh PG_STATEMENTS=1 loads pg_stat_statements): off by default, since
                // every statement then pays for its own accounting.
                builder.setServerConfig("shared_preload_libraries", preload);
            }
            EmbeddedPostgres postgres = builder.start();
            String password = kept;
            if (!SuperuserPassword.secured(directory)) {
                password = secure(postgres, directory, kept);
            }
            LOG.info("embedded PostgreSQL running on port {} with data in {}", postgres.getPort(), directory);
            return new EmbeddedDatabase(postgres, directory, password);
        } catch (IOException e) {
            throw new UncheckedIOException("could not start the embedded PostgreSQL in " + directory, e);
        }
    }

    /** A new cluster, or one made with the library's trust-everyone defaults: give it a password, then ask for it. */
    private static String secure(EmbeddedPostgres postgres, Path directory, String kept) throws IOException {
        try {
            String password = SuperuserPassword.secure(directory, kept, postgres.getPostgresDatabase());
            LOG.info("embedded PostgreSQL now asks every connection for the superuser password kept in {}",
                    directory.resolve(SuperuserPassword.FILE));
            return password;
        } catch (java.sql.SQLException e) {
            postgres.close();
            throw new IOException("could not set the superuser password of the embedded PostgreSQL", e);
        }
    }

    /**
     * The embedded server another process (a running gateway) has started in {@code directory}, found by the
     * {@code postmaster.pid} PostgreSQL writes there (its process id on line 1, its port on line 4): a command
     * such as {@code add-desk-user} connects to it rather than trying to start a second server on the same files,
     * which the first one's lock refuses. Empty when none runs there.
     */
    public static Optional<DatabaseEndpoint> running(Path directory) {
        Path pidFile = directory.resolve("postmaster.pid");
        if (!Files.isRegularFile(pidFile)) {
            return Optional.empty();
        }
        try {
            List<String> lines = Files.readAllLines(pidFile);
            if (lines.size() < 4 || ProcessHandle.of(Long.parseLong(lines.get(0).strip())).isEmpty()) {
                return Optional.empty();
            }
            int port = Integer.parseInt(lines.get(3).strip());
            // The password this gateway gave the cluster (kept beside its data); "postgres" on a cluster made before.
            String password = SuperuserPassword.read(directory);
            return Optional.of(new DatabaseEndpoint("127.0.0.1", port, "postgres", "postgres",
                    password == null ? "postgres" : password));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    public int port() {
        return postgres.getPort();
    }

    /** Where the superuser password is kept (mode 0600), for tools such as psql (docs/operations.md). */
    public Path passwordFile() {
        return directory.resolve(SuperuserPassword.FILE);
    }

    /** The superuser connection to the default database. */
    public DatabaseEndpoint endpoint() {
        return endpoint("postgres");
    }

    public DatabaseEndpoint endpoint(String database) {
        return new DatabaseEndpoint("127.0.0.1", port(), database, "postgres", password);
    }

    @Override
    public void close() {
        try {
            postgres.close();
        } catch (IOException e) {
            throw new UncheckedIOException("could not stop the embedded PostgreSQL", e);
        }
    }
}
