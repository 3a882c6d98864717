package dev.shouli.support;

import dev.shouli.Gateway;
import dev.shouli.ShouliConfig;
import dev.shouli.core.db.DatabaseEndpoint;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Starts real gateway instances on free ports for tests, configured as an operator would: by environment. */
public final class TestGateway {

    public static final String DESK_TOKEN = "test-desk-token-0123456789";
    /**
     * A JSON API partner key every test gateway knows: calls made with it have proven their contacts and join
     * existing cases; calls without it are anonymous and never do (README "Who has proven a contact").
     */
    public static final String PARTNER_KEY = "test-partner-key-0123456789";

    private TestGateway() {
    }

    /** The configuration a test gateway runs with; {@code env} adds or overrides SHOULI_… variables. */
    public static ShouliConfig config(Map<String, String> env) {
        return config(null, env);
    }

    /** As {@link #config(Map)}, with a config file layered over the defaults (lists such as hotline sources). */
    public static ShouliConfig config(Path overrideFile, Map<String, String> env) {
        Map<String, String> all = configEnvironment();
        all.putAll(env);
        return ShouliConfig.load(overrideFile, all);
    }

    /** The SHOULI_… variables every test gateway runs with (a fresh data directory each time). */
    public static Map<String, String> configEnvironment() {
        Map<String, String> all = new HashMap<>();
        all.put("SHOULI_HTTP_PORT", "0");
        all.put("SHOULI_HTTP_HOST", "127.0.0.1");
        all.put("SHOULI_HTTP_INSTANCES", "1");
        all.put("SHOULI_DATABASE_POOL_SIZE", "8");
        all.put("SHOULI_DESK_TOKENS", "tester:" + DESK_TOKEN);
        all.put("SHOULI_API_PARTNER_KEYS", "crm:" + PARTNER_KEY);
        all.put("SHOULI_FORM_SECRET", "test-form-secret-0123456789abcdef");
        // Tests of other parts send the same complaint many times and expect a case each; dedup's own tests
        // (dev.shouli.dedup) turn it on with SHOULI_DEDUP_ENABLED=true.
        all.put("SHOULI_DEDUP_ENABLED", "false");
        // The retention job would run against every test's (often moved) clock; its own tests turn it on.
        all.put("SHOULI_RETENTION_ENABLED", "false");
        // Every test speaks from 127.0.0.1, as one client sending many people's complaints; the per-client rate
        // limits have their own tests (ClientLimiterTest), which set them.
        all.put("SHOULI_HTTP_ANONYMOUS_PER_CLIENT_PER_MINUTE", "0");
        all.put("SHOULI_HTTP_REFUSED_PER_CLIENT_PER_MINUTE", "0");
        // Routing writes a "routed" event into every case's history; its own tests turn it on.
        all.put("SHOULI_ROUTING_ENABLED", "false");
        try {
            all.put("SHOULI_DATA_DIR", Files.createTempDirectory("shouli-test-data").toString());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return all;
    }

    public static Gateway start(DatabaseEndpoint database) {
        return start(database, Map.of(), Clock.systemUTC());
    }

    public static Gateway start(DatabaseEndpoint database, Map<String, String> env, Clock clock) {
        try {
            return Gateway.start(config(env), database, clock).toCompletionStage().toCompletableFuture()
                    .get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("test gateway did not start", e);
        }
    }

    public static Gateway start(DatabaseEndpoint database, ShouliConfig config, Clock clock) {
        try {
            return Gateway.start(config, database, clock).toCompletionStage().toCompletableFuture()
                    .get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("test gateway did not start", e);
        }
    }

    public static void stop(Gateway gateway) {
        if (gateway == null) {
            return;
        }
        try {
            gateway.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("test gateway did not stop", e);
        }
    }

    public static Path dataDir(ShouliConfig config) {
        return config.dataDir();
    }
}
