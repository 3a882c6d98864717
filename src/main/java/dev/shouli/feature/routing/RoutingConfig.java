package dev.shouli.feature.routing;

import dev.shouli.core.config.ConfigTree;
import dev.shouli.core.sla.Calendars;
import dev.shouli.core.sla.SlaAmount;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The {@code routing:} section: taxonomies, units and triage, the configured rule set (version 0), the
 * classifier's decision rule, and how often the router runs. Every reference (a rule's unit, a keyword rule's
 * category, a unit's calendar) is checked here, so {@code check-config} finds a typo before a case does.
 *
 * @param supervisors desk token names allowed to train and activate classifier versions and rule sets
 * @param dryRunCases how many of the latest routed cases a rule set's dry run is tried on
 * @param retryAssign how long a routed case waits before its unit is asked again when nobody was on duty
 */
record RoutingConfig(boolean enabled, Taxonomies taxonomies, Units units, RuleSet rules, Classifier classifier,
                     Duration interval, int batch, Duration retryAssign, List<String> supervisors, int dryRunCases,
                     Calendars calendars) {

    /**
     * @param precisionTarget the precision of decided answers each category's threshold aims at
     * @param confidenceLevel how sure of it the threshold rule must be (one-sided Wilson bound)
     * @param maxTrainingBytes the largest CSV a training request may send
     */
    record Classifier(double precisionTarget, double confidenceLevel, int maxFeatures, int trainingThreads,
                      long maxTrainingBytes) {

        ClassifierTraining.Settings settings() {
            return new ClassifierTraining.Settings(precisionTarget, confidenceLevel, maxFeatures, trainingThreads,
                    SEED);
        }
    }

    /** Folds and shuffles are the same for the same examples, so a retraining is reproducible. */
    static final long SEED = 20261207L;

    static RoutingConfig from(ConfigTree c, Calendars calendars) {
        Taxonomies taxonomies = structured(c, "routing.taxonomies", () -> Taxonomies.parse(c.list("routing.taxonomies"),
                "taxonomies"));
        Units units = structured(c, "routing.units", () -> Units.parse(
                Yamls.map(c.rawValue("routing.triage"), "triage"), c.list("routing.units"), calendars));
        RuleSet rules = structured(c, "routing.rules", () -> RuleSet.parse(0, c.rawValue("routing.keywords"),
                c.rawValue("routing.rules"), taxonomies, units, calendars, null));
        Classifier classifier = new Classifier(
                c.doubleValue("routing.classifier.precisionTarget", 0.5, 0.999),
                c.doubleValue("routing.classifier.confidenceLevel", 0.5, 0.999),
                c.intValue("routing.classifier.maxFeatures", 1_000, 5_000_000),
                c.intValue("routing.classifier.trainingThreads", 1, 64),
                c.longValue("routing.classifier.maxTrainingBytes", 1024, 1L << 30));
        return new RoutingConfig(c.bool("routing.enabled"), taxonomies, units, rules, classifier,
                c.duration("routing.interval"), c.intValue("routing.batch", 1, 10_000),
                c.duration("routing.retryAssign"), ConfigTree.splitList(c.optionalString("routing.supervisors")),
                c.intValue("routing.dryRunCases", 10, 100_000), calendars);
    }

    private static <T> T structured(ConfigTree c, String key, java.util.function.Supplier<T> read) {
        try {
            return read.get();
        } catch (IllegalArgumentException | ClassCastException e) {
            throw c.invalidEntry(key, "routing." + e.getMessage());
        }
    }

    /** A rule set written in the console, checked against the same taxonomies, units and calendars. */
    RuleSet ruleSet(int version, String document) {
        return RuleSet.parseDocument(version, document, taxonomies, units, calendars);
    }

    /** When a case sent to {@code unit} now is due there: {@code amount} on its own calendar or the unit's. */
    Instant dueAt(Units.Unit unit, SlaAmount amount, Instant now) {
        if (amount == null) {
            return null;
        }
        return amount.dueAfter(calendars.get(amount.calendar() != null ? amount.calendar() : unit.calendar()), now);
    }
}
