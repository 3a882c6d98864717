package dev.shouli.feature.routing;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import java.util.ArrayList;
import java.util.List;

/**
 * Tries a rule set on the latest routed cases before it acts: "this rule set would route N of the last M cases
 * differently", with the list. Each case is classified as it was (its source's code, the classifier's answer then)
 * with the keyword rules of each set, and routed by each set; the cases whose unit differs are listed.
 */
final class RuleDryRun {

    /** A case the two sets route to different units. */
    record Difference(String reference, String subject, String category, String unitNow, String ruleNow,
                      String unitDraft, String ruleDraft) {
    }

    record Result(int tried, List<Difference> differences) {
    }

    private final Pool pool;
    private final RoutingConfig config;
    private final RuleSetStore store;
    private final RuleSets ruleSets;

    RuleDryRun(Pool pool, RoutingConfig config, RuleSetStore store, RuleSets ruleSets) {
        this.pool = pool;
        this.config = config;
        this.store = store;
        this.ruleSets = ruleSets;
    }

    Future<Result> run(RuleSet draft) {
        Future<RuleSet> current = ruleSets.active(pool);
        Future<List<RuleSetStore.Recent>> recent = store.recent(pool, config.dryRunCases());
        return Future.all(current, recent).map(v -> {
            List<Difference> differences = new ArrayList<>();
            for (RuleSetStore.Recent r : recent.result()) {
                Outcome now = outcome(r, current.result());
                Outcome then = outcome(r, draft);
                if (!now.unit().equals(then.unit())) {
                    differences.add(new Difference(r.record().reference(), r.record().subject(),
                            then.category() != null ? then.category() : now.category(), now.unit(), now.rule(),
                            then.unit(), then.rule()));
                }
            }
            return new Result(recent.result().size(), differences);
        });
    }

    private record Outcome(String category, String unit, String rule) {
    }

    private Outcome outcome(RuleSetStore.Recent r, RuleSet set) {
        String category = r.sourceCategory();
        if (category == null) {
            String text = Features.normalise(Features.text(r.record().subject(), r.record().description()));
            category = set.keyword(text).map(k -> k.getKey().category())
                    .orElse(r.modelDecided() ? r.modelCategory() : null);
        }
        var rule = set.route(r.record().facts(category));
        String unit = rule.map(RuleSet.Rule::unit).orElse(config.units().triage().code());
        return new Outcome(category, unit, rule.map(RuleSet.Rule::name).orElse(null));
    }
}
