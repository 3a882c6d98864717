package dev.shouli.feature.console;

import dev.shouli.core.cases.ActionParameters;
import dev.shouli.core.cases.CaseActionService;
import dev.shouli.core.cases.CaseActionService.Step;
import dev.shouli.core.cases.CaseQueries;
import dev.shouli.core.cases.DeskAction;
import dev.shouli.core.http.HttpProblem;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Desk actions on the case page, through the one CaseActionService: an action's form, the reply (答复) and the
 * phone reply (电话回复) — actions too, so they meet the reply deadline — and the one-step macro 签收 + 分派给我 +
 * 模板回复. Each form's nonce is its request key: a double submit is one action. A refused action shows the page
 * again with the reason in the console's language.
 */
final class CaseActionHandlers {

    private static final Pattern NONCE = Pattern.compile("[A-Za-z0-9_-]{20,64}");

    private final CaseActionService actions;
    private final CaseQueries queries;
    private final ActionFormFields fields;
    private final CaseHandlers page;

    CaseActionHandlers(CaseActionService actions, CaseQueries queries, ActionFormFields fields, CaseHandlers page) {
        this.actions = actions;
        this.queries = queries;
        this.fields = fields;
        this.page = page;
    }

    /** {@code POST /desk/cases/{ref}/actions/{action}}. */
    void action(RoutingContext ctx) {
        DeskAction action = DeskAction.parse(ctx.pathParam("action")).orElseThrow(ConsoleProblem::notFound);
        fields.read(ctx, action).onFailure(ctx::fail).onSuccess(parameters -> act(ctx, action, parameters));
    }

    /** {@code POST /desk/cases/{ref}/reply}: the reply's text (and subject for a mail). */
    void reply(RoutingContext ctx) {
        fields.read(ctx, DeskAction.REPLY).onFailure(ctx::fail)
                .onSuccess(parameters -> act(ctx, DeskAction.REPLY, parameters));
    }

    /** {@code POST /desk/cases/{ref}/phone-reply}: who called, when, what was said. */
    void phoneReply(RoutingContext ctx) {
        fields.read(ctx, DeskAction.PHONE_REPLY).onFailure(ctx::fail)
                .onSuccess(parameters -> act(ctx, DeskAction.PHONE_REPLY, parameters));
    }

    /**
     * {@code POST /desk/cases/{ref}/macro}: 签收 (when new), 分派给我 (when someone else or nobody has it) and the
     * reply from the chosen template (in the case's language), in one transaction — all or none.
     */
    void macro(RoutingContext ctx) {
        Viewer v = Viewer.of(ctx);
        String ref = CaseHandlers.reference(ctx);
        String key = requestKey(ctx);
        Future<JsonObject> reply = fields.read(ctx, DeskAction.REPLY);
        queries.byReference(ref).compose(found -> {
            JsonObject record = found.orElseThrow(ConsoleProblem::notFound);
            return reply.compose(text -> {
                List<Step> steps = new ArrayList<>();
                String status = record.getString("status");
                if ("new".equals(status)) {
                    steps.add(step(DeskAction.ACKNOWLEDGE, new JsonObject(), key, "ack"));
                }
                if (!v.actor().equals(record.getString("assignee"))
                        && DeskAction.ASSIGN.allowedFrom().stream().anyMatch(s -> s.code().equals(status))) {
                    steps.add(step(DeskAction.ASSIGN, new JsonObject().put("assignee", v.actor()), key, "assign"));
                }
                if (text.containsKey("text")) {
                    steps.add(step(DeskAction.REPLY, text, key, "reply"));
                }
                return actions.perform(ref, steps, v.actor()).map(done -> macroDone(steps));
            });
        }).onSuccess(done -> ConsolePages.redirect(ctx, "/desk/cases/" + ref + "?done=" + done))
                .onFailure(e -> page.refused(ctx, ref, e));
    }

    /** What the macro did, as the page's notice key: {@code macro-asr} (acknowledged, assigned, replied), … */
    private static String macroDone(List<Step> steps) {
        StringBuilder done = new StringBuilder("macro-");
        for (Step s : steps) {
            done.append(switch (s.action()) {
                case ACKNOWLEDGE -> 'a';
                case ASSIGN -> 's';
                default -> 'r';
            });
        }
        return steps.isEmpty() ? "macro-none" : done.toString();
    }

    private void act(RoutingContext ctx, DeskAction action, JsonObject parameters) {
        Viewer v = Viewer.of(ctx);
        String ref = CaseHandlers.reference(ctx);
        String key = requestKey(ctx);
        if (key != null) {
            parameters.put("requestKey", key);
        }
        Future<JsonObject> done;
        try {
            done = actions.perform(ref, action, v.actor(), ActionParameters.check(action, parameters));
        } catch (HttpProblem p) {
            done = Future.failedFuture(p);
        }
        done.onSuccess(r -> ConsolePages.redirect(ctx, "/desk/cases/" + ref + "?done=" + action.code()))
                .onFailure(e -> page.refused(ctx, ref, e));
    }

    private static Step step(DeskAction action, JsonObject parameters, String key, String name) {
        if (key != null) {
            parameters.put("requestKey", key + "#" + name);
        }
        return new Step(action, ActionParameters.check(action, parameters));
    }

    private static String requestKey(RoutingContext ctx) {
        String nonce = ctx.request().getFormAttribute("nonce");
        return nonce != null && NONCE.matcher(nonce).matches() ? "console:" + nonce : null;
    }
}
