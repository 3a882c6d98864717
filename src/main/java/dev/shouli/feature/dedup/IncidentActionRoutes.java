package dev.shouli.feature.dedup;

import dev.shouli.core.cases.DeskAction;
import dev.shouli.core.config.CoreConfig.DeskConfig;
import dev.shouli.core.http.DeskAuth;
import dev.shouli.core.http.HttpProblem;
import dev.shouli.core.http.Routes;
import dev.shouli.feature.bulk.BatchJson;
import dev.shouli.feature.bulk.CaseBatches;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * {@code POST /api/v1/incidents/{id}/{action}}: the actions and parameters of {@code POST /api/v1/cases/{reference}/
 * {action}}, on every case of the incident. {@code Idempotency-Key} makes a retry the same action. The answer
 * waits for the batch up to {@code ?wait=} seconds (default 10, at most 60): {@code 200} with how many were done
 * and which were not and why, or {@code 202} with how far it got and where to follow it
 * ({@code GET /api/v1/batches/{id}}).
 */
final class IncidentActionRoutes implements Routes {

    private static final long BODY_LIMIT = 64 * 1024;
    private static final int DEFAULT_WAIT = 10;
    private static final int MAX_WAIT = 60;

    private final IncidentActions actions;
    private final Supplier<CaseBatches> batches;
    private final DeskConfig desk;

    IncidentActionRoutes(IncidentActions actions, Supplier<CaseBatches> batches, DeskConfig desk) {
        this.actions = actions;
        this.batches = batches;
        this.desk = desk;
    }

    @Override
    public void register(Router router) {
        DeskAuth auth = new DeskAuth(desk.tokens());
        for (DeskAction action : DeskAction.values()) {
            router.post("/api/v1/incidents/:id/" + action.code())
                    .handler(BodyHandler.create(false).setBodyLimit(BODY_LIMIT))
                    .handler(auth)
                    .handler(ctx -> perform(ctx, action));
        }
    }

    private void perform(RoutingContext ctx, DeskAction action) {
        long id = id(ctx.pathParam("id"));
        int wait = waitSeconds(ctx.queryParams().get("wait"));
        actions.start(id, action, body(ctx), ctx.get(DeskAuth.ACTOR_KEY), ctx.request().getHeader("Idempotency-Key"))
                .compose(batch -> batches.get().await(batch, Duration.ofSeconds(wait)))
                .onSuccess(progress -> ctx.response().setStatusCode(progress.finished() ? 200 : 202)
                        .putHeader("Content-Type", "application/json")
                        .end(BatchJson.of(progress).put("incident", id).encode()))
                .onFailure(ctx::fail);
    }

    private static int waitSeconds(String value) {
        if (value == null) {
            return DEFAULT_WAIT;
        }
        try {
            int wait = Integer.parseInt(value);
            if (wait >= 0 && wait <= MAX_WAIT) {
                return wait;
            }
        } catch (NumberFormatException ignored) {
            // answered below
        }
        throw HttpProblem.badRequest("wait must be a whole number of seconds from 0 to " + MAX_WAIT);
    }

    private static long id(String value) {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw HttpProblem.notFound("incident '" + value + "' does not exist");
        }
    }

    /** An empty body is an action without parameters; anything else must be a JSON object. */
    private static JsonObject body(RoutingContext ctx) {
        Buffer raw = ctx.body().buffer();
        if (raw == null || raw.toString().isBlank()) {
            return new JsonObject();
        }
        try {
            if (raw.toString().strip().startsWith("{")) {
                return raw.toJsonObject();
            }
        } catch (DecodeException e) {
            throw HttpProblem.badRequest("the body must be a JSON object: " + e.getMessage());
        }
        throw HttpProblem.badRequest("the body must be a JSON object such as {\"result\": \"…\"}");
    }
}
