package dev.shouli.feature.dedup;

import dev.shouli.core.config.ConfigException;
import dev.shouli.core.config.ConfigTree;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Follow-up, duplicate and incident rules (docs/features/dedup.md); see the {@code dedup} section of shouli.yaml,
 * and possible duplicates ({@code possibleDuplicates:}).
 *
 * @param respondentAliases    alias → canonical respondent name, e.g. 海底撈 → 海底捞, Haidilao → 海底捞
 * @param incidentRadiusMetres reports whose coordinates are this close are at the same place
 * @param linkInterval         how often each instance looks for new cases to link into incidents
 * @param linkBatch            most cases linked in one transaction
 * @param confirmLinkTtl       how long the confirmation link sent to an existing case's contact stays valid
 */
public record DedupConfig(boolean enabled, Duration followUpWindow, Duration duplicateWindow,
                          Duration sameRespondentWindow, int shortMessageChars, double duplicateSimilarity,
                          Duration incidentWindow, double incidentSimilarity, double incidentTextOnlySimilarity,
                          double incidentRadiusMetres, int minShinglesForContainment, int maxCandidates,
                          Map<String, String> respondentAliases, Duration linkInterval, int linkBatch,
                          Duration confirmLinkTtl) {

    public static DedupConfig from(ConfigTree c) {
        return new DedupConfig(
                c.bool("dedup.enabled"),
                c.duration("dedup.followUpWindow"),
                c.duration("dedup.duplicateWindow"),
                c.duration("dedup.sameRespondentWindow"),
                c.intValue("dedup.shortMessageChars", 0, 10_000),
                c.share("dedup.duplicateSimilarity"),
                c.duration("dedup.incidentWindow"),
                c.share("dedup.incidentSimilarity"),
                c.share("dedup.incidentTextOnlySimilarity"),
                // At most what the grid cells of GeoPoint can find.
                c.doubleValue("dedup.incidentRadiusMetres", 0, 500),
                c.intValue("dedup.minShinglesForContainment", 1, 1000),
                c.intValue("dedup.maxCandidates", 1, 10_000),
                aliases(c.optionalString("dedup.respondentAliases")),
                c.duration("dedup.linkInterval"),
                c.intValue("dedup.linkBatch", 1, 10_000),
                c.duration("possibleDuplicates.confirmLinkTtl"));
    }

    /** {@code alias=canonical,alias=canonical}: every spelling on the left is read as the one on the right. */
    static Map<String, String> aliases(String value) {
        Map<String, String> out = new LinkedHashMap<>();
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
}
