package dev.shouli.feature.console;

import dev.shouli.core.cases.ActionParameters;
import dev.shouli.core.cases.Assignees;
import dev.shouli.core.cases.CaseActionService;
import dev.shouli.core.cases.CaseQueries;
import dev.shouli.core.cases.DeskAction;
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
import java.time.LocalDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * The case page and what can be done on it: desk actions (through the one CaseActionService), internal notes,
 * a reply to the complainant through the outbox, splitting off a merged submission (supervisors), deciding a
 * possible duplicate (confirm: join the new case into the existing one; dismiss), and attachment downloads. Changes answer with a redirect to the page (POST/redirect/GET); a refused action shows
 * the page again with the reason.
 */
final class CaseHandlers {

    private static final Pattern NONCE = Pattern.compile("[A-Za-z0-9_-]{20,64}");
    private static final List<String> ACTION_FIELDS =
            List.of("assignee", "note", "publicNote", "reason", "result", "deadline", "by", "until");

    private final CaseQueries queries;
    private final ConsoleCaseStore store;
    private final CaseActionService actions;
    private final Supplier<Unmerge> unmerge;
    private final Supplier<PossibleDuplicates> duplicates;
    private final Formats formats;
    private final CasePage page;
    private final NoticeDelivery delivery;
    private final Assignees assignees;

    CaseHandlers(CaseQueries queries, ConsoleCaseStore store, CaseActionService actions, Supplier<Unmerge> unmerge,
                 Supplier<PossibleDuplicates> duplicates, Formats formats, NoticeDelivery delivery,
                 Assignees assignees) {
        this.queries = queries;
        this.store = store;
        this.actions = actions;
        this.unmerge = unmerge;
        this.duplicates = duplicates;
        this.formats = formats;
        this.page = new CasePage(formats);
        this.delivery = delivery;
        this.assignees = assignees;
    }

    void show(RoutingContext ctx) {
        String done = ctx.queryParams().get("done");
        Viewer v = Viewer.of(ctx);
        String notice = done == null || !done.matches("[a-z_]{2,20}") ? null : v.t().code("done", done);
        render(ctx, reference(ctx), 200, notice, null);
    }

    void action(RoutingContext ctx) {
        DeskAction action = DeskAction.parse(ctx.pathParam("action")).orElseThrow(ConsoleProblem::notFound);
        JsonObject parameters = new JsonObject();
        for (String field : ACTION_FIELDS) {
            String value = ctx.request().getFormAttribute(field);
            if (value != null && !value.isBlank()) {
                parameters.put(field, field.equals("until") ? localToOffset(value) : value.strip());
            }
        }
        act(ctx, action, parameters);
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
                .onSuccess(x -> ConsolePages.redirect(ctx, "/desk/cases/" + ref + "?done=note"))
                .onFailure(ctx::fail);
    }

    /**
     * The reply form: a desk action like the others ({@code reply}), so it meets the 答复 deadline and the API,
     * batches and incidents reply the same way. The form's nonce is the action's request key: a double submit
     * is one reply.
     */
    void reply(RoutingContext ctx) {
        String text = ctx.request().getFormAttribute("text");
        String subject = ctx.request().getFormAttribute("subject");
        JsonObject parameters = new JsonObject();
        if (text != null && !text.isBlank()) {
            parameters.put("text", text.strip());
        }
        if (subject != null && !subject.isBlank()) {
            parameters.put("subject", subject.strip());
        }
        act(ctx, DeskAction.REPLY, parameters);
    }

    /** 电话回复: who called, when, what was said — recorded as a desk action that meets the 答复 deadline. */
    void phoneReply(RoutingContext ctx) {
        JsonObject parameters = new JsonObject();
        for (String field : List.of("summary", "caller", "calledAt")) {
            String value = ctx.request().getFormAttribute(field);
            if (value != null && !value.isBlank()) {
                parameters.put(field, field.equals("calledAt") ? localToOffset(value) : value.strip());
            }
        }
        act(ctx, DeskAction.PHONE_REPLY, parameters);
    }

    private void act(RoutingContext ctx, DeskAction action, JsonObject parameters) {
        Viewer v = Viewer.of(ctx);
        String ref = reference(ctx);
        String nonce = ctx.request().getFormAttribute("nonce");
        if (nonce != null && NONCE.matcher(nonce).matches()) {
            parameters.put("requestKey", "console:" + nonce);
        }
        Future<JsonObject> done;
        try {
            done = actions.perform(ref, action, v.actor(), ActionParameters.check(action, parameters));
        } catch (HttpProblem p) {
            done = Future.failedFuture(p);
        }
        done.onSuccess(r -> ConsolePages.redirect(ctx, "/desk/cases/" + ref + "?done=" + action.code()))
                .onFailure(e -> refused(ctx, ref, e));
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

    private void refused(RoutingContext ctx, String ref, Throwable e) {
        Viewer v = Viewer.of(ctx);
        if (e instanceof HttpProblem p && p.status() < 500) {
            render(ctx, ref, p.status(), null, v.t().get("case.refused", p.getMessage()));
        } else if (e instanceof Unmerge.Refused r) {
            render(ctx, ref, r.notFound() ? 404 : 409, null, v.t().get("case.refused", r.getMessage()));
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
            return store.caseIdOf(ref).compose(id -> Future.all(store.submissions(id), store.incidentOf(id),
                            store.notes(id), duplicates.get().ofCase(id), assignees.active())
                    .map(all -> new CasePage.Data(record, all.resultAt(0), all.resultAt(1), all.resultAt(2),
                            replyRoute(record), all.resultAt(3), all.resultAt(4))));
        }).onFailure(ctx::fail).onSuccess(data -> ConsolePages.send(ctx, status, page.render(v, data, notice, error)));
    }

    /** Whether (and how) a reply would reach this case's complainant, told before anyone writes one. */
    private ReplyRoute replyRoute(JsonObject record) {
        JsonObject c = record.getJsonObject("complainant", new JsonObject());
        return ReplyRoute.of(record.getString("channel"), c.getString("email"), c.getString("phone"),
                ReplyNotice.PURPOSE, delivery);
    }

    private String localToOffset(String value) {
        try {
            return LocalDateTime.parse(value.strip()).atZone(formats.zone()).toOffsetDateTime().toString();
        } catch (DateTimeParseException e) {
            return value;
        }
    }

    private static String reference(RoutingContext ctx) {
        return CaseReference.parse(ctx.pathParam("reference")).toString();
    }
}
