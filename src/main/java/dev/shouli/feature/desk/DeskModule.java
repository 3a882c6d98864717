package dev.shouli.feature.desk;

import dev.shouli.core.cases.CaseFeedStore;
import dev.shouli.core.config.CoreConfig.DeskConfig;
import dev.shouli.core.module.Module;
import dev.shouli.core.module.ModuleConfig;
import dev.shouli.core.module.ModuleContext;
import dev.shouli.core.outbox.OutboxStore;
import dev.shouli.feature.desk.PushConfig.DeskWebhook;
import io.vertx.core.Future;

/**
 * The desk API (bearer tokens): cases, their submissions and attachments, desk actions, quarantined input and the
 * outbox; and desk push — the event stream, the changes feed and a webhook per desk. Section {@code desk:}.
 */
public final class DeskModule implements Module<PushConfig> {

    @Override
    public String name() {
        return "desk";
    }

    @Override
    public PushConfig configure(ModuleConfig config) {
        return DeskPushSection.from(config.tree(), config.env());
    }

    @Override
    public Future<Void> install(PushConfig push, ModuleContext context) {
        DeskConfig desk = context.config().desk();
        context.routes(new CaseActionRoutes(context.caseActions(), desk));
        // One group, in this order: GET /api/v1/cases/:reference would otherwise take "stream".
        CaseStreamRoutes stream = new CaseStreamRoutes(context.pool(), new CaseFeedStore(), desk,
                push.streamPollInterval());
        DeskRoutes reads = new DeskRoutes(context.caseQueries(), new OutboxStore(context.pool()), context.clock(), desk);
        context.routes(router -> {
            stream.register(router);
            reads.register(router);
        });
        for (DeskWebhook webhook : push.webhooks()) {
            context.outboxHandler(new DeskWebhookHandler(webhook, context.webClient(), push.webhookTimeout(),
                    context.clock()));
        }
        context.job(new DeskEventRelay(context.pool(), new CaseFeedStore(), push.webhooks(), push.relayInterval(),
                context.clock()));
        return Future.succeededFuture();
    }
}
