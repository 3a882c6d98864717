package dev.shouli.core.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The core's own sections of the configuration: HTTP, the database, intake, parsing, the outbox and the desk's
 * tokens. Each channel and feature reads its own section in its module; see docs/architecture.md, "Modules".
 */
public record CoreConfig(HttpConfig http, DatabaseConfig database, Path dataDir, IntakeConfig intake,
                         ParsingConfig parsing, OutboxConfig outbox, DeskConfig desk) {

    /**
     * @param publicBaseUrl how complainants reach this gateway, for the links we send them (no trailing slash)
     * @param linkSecret    key of the signed links we send ({@code SHOULI_SURVEY_SECRET}); null means "generate one
     *                      and share it through the database"
     */
    public record HttpConfig(String host, int port, int instances, long bodyLimitBytes, int retryAfterSeconds,
                             URI publicBaseUrl, String linkSecret, ClientLimits limits) {
        @Override
        public String toString() {
            return "HttpConfig[" + host + ":" + port + ", publicBaseUrl=" + publicBaseUrl + "]";
        }
    }

    /**
     * What one connection and one client (remote address) may hold (docs/hostile-input.md, "Connections and
     * clients").
     *
     * @param idleTimeout                 a connection without any traffic this long is closed
     * @param headerTimeout               a connection must send a complete request head this soon after it opened or
     *                                    after its previous answer
     * @param bodyTimeout                 a request body must have arrived this soon after its head (else 408)
     * @param maxConnectionsPerClient     connections one client holds at once; 0: no limit
     * @param anonymousPerClientPerMinute submissions without a partner key (JSON API, form) one client makes per
     *                                    minute before it is answered 429; 0: no limit
     * @param refusedPerClientPerMinute   refused requests (bad signature, no token, unreadable body) of one client
     *                                    per minute that are still kept; beyond them, 429 and nothing kept; 0: no limit
     */
    public record ClientLimits(Duration idleTimeout, Duration headerTimeout, Duration bodyTimeout,
                               int maxConnectionsPerClient, int anonymousPerClientPerMinute,
                               int refusedPerClientPerMinute) {
    }

    /**
     * Reading input that costs CPU (MIME parsing, free-text extraction) happens on a worker pool of its own.
     *
     * @param budget  how long reading one submission may take; beyond it the submission is stored, quarantined
     * @param workers threads of that pool
     */
    public record ParsingConfig(Duration budget, int workers) {
    }

    /** @param url null when unset: the gateway then starts an embedded PostgreSQL under the data directory */
    public record DatabaseConfig(String url, int poolSize, int embeddedPort) {
    }

    /**
     * @param commitBatchSize most intakes sharing one transaction (group commit; 1 turns it off)
     * @param commitLanes     most intake transactions of this process running at once
     */
    public record IntakeConfig(ZoneId timeZone, String defaultRegion, String referencePrefix,
                               int maxAttachments, long maxAttachmentBytes, long maxUploadBytes,
                               int commitBatchSize, int commitLanes, RefusedInput refused) {
    }

    /**
     * How much of refused input (answered 4xx, stored as {@code rejected}) is kept.
     *
     * @param keptBytes  the first this many bytes of a refused body are stored, with its full size and SHA-256
     * @param dailyBytes refused bodies stored per day (in the intake time zone) across every instance; beyond it
     *                   refused input is only counted
     */
    public record RefusedInput(int keptBytes, long dailyBytes) {
    }

    /** @param concurrency deliveries in flight per channel and instance (also the most SMTP connections) */
    public record OutboxConfig(Duration pollInterval, int batchSize, Duration lease, Duration backoffInitial,
                               Duration backoffMax, Duration maxAge, int concurrency) {
    }

    /** The desk API's paging and its bearer tokens, which every module's desk routes check. */
    public record DeskConfig(int defaultPageSize, int maxPageSize, List<DeskToken> tokens) {
    }

    /** A bearer token for the desk API; {@code name} is what the audit trail shows. */
    public record DeskToken(String name, String token) {
        @Override
        public String toString() {
            return "DeskToken[" + name + "]";
        }
    }

    public static CoreConfig from(ConfigTree c, Map<String, String> env) {
        int port = c.intValue("http.port", 0, 65535);
        HttpConfig http = new HttpConfig(
                c.string("http.host"),
                port,
                c.intValue("http.instances", 1, 64),
                c.longValue("http.bodyLimitBytes", 1024, 1L << 30),
                c.intValue("http.retryAfterSeconds", 1, 3600),
                publicBaseUrl(c, port),
                linkSecret(env.get("SHOULI_SURVEY_SECRET")),
                new ClientLimits(
                        c.duration("http.idleTimeout"),
                        c.duration("http.headerTimeout"),
                        c.duration("http.bodyTimeout"),
                        c.intValue("http.maxConnectionsPerClient", 0, 1_000_000),
                        c.intValue("http.anonymousPerClientPerMinute", 0, 1_000_000),
                        c.intValue("http.refusedPerClientPerMinute", 0, 1_000_000)));
        DatabaseConfig database = new DatabaseConfig(
                databaseUrl(c),
                c.intValue("database.poolSize", 1, 500),
                c.intValue("database.embeddedPort", 0, 65535));
        IntakeConfig intake = new IntakeConfig(
                c.zone("intake.timeZone"),
                c.matching("intake.defaultRegion", "[A-Z]{2}", "a two-letter region code such as CN"),
                c.matching("intake.referencePrefix", "[A-Z]{1,6}", "1 to 6 capital letters"),
                c.intValue("intake.maxAttachments", 0, 100),
                c.longValue("intake.maxAttachmentBytes", 1, 1L << 30),
                c.longValue("intake.maxUploadBytes", 1024, 1L << 31),
                c.intValue("intake.commitBatchSize", 1, 1000),
                c.intValue("intake.commitLanes", 1, 1000),
                new RefusedInput(c.intValue("intake.refusedKeptBytes", 0, 16 << 20),
                        c.longValue("intake.refusedDailyBytes", 0, 1L << 40)));
        OutboxConfig outbox = new OutboxConfig(
                c.duration("outbox.pollInterval"),
                c.intValue("outbox.batchSize", 1, 1000),
                c.duration("outbox.lease"),
                c.duration("outbox.backoffInitial"),
                c.duration("outbox.backoffMax"),
                c.duration("outbox.maxAge"),
                c.intValue("outbox.concurrency", 1, 1000));
        int defaultPage = c.intValue("desk.defaultPageSize", 1, 1000);
        int maxPage = c.intValue("desk.maxPageSize", defaultPage, 1000);
        DeskConfig desk = new DeskConfig(defaultPage, maxPage, deskTokens(env.get("SHOULI_DESK_TOKENS")));
        return new CoreConfig(http, database, Path.of(c.string("dataDir")), intake,
                new ParsingConfig(c.duration("parsing.budget"), c.intValue("parsing.workers", 1, 64)), outbox, desk);
    }

    /** Unset: this machine's own address, which only works here (start-up and check-config warn). */
    private static URI publicBaseUrl(ConfigTree c, int port) {
        String base = c.optionalString("http.publicBaseUrl");
        if (base == null) {
            c.warn("http.publicBaseUrl is not set: the links in the mail and SMS we send point to http://localhost:"
                    + (port == 0 ? 8080 : port) + ", which complainants cannot reach; set SHOULI_HTTP_PUBLIC_BASE_URL");
            return URI.create("http://localhost:" + (port == 0 ? 8080 : port));
        }
        try {
            URI uri = URI.create(base.endsWith("/") ? base.substring(0, base.length() - 1) : base);
            if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
                throw new IllegalArgumentException("not an http(s) URL");
            }
            return uri;
        } catch (IllegalArgumentException e) {
            throw c.invalidEntry("http.publicBaseUrl", "expected an http(s) URL such as https://ts.example.cn, got '"
                    + base + "'");
        }
    }

    private static String linkSecret(String secret) {
        if (secret == null || secret.isBlank()) {
            return null;
        }
        if (secret.strip().length() < 16) {
            throw new ConfigException("SHOULI_SURVEY_SECRET must be at least 16 characters");
        }
        return secret.strip();
    }

    private static String databaseUrl(ConfigTree c) {
        String url = c.optionalString("database.url");
        if (url != null && !url.matches("(postgres|postgresql)://.+")) {
            throw new ConfigException("invalid value for 'database.url' (SHOULI_DATABASE_URL): expected "
                    + "postgresql://user:password@host:port/database, got a value of another form");
        }
        return url;
    }

    /**
     * {@code SHOULI_DESK_TOKENS} is a comma-separated list of {@code name:token} pairs (a bare token is
     * named "desk"). Tokens shorter than 16 characters are refused: they would be guessable.
     */
    static List<DeskToken> deskTokens(String value) {
        return namedSecrets("SHOULI_DESK_TOKENS", "desk", "token", value).stream()
                .map(s -> new DeskToken(s.getKey(), s.getValue())).toList();
    }

    /**
     * {@code name:secret} pairs, comma-separated; a bare secret gets {@code defaultName}; each at least 16
     * characters, so a guessable one stops the start.
     */
    public static List<Map.Entry<String, String>> namedSecrets(String variable, String defaultName, String what,
                                                               String value) {
        List<Map.Entry<String, String>> out = new ArrayList<>();
        for (String entry : ConfigTree.splitList(value)) {
            int colon = entry.indexOf(':');
            String name = colon < 0 ? defaultName : entry.substring(0, colon).strip();
            String secret = colon < 0 ? entry : entry.substring(colon + 1).strip();
            if (secret.length() < 16) {
                throw new ConfigException("invalid value in " + variable + " for '" + name
                        + "': a " + what + " must be at least 16 characters");
            }
            out.add(Map.entry(name, secret));
        }
        return List.copyOf(out);
    }
}
