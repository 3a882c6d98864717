package dev.shouli.feature.retention;

import dev.shouli.core.config.ConfigTree;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How long personal data is kept (see {@code retention:} in config/shouli.yaml).
 *
 * @param verbatimByChannel channel → how long its verbatim bodies are kept, overriding {@code verbatimSubmissions}
 * @param closedCasesByKind kind → how long its closed cases keep their personal data, overriding {@code closedCases}
 * @param supervisors       desk token names allowed to request an erasure
 */
public record RetentionConfig(boolean enabled, Duration interval, int batchSize, Duration verbatimSubmissions,
                              Map<String, Duration> verbatimByChannel, Duration closedCases,
                              Map<String, Duration> closedCasesByKind, Duration suppressedAndRejected,
                              Duration finishedOutbox, Duration caseHistory, int partitionsAhead,
                              java.util.List<String> supervisors) {

    public static RetentionConfig from(ConfigTree c) {
        return new RetentionConfig(
                c.bool("retention.enabled"),
                c.duration("retention.interval"),
                c.intValue("retention.batchSize", 1, 100_000),
                c.duration("retention.verbatimSubmissions"),
                durations(c, "retention.verbatimSubmissionsByChannel"),
                c.duration("retention.closedCases"),
                durations(c, "retention.closedCasesByKind"),
                c.duration("retention.suppressedAndRejected"),
                c.duration("retention.finishedOutbox"),
                c.duration("retention.caseHistory"),
                c.intValue("retention.partitionsAhead", 1, 24),
                ConfigTree.splitList(c.optionalString("erasure.supervisors")));
    }

    /** {@code name=duration,name=duration}, e.g. {@code sms=90d,email=180d}. */
    private static Map<String, Duration> durations(ConfigTree c, String path) {
        Map<String, Duration> out = new LinkedHashMap<>();
        for (String entry : ConfigTree.splitList(c.optionalString(path))) {
            int eq = entry.indexOf('=');
            if (eq <= 0) {
                throw c.invalidEntry(path, "expected name=duration, got '" + entry + "'");
            }
            out.put(entry.substring(0, eq).strip(), ConfigTree.parseDuration(entry.substring(eq + 1).strip(), path));
        }
        return Map.copyOf(out);
    }
}
