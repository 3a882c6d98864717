package dev.shouli.feature.dedup;

import dev.shouli.core.config.CoreConfig.DeskConfig;
import dev.shouli.core.domain.CaseReference;
import dev.shouli.core.http.DeskAuth;
import dev.shouli.core.http.HttpProblem;
import dev.shouli.core.http.Routes;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

/**
 * Desk routes of dedup: incidents ({@code GET /api/v1/incidents}, {@code GET /api/v1/incidents/{id}}) and
 * undoing a merge ({@code POST /api/v1/cases/{reference}/unmerge} with {@code {"submissionId": n, "reason": …}}).
 * Registered before the generic desk-action route so this one answers for {@code unmerge}.
 */
public final class DedupRoutes implements Routes {

    private static final long BODY_LIMIT = 16 * 1024;

    private final Incidents incidents;
    private final Unmerge unmerge;
    private final DeskConfig desk;

    DedupRoutes(Incidents incidents, Unmerge unmerge, DeskConfig desk) {
        this.incidents = incidents;
        this.unmerge = unmerge;
        this.desk = desk;
    }

    @Override
    public void register(Router router) {
        DeskAuth auth = new DeskAuth(desk.tokens());
        router.get("/api/v1/incidents").handler(auth).handler(this::list);
        router.get("/api/v1/incidents/:id").handler(auth).handler(this::detail);
        // Vert.x wants its body handler (a platform handler) ahead of user handlers such as the auth check.
        router.post("/api/v1/cases/:reference/unmerge")
                .handler(BodyHandler.create(false).setBodyLimit(BODY_LIMIT)).handler(auth).handler(this::unmerge);
    }

    private void list(RoutingContext ctx) {
        String before = ctx.queryParams().get("before");
        int limit = limit(ctx);
        incidents.list(before == null ? null : id(before), limit)
                .onSuccess(items -> json(ctx, 200, new JsonObject()
                        .put("items", new JsonArray(items))
                        .put("nextBefore", items.size() == limit ? items.get(items.size() - 1).getLong("id") : null)))
                .onFailure(ctx::fail);
    }

    private void detail(RoutingContext ctx) {
        long id = id(ctx.pathParam("id"));
        incidents.get(id)
                .map(found -> found.orElseThrow(() -> HttpProblem.notFound("no incident " + id)))
                .onSuccess(found -> json(ctx, 200, found))
                .onFailure(ctx::fail);
    }

    private void unmerge(RoutingContext ctx) {
        String reference = CaseReference.parse(ctx.pathParam("reference")).toString();
        JsonObject body;
        try {
            body = ctx.body().asJsonObject();
        } catch (DecodeException | ClassCastException e) {
            throw HttpProblem.badRequest("the body must be a JSON object such as {\"submissionId\": 123, "
                    + "\"reason\": \"different matter\"}");
        }
        if (body == null || !(body.getValue("submissionId") instanceof Number)) {
            throw HttpProblem.badRequest("submissionId (the submission to split off, a number) is required");
        }
        long submissionId = body.getLong("submissionId");
        Object reason = body.getValue("reason");
        if (reason != null && !(reason instanceof String)) {
            throw HttpProblem.badRequest("reason must be text");
        }
        String actor = ctx.get(DeskAuth.ACTOR_KEY);
        unmerge.split(reference, submissionId, actor, (String) reason)
                .onSuccess(split -> json(ctx, 201, new JsonObject()
                        .put("from", split.from())
                        .put("reference", split.reference())
                        .put("submissionId", split.submissionId())))
                .onFailure(e -> ctx.fail(e instanceof Unmerge.Refused r
                        ? r.notFound() ? HttpProblem.notFound(r.getMessage())
                        : new HttpProblem(409, "already-split", "Already split", r.getMessage())
                        : e));
    }

    private int limit(RoutingContext ctx) {
        String value = ctx.queryParams().get("limit");
        if (value == null) {
            return desk.defaultPageSize();
        }
        try {
            int limit = Integer.parseInt(value);
            if (limit >= 1 && limit <= desk.maxPageSize()) {
                return limit;
            }
        } catch (NumberFormatException ignored) {
            // answered below
        }
        throw HttpProblem.badRequest("limit must be a whole number from 1 to " + desk.maxPageSize());
    }

    private static long id(String value) {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw HttpProblem.notFound("incident '" + value + "' does not exist");
        }
    }

    private static void json(RoutingContext ctx, int status, JsonObject body) {
        ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json").end(body.encode());
    }
}
