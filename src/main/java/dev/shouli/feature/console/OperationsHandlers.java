package dev.shouli.feature.console;

import dev.shouli.core.cases.CaseQueries;
import dev.shouli.core.outbox.OutboxStore;
import dev.shouli.core.cases.Assignees;
import dev.shouli.feature.bulk.CaseBatches;
import dev.shouli.feature.bulk.CaseBatches.Progress;
import dev.shouli.feature.dedup.IncidentActions;
import dev.shouli.feature.dedup.Incidents;
import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import java.util.List;
import java.util.function.Supplier;

/** Incidents, quarantine and outbox pages; re-running and retrying are for supervisors. */
final class OperationsHandlers {

    private static final int PAGE = 50;
    private static final int RECENT_BATCHES = 5;

    private final Pool pool;
    private final Supplier<Incidents> incidents;
    private final CaseQueries queries;
    private final OutboxStore outbox;
    private final RerunStore reruns;
    private final QuarantineRerun rerun;
    private final OperationsPages pages;
    private final Clock clock;

    private final Supplier<IncidentActions> incidentActions;
    private final Supplier<CaseBatches> batches;
    private final Assignees assignees;
    private final TemplateStore templates;

    OperationsHandlers(Pool pool, CaseQueries queries, Supplier<Incidents> incidents, QuarantineRerun rerun,
                       Formats formats, Clock clock, Supplier<IncidentActions> incidentActions,
                       Supplier<CaseBatches> batches, Assignees assignees, TemplateStore templates) {
        this.pool = pool;
        this.incidents = incidents;
        this.incidentActions = incidentActions;
        this.batches = batches;
        this.assignees = assignees;
        this.templates = templates;
        this.queries = queries;
        this.outbox = new OutboxStore(pool);
        this.reruns = new RerunStore(pool);
        this.rerun = rerun;
        this.pages = new OperationsPages(formats);
        this.clock = clock;
    }

    void incidents(RoutingContext ctx) {
        incidents.get().list(number(ctx.queryParams().get("before")), PAGE).onFailure(ctx::fail)
                .onSuccess(items -> ConsolePages.send(ctx, pages.incidents(Viewer.of(ctx), items, next(items))));
    }

    /** An incident with its cases, what its actions left standing, its recent batches, and its actions. */
    void incident(RoutingContext ctx) {
        Long id = number(ctx.pathParam("id"));
        if (id == null) {
            ctx.fail(ConsoleProblem.notFound());
            return;
        }
        incidents.get().get(id).onFailure(ctx::fail).onSuccess(found -> {
            if (found.isEmpty()) {
                ctx.fail(ConsoleProblem.notFound());
                return;
            }
            Future<List<Progress>> recent = batches.get().ofOrigin("incident:" + id, RECENT_BATCHES)
                    .compose(ids -> Future.all(ids.stream().map(b -> batches.get().progress(b)).toList())
                            .map(all -> all.<java.util.Optional<Progress>>list().stream().flatMap(java.util.Optional::stream)
                                    .toList()));
            Future.all(incidentActions.get().standing(id), recent, assignees.active(), templates.all())
                    .onFailure(ctx::fail)
                    .onSuccess(all -> ConsolePages.send(ctx, pages.incident(Viewer.of(ctx), found.get(), all.resultAt(0),
                            all.resultAt(1), all.resultAt(2), all.resultAt(3))));
        });
    }

    void quarantine(RoutingContext ctx) {
        queries.submissions("quarantined", null, number(ctx.queryParams().get("before")), PAGE).onFailure(ctx::fail)
                .onSuccess(items -> ConsolePages.send(ctx, pages.quarantine(Viewer.of(ctx), items, next(items))));
    }

    void submission(RoutingContext ctx) {
        show(ctx, 200, null);
    }

    private void show(RoutingContext ctx, int status, String error) {
        Long id = number(ctx.pathParam("id"));
        if (id == null) {
            ctx.fail(ConsoleProblem.notFound());
            return;
        }
        queries.submission(id).onFailure(ctx::fail).onSuccess(found -> {
            if (found.isEmpty()) {
                ctx.fail(ConsoleProblem.notFound());
                return;
            }
            reruns.of(id).onFailure(ctx::fail).onSuccess(done -> ConsolePages.send(ctx, status,
                    pages.submission(Viewer.of(ctx), found.get(), done, rerun.supports(found.get().getString("channel")),
                            error)));
        });
    }

    void rerun(RoutingContext ctx) {
        Viewer v = Viewer.of(ctx);
        if (!v.supervisor()) {
            ctx.fail(ConsoleProblem.forbidden("error.supervisorOnly"));
            return;
        }
        Long id = number(ctx.pathParam("id"));
        if (id == null) {
            ctx.fail(ConsoleProblem.notFound());
            return;
        }
        queries.submission(id).onFailure(ctx::fail).onSuccess(found -> {
            if (found.isEmpty() || !"quarantined".equals(found.get().getString("outcome"))
                    || !rerun.supports(found.get().getString("channel"))) {
                show(ctx, 409, v.t().get("quarantine.notRerunnable"));
                return;
            }
            rerun.rerun(found.get(), v.actor()).onFailure(ctx::fail).onSuccess(result -> {
                if (result.reference() != null) {
                    ConsolePages.redirect(ctx, "/desk/cases/" + result.reference());
                } else {
                    ConsolePages.redirect(ctx, "/desk/quarantine/" + id);
                }
            });
        });
    }

    void outbox(RoutingContext ctx) {
        String status = ctx.queryParams().get("status");
        // The nav link carries no status (and List.of(...).contains(null) throws): dead items need a person first.
        String shown = status != null && OperationsPages.OUTBOX_STATES.contains(status) ? status : "dead";
        outbox.list(shown, number(ctx.queryParams().get("before")), PAGE).onFailure(ctx::fail)
                .onSuccess(items -> ConsolePages.send(ctx, pages.outbox(Viewer.of(ctx), shown, items, next(items))));
    }

    void retry(RoutingContext ctx) {
        if (!Viewer.of(ctx).supervisor()) {
            ctx.fail(ConsoleProblem.forbidden("error.supervisorOnly"));
            return;
        }
        Long id = number(ctx.pathParam("id"));
        if (id == null) {
            ctx.fail(ConsoleProblem.notFound());
            return;
        }
        outbox.retry(id, clock.instant()).onFailure(ctx::fail)
                .onSuccess(ok -> ConsolePages.redirect(ctx, "/desk/outbox?status=pending"));
    }

    private static Long next(List<io.vertx.core.json.JsonObject> items) {
        return items.size() == PAGE ? items.get(items.size() - 1).getLong("id") : null;
    }

    private static Long number(String value) {
        try {
            return value == null ? null : Long.valueOf(value);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
