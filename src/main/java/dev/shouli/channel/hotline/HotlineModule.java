package dev.shouli.channel.hotline;

import dev.shouli.core.cases.CaseDetail;
import dev.shouli.core.cases.Satisfaction;
import dev.shouli.core.module.HookPhase;
import dev.shouli.core.module.MatcherPhase;
import dev.shouli.core.module.Module;
import dev.shouli.core.module.ModuleConfig;
import dev.shouli.core.module.ModuleContext;
import dev.shouli.core.outbox.OutboxHandler;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import java.time.ZoneId;

/**
 * Hotline work orders (12345): signed tickets in ({@code POST /intake/hotline/{source}}), messages about a ticket
 * onto its case, sign-for, return and reply callbacks out through the outbox, the platform's 回访 verdicts to
 * the satisfaction feature. Section {@code hotline:}.
 */
public final class HotlineModule implements Module<HotlineConfig> {

    @Override
    public String name() {
        return "hotline";
    }

    @Override
    public HotlineConfig configure(ModuleConfig config) {
        return HotlineConfig.from(config.tree(), config.env());
    }

    @Override
    public Future<Void> install(HotlineConfig hotline, ModuleContext context) {
        ZoneId zone = context.config().intake().timeZone();
        HotlineStore store = new HotlineStore();
        WorkOrderParser workOrders = new WorkOrderParser(zone, context.phones(),
                context.config().intake().maxAttachments(), context.config().intake().maxAttachmentBytes());
        HotlineCallbacks callbacks = new HotlineCallbacks(zone);
        context.matcher(MatcherPhase.THREAD, new HotlineTicketMatcher(store));
        context.intakeHook(HookPhase.SOURCE, new HotlineIntakeHook(hotline, workOrders, store, callbacks,
                context.service(Satisfaction.class)));
        context.actionHook(new HotlineCaseActionHook(hotline, store, callbacks));
        context.routes(new HotlineRoutes(hotline, workOrders, context.intake(), context.clock(),
                context.config().http().bodyLimitBytes(), context.pool(), store));
        for (OutboxHandler handler : HotlineCallbackHandler.forSources(context.vertx(), hotline, context.clock())) {
            context.outboxHandler(handler);
        }
        // Hotline tickets carry their own deadlines and conversation state with the platform.
        context.caseDetail(new CaseDetail() {
            @Override
            public String field() {
                return "hotlineTickets";
            }

            @Override
            public Future<Object> of(SqlClient client, long caseId) {
                return HotlineStore.ticketsJson(client, caseId).map(tickets -> tickets.isEmpty() ? null : tickets);
            }
        });
        return Future.succeededFuture();
    }
}
