package dev.shouli.feature.console;

import dev.shouli.core.cases.Assignees;
import dev.shouli.core.cases.DeskAction;
import dev.shouli.core.http.HttpProblem;
import dev.shouli.feature.bulk.CaseBatches;
import dev.shouli.feature.dedup.IncidentActions;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * One action on many cases from the console: the case list's selection, or "all N matching this filter"
 * ({@code POST /desk/bulk}: a confirmation with the count and the action's parameters; {@code POST
 * /desk/bulk/start}: the batch), and an incident's own actions ({@code POST /desk/incidents/{id}/actions/{action}}).
 * Each starts a batch whose progress page follows it ({@code /desk/batches/{id}}); the form's nonce is the batch's
 * request key, so a double submit is one batch.
 */
final class BulkHandlers {

    /** Most cases one batch from the list takes: more is a filter to narrow first. */
    static final int MAX_CASES = 5000;
    private static final Pattern NONCE = Pattern.compile("[A-Za-z0-9_-]{20,64}");

    private final Supplier<CaseBatches> batches;
    private final Supplier<IncidentActions> incidents;
    private final CaseListHandler list;
    private final ConsoleCaseQueries queries;
    private final Assignees assignees;
    private final TemplateStore templates;
    private final ActionFormFields fields;
    private final BatchPage page;

    BulkHandlers(Supplier<CaseBatches> batches, Supplier<IncidentActions> incidents, CaseListHandler list,
                 ConsoleCaseQueries queries, Assignees assignees, TemplateStore templates, ActionFormFields fields,
                 Formats formats) {
        this.batches = batches;
        this.incidents = incidents;
        this.list = list;
        this.queries = queries;
        this.assignees = assignees;
        this.templates = templates;
        this.fields = fields;
        this.page = new BatchPage(formats);
    }

    /** The confirmation: how many cases, which action, its parameters. */
    void confirm(RoutingContext ctx) {
        Viewer v = Viewer.of(ctx);
        DeskAction action = action(ctx);
        String scope = ctx.request().getFormAttribute("scope");
        String filter = value(ctx, "filter", "");
        selected(ctx, v, scope, filter).compose(refs -> Future.all(assignees.active(), templates.all())
                .map(all -> page.confirm(v, action, "all".equals(scope) ? "all" : "selected", filter, refs,
                        all.resultAt(0), all.resultAt(1))))
                .onFailure(e -> failed(ctx, e))
                .onSuccess(html -> ConsolePages.send(ctx, html));
    }

    /** Starts the batch (once per form) and shows its progress. */
    void start(RoutingContext ctx) {
        Viewer v = Viewer.of(ctx);
        DeskAction action = action(ctx);
        String nonce = ctx.request().getFormAttribute("nonce");
        if (nonce == null || !NONCE.matcher(nonce).matches()) {
            ctx.fail(ConsoleProblem.badRequest(null));
            return;
        }
        fields.read(ctx, action).compose(parameters -> selected(ctx, v, ctx.request().getFormAttribute("scope"),
                        value(ctx, "filter", ""))
                .compose(refs -> batches.get().start(new CaseBatches.Request("console:" + nonce, "selection",
                        action.code(), parameters, v.actor(), new JsonObject()), refs)))
                .onFailure(e -> failed(ctx, e))
                .onSuccess(id -> ConsolePages.redirect(ctx, "/desk/batches/" + id));
    }

    /** An incident's action on all its cases ({@code notify} as the form's box says). */
    void incident(RoutingContext ctx) {
        Viewer v = Viewer.of(ctx);
        long id;
        try {
            id = Long.parseLong(ctx.pathParam("id"));
        } catch (NumberFormatException e) {
            ctx.fail(ConsoleProblem.notFound());
            return;
        }
        DeskAction action = DeskAction.parse(ctx.pathParam("action")).orElseThrow(ConsoleProblem::notFound);
        String nonce = ctx.request().getFormAttribute("nonce");
        fields.read(ctx, action).compose(parameters -> incidents.get().start(id, action, parameters, v.actor(),
                        nonce != null && NONCE.matcher(nonce).matches() ? "console:" + nonce : null))
                .onFailure(e -> failed(ctx, e))
                .onSuccess(batch -> ConsolePages.redirect(ctx, "/desk/batches/" + batch));
    }

    /** {@code GET /desk/batches/{id}}: how far it is; refreshes itself while it runs. */
    void show(RoutingContext ctx) {
        long id;
        try {
            id = Long.parseLong(ctx.pathParam("id"));
        } catch (NumberFormatException e) {
            ctx.fail(ConsoleProblem.notFound());
            return;
        }
        batches.get().progress(id).onFailure(ctx::fail).onSuccess(found -> {
            if (found.isEmpty()) {
                ctx.fail(ConsoleProblem.notFound());
            } else {
                ConsolePages.send(ctx, page.progress(Viewer.of(ctx), found.get()));
            }
        });
    }

    /** The references of a selection: the boxes ticked, or every case the list's filter matches. */
    private Future<List<String>> selected(RoutingContext ctx, Viewer v, String scope, String filter) {
        if ("all".equals(scope)) {
            MultiMap q = MultiMap.caseInsensitiveMultiMap();
            new QueryStringDecoder(filter, StandardCharsets.UTF_8, false).parameters()
                    .forEach((k, values) -> values.forEach(value -> q.add(k, value)));
            return queries.references(list.filterOf(q, v.actor()), MAX_CASES + 1).map(refs -> {
                if (refs.size() > MAX_CASES) {
                    throw new Refusal(v.t().get("bulk.tooMany", MAX_CASES));
                }
                return refs;
            });
        }
        List<String> refs = ctx.request().formAttributes().getAll("ref").stream().filter(r -> r.matches("[A-Z0-9-]{6,40}"))
                .distinct().toList();
        if (refs.isEmpty()) {
            return Future.failedFuture(new Refusal(v.t().get("bulk.noneSelected")));
        }
        if (refs.size() > MAX_CASES) {
            return Future.failedFuture(new Refusal(v.t().get("bulk.tooMany", MAX_CASES)));
        }
        return Future.succeededFuture(refs);
    }

    private static DeskAction action(RoutingContext ctx) {
        return DeskAction.parse(ctx.request().getFormAttribute("action")).orElseThrow(ConsoleProblem::notFound);
    }

    private static String value(RoutingContext ctx, String name, String fallback) {
        String v = ctx.request().getFormAttribute(name);
        return v == null ? fallback : v;
    }

    /** A bulk request that cannot go ahead, with a reason already written for people. */
    private static final class Refusal extends RuntimeException {
        Refusal(String message) {
            super(message, null, false, false);
        }
    }

    private static void failed(RoutingContext ctx, Throwable e) {
        Texts t = Viewer.of(ctx).t();
        if (e instanceof Refusal r) {
            ctx.fail(ConsoleProblem.badRequest(r.getMessage()));
        } else if (e instanceof HttpProblem p && p.status() < 500) {
            ctx.fail(ConsoleProblem.badRequest(Refusals.of(t, p)));
        } else {
            ctx.fail(e);
        }
    }

}
