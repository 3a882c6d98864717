package dev.shouli.feature.bulk;

import dev.shouli.core.cases.PersonalData;
import dev.shouli.core.module.Module;
import dev.shouli.core.module.ModuleConfig;
import dev.shouli.core.module.ModuleContext;
import io.vertx.core.Future;

/**
 * One action on many cases — the desk's selection, an incident's action — worked in batches that survive a crash
 * and do no case twice. Provides {@link CaseBatches}; runs the {@link BatchItemHook}s others provide with every
 * item done. Section {@code bulk:}.
 */
public final class BulkModule implements Module<BulkConfig> {

    @Override
    public String name() {
        return "bulk";
    }

    @Override
    public BulkConfig configure(ModuleConfig config) {
        return BulkConfig.from(config.tree());
    }

    @Override
    public Future<Void> install(BulkConfig config, ModuleContext context) {
        BatchStore store = new BatchStore();
        CaseBatches batches = new CaseBatches(context.pool(), store, context.caseActions(), context.vertx(),
                context.clock());
        context.provide(CaseBatches.class, batches);
        context.provide(PersonalData.class, new BulkPersonalData(store));
        context.routes(new BatchRoutes(batches, context.config().desk()));
        context.job(new BatchWorker(context.pool(), store, context.caseActions(),
                context.services(BatchItemHook.class), config, context.clock()));
        return Future.succeededFuture();
    }
}
