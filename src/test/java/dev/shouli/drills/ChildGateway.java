package dev.shouli.drills;

import dev.shouli.core.db.DatabaseEndpoint;
import dev.shouli.support.Http;
import dev.shouli.support.TestGateway;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A gateway in a JVM of its own — {@code java -cp <test classpath> dev.shouli.Main}, configured by environment as
 * an operator would — so a drill can kill it with SIGKILL, as an OOM killer or a pulled plug would, with no
 * shutdown hook, no flush and no goodbye. Its log goes to {@code target/drills/}.
 */
final class ChildGateway {

    private final DatabaseEndpoint database;
    private final int port;
    private final Path log;
    private final Path dataDir;
    private final Map<String, String> extraEnv;
    private Process process;

    ChildGateway(DatabaseEndpoint database, int port, String name) {
        this(database, port, name, Map.of());
    }

    /** @param extraEnv further settings, as an operator would export them (a mailer, say) */
    ChildGateway(DatabaseEndpoint database, int port, String name, Map<String, String> extraEnv) {
        this.extraEnv = Map.copyOf(extraEnv);
        this.database = database;
        this.port = port;
        try {
            Files.createDirectories(Path.of("target", "drills"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.log = Path.of("target", "drills", name + ".log");
        this.dataDir = Path.of("target", "drills", name + "-data");
    }

    int port() {
        return port;
    }

    /** Starts the process and waits until it is ready (schema checked, HTTP listening). */
    ChildGateway start() throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                // Start-up matters more than peak speed here: C1 only, a small serial heap.
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx512m",
                "-cp", System.getProperty("java.class.path"), "dev.shouli.Main"));
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(k -> k.startsWith("SHOULI_"));
        env.put("SHOULI_DATABASE_URL", "postgresql://" + database.user() + ":" + database.password() + "@"
                + database.host() + ":" + database.port() + "/" + database.database());
        env.put("SHOULI_HTTP_HOST", "127.0.0.1");
        env.put("SHOULI_HTTP_PORT", String.valueOf(port));
        env.put("SHOULI_DATA_DIR", dataDir.toAbsolutePath().toString());
        env.put("SHOULI_DESK_TOKENS", "tester:" + TestGateway.DESK_TOKEN);
        // The drill's clients all speak from one address and stand for many people: no per-client rate limits.
        env.put("SHOULI_HTTP_ANONYMOUS_PER_CLIENT_PER_MINUTE", "0");
        env.put("SHOULI_HTTP_REFUSED_PER_CLIENT_PER_MINUTE", "0");
        env.putAll(extraEnv);
        process = builder.start();
        Http http = new Http(port);
        long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < giveUp) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the gateway exited with " + process.exitValue() + "; see " + log);
            }
            try {
                if (http.get("/health/ready").statusCode() == 200) {
                    return this;
                }
            } catch (RuntimeException notYet) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("the gateway did not get ready within 120 s; see " + log);
    }

    /** SIGKILL: the process ends at once, whatever it was doing. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the gateway survived SIGKILL");
        }
    }

    /** SIGTERM, for the end of a drill: the gateway's shutdown hook closes it. */
    void stop() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                kill();
            }
        }
    }
}
