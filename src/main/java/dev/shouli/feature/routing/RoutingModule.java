package dev.shouli.feature.routing;

import dev.shouli.core.cases.Assignees;
import dev.shouli.core.config.ConfigException;
import dev.shouli.core.module.HookPhase;
import dev.shouli.core.module.Module;
import dev.shouli.core.module.ModuleConfig;
import dev.shouli.core.module.ModuleContext;
import dev.shouli.feature.console.ConsoleExtension;
import io.vertx.core.Future;
import java.util.function.Supplier;

/**
 * Classification and routing: every new case is classified (the source's code, the desk's keyword rules, a
 * classifier trained from the desk's own labels, which abstains when unsure) and routed by ordered rules to a
 * unit and a member, or to triage, after its source was answered; the desk transfers (转办) and returns (退单)
 * cases, and learns from what it corrects. Section {@code routing:}; docs/features/routing.md.
 */
public final class RoutingModule implements Module<RoutingConfig> {

    @Override
    public String name() {
        return "routing";
    }

    @Override
    public RoutingConfig configure(ModuleConfig config) {
        try {
            return RoutingConfig.from(config.tree(), config.sla().calendars());
        } catch (IllegalArgumentException e) {
            throw new ConfigException("routing: " + e.getMessage(), e);
        }
    }

    @Override
    public Future<Void> install(RoutingConfig config, ModuleContext context) {
        RoutingStore store = new RoutingStore();
        MemberStore members = new MemberStore();
        ModelStore models = new ModelStore();
        RuleSetStore ruleSetStore = new RuleSetStore();
        RoutingMetrics metrics = new RoutingMetrics(context.meters());
        ModelVersions versions = new ModelVersions(context.vertx(), models);
        RuleSets ruleSets = new RuleSets(config, ruleSetStore);
        Supplier<Assignees> assignees = context.service(Assignees.class);
        ClassifierService classifier = new ClassifierService(context.vertx(), context.pool(), config, models, store,
                versions, ruleSets, context.clock());
        RoutingActions actions = new RoutingActions(context.pool(), config, store, metrics, context.clock());
        RoutingReport report = new RoutingReport(context.pool(), config, new RoutingReportStore(),
                context.config().intake().timeZone(), context.clock());
        if (config.enabled()) {
            context.intakeHook(HookPhase.CASE, new RoutingHook(store, context.clock()));
        }
        // On a worker thread: a batch's classifications are milliseconds of CPU each, which an event loop would
        // take from the answers sharing it.
        context.workerJob(new Router(context.pool(), config, store, members, models, versions, ruleSets, assignees,
                metrics, context.clock()));
        context.caseDetail(new RoutingDetail(store));
        context.routes(new RoutingRoutes(config, context.config().desk(), classifier, actions, report));
        context.provide(ConsoleExtension.class, new RoutingConsole(context.pool(), config,
                new RoutingPages(config, context.config().intake().timeZone()), members, ruleSets, ruleSetStore,
                classifier, actions, report, assignees, context.clock()));
        return Future.succeededFuture();
    }
}
