package dev.shouli.feature.routing;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The desk's rules, in order: keyword rules that decide a category before the classifier is asked, then routing
 * rules, the first whose condition holds sending the case to its unit. The configuration's set is version 0; a
 * supervisor edits, dry-runs and activates new versions in the console, kept in {@code routing_rule_set}.
 *
 * @param document the set as YAML, as it is shown in the console's editor
 */
record RuleSet(int version, List<KeywordRule> keywords, List<Rule> rules, String document) {

    /** A category decided by words: the first keyword rule with a word in the text wins. */
    record KeywordRule(String category, List<String> words, List<String> folded) {

        Optional<String> matchIn(String foldedText) {
            for (int i = 0; i < folded.size(); i++) {
                if (foldedText.contains(folded.get(i))) {
                    return Optional.of(words.get(i));
                }
            }
            return Optional.empty();
        }
    }

    /**
     * @param assign overrides the unit's assignment policy; null: the unit's
     * @param due    the unit's time limit for cases this rule sends; null: the unit's own
     */
    record Rule(String name, Condition when, String unit, Units.Policy assign, dev.shouli.core.sla.SlaAmount due,
                List<String> tags) {
    }

    /** Reads a set written in the console: a YAML mapping with {@code keywords} and {@code rules}. */
    static RuleSet parseDocument(int version, String document, Taxonomies taxonomies, Units units,
                                 dev.shouli.core.sla.Calendars calendars) {
        Object loaded;
        try {
            loaded = new Yaml(new SafeConstructor(new LoaderOptions())).load(document);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("not valid YAML: " + e.getMessage().lines().findFirst().orElse(""));
        }
        Map<?, ?> m = loaded == null ? Map.of() : Yamls.map(loaded, "the rule set");
        Yamls.onlyKeys(m, "the rule set", "keywords", "rules");
        return parse(version, m.get("keywords"), m.get("rules"), taxonomies, units, calendars, document);
    }

    static RuleSet parse(int version, Object keywords, Object rules, Taxonomies taxonomies, Units units,
                         dev.shouli.core.sla.Calendars calendars, String document) {
        List<KeywordRule> k = new ArrayList<>();
        List<?> given = Yamls.list(keywords, "keywords");
        for (int i = 0; i < given.size(); i++) {
            String at = "keywords[" + i + "]";
            Map<?, ?> m = Yamls.map(given.get(i), at);
            Yamls.onlyKeys(m, at, "category", "words");
            String label = Yamls.requiredString(m, "category", at);
            String category = taxonomies.resolve(label).orElseThrow(() -> new IllegalArgumentException(at
                    + ".category: '" + label + "' is not a category; " + taxonomies.describe()));
            List<String> words = Yamls.strings(m.get("words"), at + ".words");
            if (words.isEmpty()) {
                throw new IllegalArgumentException(at + ".words: needs at least one word");
            }
            k.add(new KeywordRule(category, words, words.stream().map(Features::normalise).toList()));
        }
        List<Rule> r = new ArrayList<>();
        Set<String> names = new HashSet<>();
        List<?> written = Yamls.list(rules, "rules");
        for (int i = 0; i < written.size(); i++) {
            String at = "rules[" + i + "]";
            Map<?, ?> m = Yamls.map(written.get(i), at);
            Yamls.onlyKeys(m, at, "name", "when", "unit", "assign", "due", "tags");
            String name = Yamls.requiredString(m, "name", at);
            if (!names.add(name)) {
                throw new IllegalArgumentException(at + ".name: another rule is already called '" + name + "'");
            }
            String unit = Yamls.requiredString(m, "unit", at);
            if (units.get(unit).isEmpty()) {
                throw new IllegalArgumentException(at + ".unit: no unit '" + unit + "'; " + units.describe());
            }
            String assign = Yamls.optionalString(m, "assign", at);
            Units.Policy policy = assign == null ? null : Units.Policy.parse(assign).orElseThrow(() ->
                    new IllegalArgumentException(at + ".assign: '" + assign + "' is not one of " + Units.Policy.codes()));
            r.add(new Rule(name, Condition.parse(m.get("when"), at + ".when", taxonomies), unit, policy,
                    Units.amount(Yamls.optionalString(m, "due", at), at + ".due", calendars),
                    Yamls.strings(m.get("tags"), at + ".tags")));
        }
        String text = document != null ? document : render(keywords, rules);
        return new RuleSet(version, List.copyOf(k), List.copyOf(r), text);
    }

    /** The configuration's lists as the YAML document the console's editor starts from. */
    private static String render(Object keywords, Object rules) {
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        options.setAllowUnicode(true);
        options.setIndent(2);
        options.setIndicatorIndent(0);
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("keywords", keywords == null ? List.of() : keywords);
        doc.put("rules", rules == null ? List.of() : rules);
        return new Yaml(options).dump(doc);
    }

    /** The keyword rule that decides a category for this (folded) text, if any. */
    Optional<Map.Entry<KeywordRule, String>> keyword(String foldedText) {
        for (KeywordRule k : keywords) {
            Optional<String> word = k.matchIn(foldedText);
            if (word.isPresent()) {
                return Optional.of(Map.entry(k, word.get()));
            }
        }
        return Optional.empty();
    }

    /** The first rule whose condition holds; none: the case goes to triage. */
    Optional<Rule> route(CaseFacts facts) {
        for (Rule rule : rules) {
            if (rule.when().test(facts) == Condition.Truth.TRUE) {
                return Optional.of(rule);
            }
        }
        return Optional.empty();
    }
}
