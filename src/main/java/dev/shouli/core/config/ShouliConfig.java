package dev.shouli.core.config;

import dev.shouli.channel.email.EmailConfig;
import dev.shouli.channel.form.StatusConfig;
import dev.shouli.channel.hotline.HotlineConfig;
import dev.shouli.channel.open311.Open311Config;
import dev.shouli.channel.sms.SmsConfig;
import dev.shouli.core.sla.SlaSection;
import dev.shouli.feature.console.ConsoleConfig;
import dev.shouli.feature.desk.DeskPushSection;
import dev.shouli.feature.retention.RetentionConfig;
import dev.shouli.feature.survey.SurveyConfig;

import dev.shouli.core.sla.Calendars;
import dev.shouli.core.sla.PolicyRule;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The whole configuration, parsed once at start-up. Each part goes only to the component that needs it.
 * Non-secret defaults live in {@code config/shouli.yaml}; secrets come only from the environment.
 */
public record ShouliConfig(HttpConfig http, DatabaseConfig database, Path dataDir, IntakeConfig intake,
                           SlaConfig sla, FormConfig form, OutboxConfig outbox, DeskConfig desk,
                           HotlineConfig hotline, Open311Config open311, SmsConfig sms, PushConfig push,
                           EmailConfig email, DedupConfig dedup, ParsingConfig parsing, SurveyConfig survey,
                           ReportConfig reports, StatusConfig status, RetentionConfig retention,
                           ConsoleConfig console, List<PartnerKey> apiPartners, DuplicatesConfig duplicates) {

    public record HttpConfig(String host, int port, int instances, long bodyLimitBytes, int retryAfterSeconds) {
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
                               int commitBatchSize, int commitLanes) {
    }

    /**
     * Deadlines on business calendars (see {@code sla:} in config/shouli.yaml).
     *
     * @param policies    in order; the first rule covering a case sets its deadlines, the last covers all
     * @param warnShare   share of a deadline's business time after which it is in warning
     * @param supervisors email addresses told when a deadline is breached
     */
    public record SlaConfig(Calendars calendars, List<PolicyRule> policies, double warnShare,
                            Duration monitorInterval, int monitorBatch, List<String> supervisors) {
    }

    /** @param secret HMAC key for form tokens; null means "generate one and share it through the database" */
    public record FormConfig(String defaultLanguage, Duration tokenTtl, String secret) {
    }

    public record OutboxConfig(Duration pollInterval, int batchSize, Duration lease, Duration backoffInitial,
                               Duration backoffMax, Duration maxAge) {
    }

    public record DeskConfig(int defaultPageSize, int maxPageSize, List<DeskToken> tokens) {
    }

    /** Desk push: the event stream's polling and the webhooks per desk. */
    public record PushConfig(Duration streamPollInterval, Duration relayInterval, Duration webhookTimeout,
                             List<DeskWebhook> webhooks) {
    }

    /**
     * One desk's webhook. {@code events} empty means every event kind.
     * {@code secret} comes from SHOULI_DESK_WEBHOOK_SECRET_&lt;NAME&gt; only.
     */
    public record DeskWebhook(String name, String url, String secret, List<String> events) {
        @Override
        public String toString() {
            return "DeskWebhook[" + name + " → " + url + ", events " + events + "]";
        }
    }

    /**
     * Follow-up, duplicate and incident rules (DESIGN §4); see the {@code dedup} section of shouli.yaml.
     *
     * @param respondentAliases alias → canonical respondent name, e.g. 海底撈 → 海底捞, Haidilao → 海底捞
     */
    /**
     * @param incidentRadiusMetres reports whose coordinates are this close are at the same place
     * @param linkInterval         how often each instance looks for new cases to link into incidents
     * @param linkBatch            most cases linked in one transaction
     */
    public record DedupConfig(boolean enabled, Duration followUpWindow, Duration duplicateWindow,
                              Duration sameRespondentWindow, int shortMessageChars, double duplicateSimilarity,
                              Duration incidentWindow, double incidentSimilarity, double incidentTextOnlySimilarity,
                              double incidentRadiusMetres, int minShinglesForContainment, int maxCandidates,
                              Map<String, String> respondentAliases, Duration linkInterval, int linkBatch) {
    }

    /**
     * Supervisors' reports ({@code reports:}).
     *
     * @param calendar   the calendar business time to resolve is counted on
     * @param maxPeriods most periods one report may span
     */
    public record ReportConfig(String calendar, int maxPeriods) {
    }

    private static ReportConfig reports(ConfigTree c, SlaConfig sla) {
        String calendar = c.string("reports.calendar");
        if (!sla.calendars().has(calendar)) {
            throw c.invalidEntry("reports.calendar", "no calendar named '" + calendar + "'; known: "
                    + sla.calendars().names());
        }
        return new ReportConfig(calendar, c.intValue("reports.maxPeriods", 1, 10_000));
    }

    /**
     * A partner's key for the JSON API ({@code SHOULI_API_PARTNER_KEYS}): a call made with it has proven the
     * contacts it names (the partner vouches for them), so it may join the complainant's existing case.
     * {@code name} is recorded on every submission made with the key.
     */
    public record PartnerKey(String name, String key) {
        @Override
        public String toString() {
            return "PartnerKey[" + name + "]";
        }
    }

    /**
     * Possible duplicates: submissions that have not proven the contact they name, whose contact leads to
     * another case ({@code possibleDuplicates:} in shouli.yaml).
     *
     * @param confirmLinkTtl how long the confirmation link sent to the existing case's contact stays valid
     */
    public record DuplicatesConfig(Duration confirmLinkTtl) {
    }

    /** A bearer token for the desk API; {@code name} is what the audit trail shows. */
    public record DeskToken(String name, String token) {
        @Override
        public String toString() {
            return "DeskToken[" + name + "]";
        }
    }

    /** Loads the built-in defaults, then {@code overrideFile} (may be null), then the environment. */
    public static ShouliConfig load(Path overrideFile, Map<String, String> env) {
        return from(tree(overrideFile, env), env);
    }

    /** The layered tree before typing, for {@link ConfigReport}. */
    static ConfigTree tree(Path overrideFile, Map<String, String> env) {
        try (InputStream defaults = ShouliConfig.class.getResourceAsStream("/config/shouli.yaml")) {
            if (defaults == null) {
                throw new ConfigException("built-in config/shouli.yaml is missing from the classpath");
            }
            return ConfigTree.fromYaml(defaults, overrideFile, env);
        } catch (IOException e) {
            throw new ConfigException("cannot read built-in defaults: " + e.getMessage(), e);
        }
    }

    private static ShouliConfig from(ConfigTree c, Map<String, String> env) {
        HttpConfig http = new HttpConfig(
                c.string("http.host"),
                c.intValue("http.port", 0, 65535),
                c.intValue("http.instances", 1, 64),
                c.longValue("http.bodyLimitBytes", 1024, 1L << 30),
                c.intValue("http.retryAfterSeconds", 1, 3600));
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
                c.intValue("intake.commitLanes", 1, 1000));
        SlaConfig sla = SlaSection.from(c);
        FormConfig form = new FormConfig(
                c.oneOf("form.defaultLanguage", List.of("zh-CN", "zh-TW", "en")),
                c.duration("form.tokenTtl"),
                blankToNull(env.get("SHOULI_FORM_SECRET")));
        OutboxConfig outbox = new OutboxConfig(
                c.duration("outbox.pollInterval"),
                c.intValue("outbox.batchSize", 1, 1000),
                c.duration("outbox.lease"),
                c.duration("outbox.backoffInitial"),
                c.duration("outbox.backoffMax"),
                c.duration("outbox.maxAge"));
        int defaultPage = c.intValue("desk.defaultPageSize", 1, 1000);
        int maxPage = c.intValue("desk.maxPageSize", defaultPage, 1000);
        DeskConfig desk = new DeskConfig(defaultPage, maxPage, deskTokens(env.get("SHOULI_DESK_TOKENS")));
        DedupConfig dedup = new DedupConfig(
                c.bool("dedup.enabled"),
                c.duration("dedup.followUpWindow"),
                c.duration("dedup.duplicateWindow"),
                c.duration("dedup.sameRespondentWindow"),
                c.intValue("dedup.shortMessageChars", 0, 10_000),
                share(c, "dedup.duplicateSimilarity"),
                c.duration("dedup.incidentWindow"),
                share(c, "dedup.incidentSimilarity"),
                share(c, "dedup.incidentTextOnlySimilarity"),
                // At most what the grid cells of dedup.GeoPoint can find.
                c.doubleValue("dedup.incidentRadiusMetres", 0, 500),
                c.intValue("dedup.minShinglesForContainment", 1, 1000),
                c.intValue("dedup.maxCandidates", 1, 10_000),
                aliases(c.optionalString("dedup.respondentAliases")),
                c.duration("dedup.linkInterval"),
                c.intValue("dedup.linkBatch", 1, 10_000));
        return new ShouliConfig(http, database, Path.of(c.string("dataDir")), intake, sla, form, outbox, desk,
                HotlineConfig.from(c, env), Open311Config.from(c, env), SmsConfig.from(c, env),
                DeskPushSection.from(c, env), EmailConfig.from(c, env), dedup,
                new ParsingConfig(c.duration("parsing.budget"), c.intValue("parsing.workers", 1, 64)),
                SurveyConfig.from(c, env, sla.calendars(), sla.supervisors()), reports(c, sla), StatusConfig.from(c),
                RetentionConfig.from(c), ConsoleConfig.from(c, env),
                partnerKeys(env.get("SHOULI_API_PARTNER_KEYS")),
                new DuplicatesConfig(c.duration("possibleDuplicates.confirmLinkTtl")));
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

    /** {@code SHOULI_API_PARTNER_KEYS}: {@code name:key,name:key}, the same rules as desk tokens. */
    static List<PartnerKey> partnerKeys(String value) {
        return namedSecrets("SHOULI_API_PARTNER_KEYS", "partner", "key", value).stream()
                .map(s -> new PartnerKey(s.getKey(), s.getValue())).toList();
    }

    /** {@code name:secret} pairs, comma-separated; a bare secret gets {@code defaultName}; each ≥ 16 characters. */
    private static List<Map.Entry<String, String>> namedSecrets(String variable, String defaultName, String what,
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

    /** A similarity threshold: a number from 0 to 1. */
    private static double share(ConfigTree c, String path) {
        String value = c.string(path);
        try {
            double d = Double.parseDouble(value);
            if (d >= 0 && d <= 1) {
                return d;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new ConfigException("invalid value for '" + path + "' (" + ConfigTree.environmentName(path)
                + "): expected a number from 0 to 1, got '" + value + "'");
    }

    /** {@code alias=canonical,alias=canonical}: every spelling on the left is read as the one on the right. */
    static Map<String, String> aliases(String value) {
        Map<String, String> out = new java.util.LinkedHashMap<>();
        for (String entry : ConfigTree.splitList(value)) {
            int eq = entry.indexOf('=');
            if (eq <= 0 || eq == entry.length() - 1) {
                throw new ConfigException("invalid entry '" + entry + "' in 'dedup.respondentAliases' "
                        + "(SHOULI_DEDUP_RESPONDENT_ALIASES): expected alias=canonical");
            }
            out.put(entry.substring(0, eq).strip(), entry.substring(eq + 1).strip());
        }
        return Map.copyOf(out);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
