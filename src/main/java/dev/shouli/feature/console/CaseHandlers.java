package dev.shouli.feature.console;

import dev.shouli.core.cases.Assignees;
import dev.shouli.core.cases.CaseQueries;
import dev.shouli.core.cases.ReplyNotice;
import dev.shouli.core.cases.ReplyRoute;
import dev.shouli.core.domain.CaseReference;
import dev.shouli.core.http.HttpProblem;
import dev.shouli.core.outbox.NoticeDelivery;
import dev.shouli.feature.dedup.PossibleDuplicates;
import dev.shouli.feature.dedup.Unmerge;
import dev.shouli.feature.desk.DeskRoutes;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.function.Supplier;

/**
 * The case page and what can be done on it besides desk actions ({@link CaseActionHandlers}): internal notes,
 * splitting off a merged submission (supervisors), deciding a possible duplicate (confirm: join the new case into
 * the existing one; dismiss), and attachment downloads. Changes answer with a redirect to the page
 * (POST/redirect/GET); a refused change shows the page again with the reason.
 */
final class CaseHandlers {

    private final CaseQueries queries;
    private final ConsoleCaseStore store;
    private final Supplier<Unmerge> unmerge;
    private final Supplier<PossibleDuplicates> duplicates;
    private final Formats formats;
    private final CasePage page;
    private final NoticeDelivery delivery;
    private final Assignees assignees;
    private final TemplateStore templates;
    private final AttentionStore attention;
    private final ConsoleExtensions extensions;

    CaseHandlers(CaseQueries queries, ConsoleCaseStore store, Supplier<Unmerge> unmerge,
                 Supplier<PossibleDuplicates> duplicates, Formats formats, NoticeDelivery delivery,
                 Assignees assignees, TemplateStore templates, AttentionStore attention,
                 ConsoleExtensions extensions) {
        this.queries = queries;
        this.store = store;
        this.unmerge = unmerge;
        this.duplicates = duplicates;
        this.formats = formats;
        this.page = new CasePage(formats);
        this.delivery = delivery;
        this.assignees = assignees;
        this.templates = templates;
        this.attention = attention;
        this.extensions = extensions;
    }

    /**
     * The case page; opening it counts as having seen the citizen's input so far. {@code ?template=} prefills the
     * reply with a template in the case's language.
     */
    void show(RoutingContext ctx) {
        String done = ctx.queryParams().get("done");
        Viewer v = Viewer.of(ctx);
        String ref = reference(ctx);
        String notice = done == null || !done.matches("[a-z_-]{2,20}") ? null : v.t().code("done", done);
        store.caseIdOf(ref).compose(id -> id < 0 ? Future.succeededFuture() : attention.seen(id, v.actor(), formats.now()))
                .onFailure(ctx::fail)
                .onSuccess(x -> render(ctx, ref, 200, notice, null));
    }

    void note(RoutingContext ctx) {
        Viewer v = Viewer.of(ctx);
        String ref = reference(ctx);
        String body = ctx.request().getFormAttribute("body");
        if (body == null || body.isBlank() || body.length() > 5000) {
            render(ctx, ref, 422, null, v.t().get("case.noteInvalid"));
            return;
        }
        store.addNote(ref, v.actor(), body.strip(), formats.now())
                .onSuccess(x -> ConsolePages.redirect(ctx, "/desk/cases/" + ref + "?done=internal-note"))
                .onFailure(ctx::fail);
    }

    void unmerge(RoutingContext ctx) {
        Viewer v = Viewer.of(ctx);
        String ref = reference(ctx);
        if (!v.supervisor()) {
            ctx.fail(ConsoleProblem.forbidden("error.supervisorOnly"));
            return;
        }
        long submissionId;
        try {
            submissionId = Long.parseLong(String.valueOf(ctx.request().getFormAttribute("submissionId")));
        } catch (NumberFormatException e) {
            ctx.fail(ConsoleProblem.badRequest(null));
            return;
        }
        String reason = ctx.request().getFormAttribute("reason");
        unmerge.get().split(ref, submissionId, v.actor(), reason == null || reason.isBlank() ? null : reason.strip())
                .onSuccess(split -> ConsolePages.redirect(ctx, "/desk/cases/" + split.reference() + "?done=unmerge"))
                .onFailure(e -> refused(ctx, ref, e));
    }

    /** Confirm or dismiss a possible duplicate shown on this case's page (any desk user, like the desk API). */
    void duplicate(RoutingContext ctx) {
        Viewer v = Viewer.of(ctx);
        String ref = reference(ctx);
        String decision = ctx.pathParam("decision");
        long id;
        try {
            id = Long.parseLong(ctx.pathParam("id"));
        } catch (NumberFormatException e) {
            ctx.fail(ConsoleProblem.notFound());
            return;
        }
        if (!"confirm".equals(decision) && !"dismiss".equals(decision)) {
            ctx.fail(ConsoleProblem.notFound());
            return;
        }
        String reason = ctx.request().getFormAttribute("reason");
        duplicates.get().decideByDesk(id, "confirm".equals(decision), v.actor(),
                        reason == null || reason.isBlank() ? null : reason.strip())
                .onSuccess(p -> ConsolePages.redirect(ctx, "/desk/cases/" + ref + "?done=duplicate_" + decision))
                .onFailure(e -> refused(ctx, ref, e instanceof PossibleDuplicates.Refused r
                        ? new HttpProblem(r.status() == 404 ? 404 : 409, "possible-duplicate", "Possible duplicate",
                                r.getMessage())
                        : e));
    }

    void attachment(RoutingContext ctx) {
        String ref = reference(ctx);
        long id;
        try {
            id = Long.parseLong(ctx.pathParam("id"));
        } catch (NumberFormatException e) {
            ctx.fail(ConsoleProblem.notFound());
            return;
        }
        queries.attachment(ref, id).onFailure(ctx::fail).onSuccess(found -> {
            if (found.isEmpty()) {
                ctx.fail(ConsoleProblem.notFound());
                return;
            }
            // Evidence is never rendered by the browser: a download, never sniffed, sandboxed.
            ctx.response()
                    .putHeader("Content-Type", "application/octet-stream")
                    .putHeader("Content-Disposition", DeskRoutes.contentDisposition(found.get().name()))
                    .putHeader("X-Content-Type-Options", "nosniff")
                    .putHeader("Content-Security-Policy", "default-src 'none'; sandbox")
                    .putHeader("Cache-Control", "private, no-store")
                    .end(Buffer.buffer(found.get().content()));
        });
    }

    /** The page again with why the action was refused, in the console's language. */
    void refused(RoutingContext ctx, String ref, Throwable e) {
        Viewer v = Viewer.of(ctx);
        if (e instanceof HttpProblem p && p.status() < 500) {
            render(ctx, ref, p.status(), null, v.t().get("case.refused", Refusals.of(v.t(), p)));
        } else if (e instanceof Unmerge.Refused r) {
            render(ctx, ref, r.notFound() ? 404 : 409, null, v.t().get("case.refused",
                    v.t().get(r.notFound() ? "refusal.unmergeNotJoined" : "refusal.alreadySplit")));
        } else {
            ctx.fail(e);
        }
    }

    private void render(RoutingContext ctx, String ref, int status, String notice, String error) {
        Viewer v = Viewer.of(ctx);
        queries.byReference(ref).compose(found -> {
            if (found.isEmpty()) {
                return Future.failedFuture(ConsoleProblem.notFound());
            }
            JsonObject record = found.get();
            String template = ctx.queryParams().get("template");
            return store.caseIdOf(ref).compose(id -> Future.all(List.of(store.submissions(id), store.incidentOf(id),
                            store.notes(id), duplicates.get().ofCase(id), assignees.active(), templates.all()))
                    .map(all -> new CasePage.Data(record, all.resultAt(0), all.resultAt(1), all.resultAt(2),
                            replyRoute(record), all.resultAt(3), all.resultAt(4), all.resultAt(5),
                            prefill(all.resultAt(5), template, record.getString("language")))));
        }).compose(data -> extensions.caseSections(v, data.record())
                        .map(extra -> page.render(v, data, notice, error, extra)))
                .onFailure(ctx::fail).onSuccess(html -> ConsolePages.send(ctx, status, html));
    }

    /** Whether (and how) a reply would reach this case's complainant, told before anyone writes one. */
    private ReplyRoute replyRoute(JsonObject record) {
        JsonObject c = record.getJsonObject("complainant", new JsonObject());
        return ReplyRoute.of(record.getString("channel"), c.getString("email"), c.getString("phone"),
                ReplyNotice.PURPOSE, delivery);
    }

    /** The chosen reply template's text in the case's language (its placeholders are filled when it is sent). */
    private static String prefill(List<TemplateStore.Template> all, String template, String language) {
        if (template == null || !template.matches("\\d{1,12}")) {
            return null;
        }
        String tag = switch (dev.shouli.core.domain.Wording.of(language)) {
            case HANS -> "zh-Hans";
            case HANT -> "zh-Hant";
            case EN -> "en";
        };
        return all.stream().filter(t -> t.id() == Long.parseLong(template) && "reply".equals(t.kind())).findFirst()
                .map(t -> t.body(tag)).orElse(null);
    }

    static String reference(RoutingContext ctx) {
        return CaseReference.parse(ctx.pathParam("reference")).toString();
    }
}
