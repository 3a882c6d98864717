package dev.shouli.feature.report;

import dev.shouli.core.cases.Assignees;
import dev.shouli.core.module.Module;
import dev.shouli.core.module.ModuleConfig;
import dev.shouli.core.module.ModuleContext;
import io.vertx.core.Future;

/** Supervisors' reports ({@code GET /api/v1/reports/cases}, CSV and XLSX). Section {@code reports:}. */
public final class ReportModule implements Module<ReportConfig> {

    @Override
    public String name() {
        return "report";
    }

    @Override
    public ReportConfig configure(ModuleConfig config) {
        return ReportConfig.from(config.tree(), config.sla());
    }

    @Override
    public Future<Void> install(ReportConfig reports, ModuleContext context) {
        Reports built = new Reports(context.pool(), new ReportStore(), reports, context.sla().calendars(),
                context.config().intake().timeZone(), context.clock(), context.vertx(),
                context.services(Assignees.class));
        context.provide(Reports.class, built);
        context.routes(new ReportRoutes(built, context.config().desk()));
        return Future.succeededFuture();
    }
}
