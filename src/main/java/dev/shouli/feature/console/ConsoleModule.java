package dev.shouli.feature.console;

import dev.shouli.core.cases.Assignees;
import dev.shouli.core.cases.PersonalData;
import dev.shouli.core.intake.SubmissionReplay;
import dev.shouli.core.module.HookPhase;
import dev.shouli.core.module.Module;
import dev.shouli.core.module.ModuleConfig;
import dev.shouli.core.module.ModuleContext;
import dev.shouli.feature.bulk.CaseBatches;
import dev.shouli.feature.dedup.IncidentActions;
import dev.shouli.feature.dedup.PossibleDuplicates;
import dev.shouli.feature.report.Reports;
import dev.shouli.feature.dedup.Unmerge;
import io.vertx.core.Future;

/**
 * The desk console under {@code /desk}: sign-in, the case list and pages, incidents, quarantine, the outbox and the
 * dashboard, for people. Section {@code console:}.
 */
public final class ConsoleModule implements Module<ConsoleConfig> {

    @Override
    public String name() {
        return "console";
    }

    @Override
    public ConsoleConfig configure(ModuleConfig config) {
        return ConsoleConfig.from(config.tree(), config.env());
    }

    @Override
    public Future<Void> install(ConsoleConfig config, ModuleContext context) {
        Console console = new Console(context, config, context.caseQueries(), context.service(Unmerge.class),
                context.service(PossibleDuplicates.class), context.services(SubmissionReplay.class),
                context.service(CaseBatches.class), context.service(IncidentActions.class),
                context.service(Reports.class),
                new ConsoleExtensions(context.services(ConsoleExtension.class)));
        context.routes(new ConsoleRoutes(console));
        AttentionHooks attention = new AttentionHooks();
        // After the channels' own bookkeeping and dedup's: only a submission that joined a case marks it.
        context.intakeHook(HookPhase.CASE, attention);
        context.actionHook(attention);
        context.provide(Assignees.class, console.assignees());
        // The configured first console user exists before anyone can try to sign in.
        context.provide(PersonalData.class, new ConsolePersonalData());
        return console.users().bootstrap();
    }
}
