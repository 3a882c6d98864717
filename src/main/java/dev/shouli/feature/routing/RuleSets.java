package dev.shouli.feature.routing;

import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The rule set in force: the one last activated in the console, else the configuration's (version 0). Asked of
 * the database each time, so an activation holds on every instance at once; parsed once per version.
 */
final class RuleSets {

    private static final Logger LOG = LoggerFactory.getLogger(RuleSets.class);

    private final RoutingConfig config;
    private final RuleSetStore store;
    /** The stored version last read, and the set it gave (the configuration's if it no longer fits). */
    private record Parsed(int stored, RuleSet set) {
    }

    private final AtomicReference<Parsed> parsed = new AtomicReference<>();

    RuleSets(RoutingConfig config, RuleSetStore store) {
        this.config = config;
        this.store = store;
    }

    Future<RuleSet> active(SqlClient client) {
        return store.active(client).map(found -> {
            if (found.isEmpty()) {
                return config.rules();
            }
            Parsed last = parsed.get();
            if (last != null && last.stored() == found.get().version()) {
                return last.set();
            }
            RuleSet set;
            try {
                set = config.ruleSet(found.get().version(), found.get().document());
            } catch (IllegalArgumentException e) {
                // Checked when it was activated; a unit or category since removed from the configuration makes
                // it invalid. Routing goes on with the configuration's rules rather than not at all.
                LOG.error("rule set version {} no longer fits the configuration ({}); the configuration's rules "
                        + "route until a supervisor activates a valid one", found.get().version(), e.getMessage());
                set = config.rules();
            }
            parsed.set(new Parsed(found.get().version(), set));
            return set;
        });
    }
}
