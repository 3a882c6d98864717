package dev.shouli.channel.open311;

import dev.shouli.core.cases.PersonalData;
import dev.shouli.core.module.HookPhase;
import dev.shouli.core.module.Module;
import dev.shouli.core.module.ModuleConfig;
import dev.shouli.core.module.ModuleContext;
import io.vertx.core.Future;

/** The Open311 GeoReport v2 server under {@code /open311/v2/}. Section {@code open311:}. */
public final class Open311Module implements Module<Open311Config> {

    @Override
    public String name() {
        return "open311";
    }

    @Override
    public Open311Config configure(ModuleConfig config) {
        return Open311Config.from(config.tree(), config.env());
    }

    @Override
    public Future<Void> install(Open311Config open311, ModuleContext context) {
        Open311RequestParser requests = new Open311RequestParser(open311, context.phones());
        context.intakeHook(HookPhase.SOURCE, new Open311IntakeHook(requests));
        context.actionHook(new Open311CaseActionHook());
        context.routes(new Open311Routes(open311, requests, context.intake(), new Open311Store(context.pool()),
                context.clock(), context.config().intake().timeZone(), context.config().http().bodyLimitBytes(),
                context.config().http().retryAfterSeconds()));
        context.provide(PersonalData.class, new Open311PersonalData());
        return Future.succeededFuture();
    }
}
