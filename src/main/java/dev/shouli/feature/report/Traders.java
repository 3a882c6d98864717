package dev.shouli.feature.report;

import dev.shouli.feature.dedup.RespondentKey;
import dev.shouli.feature.report.ReportStore.Facts;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Which trader each respondent key of a report belongs to: 乐动力健身民治店 (key 乐动力健身民治) is a branch of
 * 乐动力健身 (key 乐动力), as dedup relates respondents (one key begins with the other, two characters or more), so
 * the report shows the trader as one row with its branches under it rather than as unrelated rows.
 */
final class Traders {

    private final Map<String, String> traderOf;

    private Traders(Map<String, String> traderOf) {
        this.traderOf = traderOf;
    }

    static Traders of(Facts facts) {
        TreeSet<String> keys = new TreeSet<>();
        facts.cases().forEach(c -> keys.add(c.dimensions().respondent()));
        facts.surveys().forEach(s -> keys.add(s.dimensions().respondent()));
        List<String> shortestFirst = new ArrayList<>(keys);
        shortestFirst.sort(Comparator.comparingInt((String k) -> k.codePointCount(0, k.length()))
                .thenComparing(Comparator.naturalOrder()));
        Map<String, String> out = new HashMap<>();
        List<String> traders = new ArrayList<>();
        for (String key : shortestFirst) {
            String trader = key.isEmpty() ? key : traders.stream().filter(t -> RespondentKey.related(t, key)).findFirst()
                    .orElse(null);
            if (trader == null) {
                traders.add(key);
                trader = key;
            }
            out.put(key, trader);
        }
        return new Traders(out);
    }

    String of(String key) {
        return traderOf.getOrDefault(key, key);
    }
}
