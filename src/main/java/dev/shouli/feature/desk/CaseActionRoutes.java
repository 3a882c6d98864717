package dev.shouli.feature.desk;

import dev.shouli.core.cases.ActionParameters;
import dev.shouli.core.cases.CaseActionService;
import dev.shouli.core.cases.DeskAction;
import dev.shouli.core.config.CoreConfig.DeskConfig;
import dev.shouli.core.domain.CaseReference;
import dev.shouli.core.http.DeskAuth;
import dev.shouli.core.http.HttpProblem;
import dev.shouli.core.http.Routes;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

/**
 * {@code POST /api/v1/cases/{reference}/{action}}. Each action has its own route, so other case routes
 * (such as {@code …/unmerge}) can be registered beside these in any order, and an unknown action is a 404.
 */
public final class CaseActionRoutes implements Routes {

    private static final long BODY_LIMIT = 64 * 1024;

    private final CaseActionService actions;
    private final DeskConfig config;

    public CaseActionRoutes(CaseActionService actions, DeskConfig config) {
        this.actions = actions;
        this.config = config;
    }

    @Override
    public void register(Router router) {
        DeskAuth auth = new DeskAuth(config.tokens());
        for (DeskAction action : DeskAction.values()) {
            router.post("/api/v1/cases/:reference/" + action.code())
                    // Vert.x wants the body handler before any user handler on a route.
                    .handler(BodyHandler.create(false).setBodyLimit(BODY_LIMIT))
                    .handler(auth)
                    .handler(ctx -> perform(ctx, action));
        }
    }

    private void perform(RoutingContext ctx, DeskAction action) {
        String reference = CaseReference.parse(ctx.pathParam("reference")).toString();
        JsonObject parameters = ActionParameters.check(action, body(ctx));
        actions.perform(reference, action, ctx.get(DeskAuth.ACTOR_KEY), parameters)
                .onSuccess(result -> ctx.response().putHeader("Content-Type", "application/json").end(result.encode()))
                .onFailure(ctx::fail);
    }

    /** An empty body is an action without parameters; anything else must be a JSON object. */
    private static JsonObject body(RoutingContext ctx) {
        Buffer raw = ctx.body().buffer();
        if (raw == null || raw.toString().isBlank()) {
            return new JsonObject();
        }
        if (!raw.toString().strip().startsWith("{")) {
            throw HttpProblem.badRequest("the body must be a JSON object such as {\"reason\": \"…\"}");
        }
        try {
            return raw.toJsonObject();
        } catch (DecodeException e) {
            throw HttpProblem.badRequest("the body must be a JSON object: " + e.getMessage());
        }
    }
}
