package dev.shouli.feature.retention;

import dev.shouli.core.cases.PersonalData;
import dev.shouli.core.module.Module;
import dev.shouli.core.module.ModuleConfig;
import dev.shouli.core.module.ModuleContext;
import io.vertx.core.Future;

/**
 * How long personal data is kept, and erasing one person's data on request ({@code POST /api/v1/erasures}).
 * Section {@code retention:}.
 */
public final class RetentionModule implements Module<RetentionConfig> {

    @Override
    public String name() {
        return "retention";
    }

    @Override
    public RetentionConfig configure(ModuleConfig config) {
        return RetentionConfig.from(config.tree());
    }

    @Override
    public Future<Void> install(RetentionConfig retention, ModuleContext context) {
        Anonymiser anonymiser = new Anonymiser(context.services(PersonalData.class));
        context.routes(new ErasureRoutes(new ErasureStore(context.pool(), anonymiser), context.config().desk(),
                retention, context.phones(), context.clock()));
        context.job(new RetentionJob(new RetentionStore(context.pool(), anonymiser), retention, context.clock()));
        return Future.succeededFuture();
    }
}
