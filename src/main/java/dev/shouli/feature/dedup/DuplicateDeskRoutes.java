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
import io.vertx.sqlclient.Pool;
import java.util.List;

/**
 * The desk's side of possible duplicates (bearer token): every pair a case is part of
 * ({@code GET /api/v1/cases/{reference}/possible-duplicates}), the pairs waiting for a decision
 * ({@code GET /api/v1/possible-duplicates?before=&limit=}), and the decision itself
 * ({@code POST /api/v1/possible-duplicates/{id}/confirm} or {@code /dismiss}, body {@code {"reason": …}} optional):
 * confirming joins the new case into the existing one as the link would; the desk's unmerge undoes it.
 */
public final class DuplicateDeskRoutes implements Routes {

    private static final long BODY_LIMIT = 16 * 1024;

    private final Pool pool;
    private final PossibleDuplicateStore store;
    private final PossibleDuplicates decisions;
    private final DeskConfig desk;

    public DuplicateDeskRoutes(Pool pool, PossibleDuplicateStore store, PossibleDuplicates decisions, DeskConfig desk) {
        this.pool = pool;
        this.store = store;
        this.decisions = decisions;
        this.desk = desk;
    }

    @Override
    public void register(Router router) {
        DeskAuth auth = new DeskAuth(desk.tokens());
        router.get("/api/v1/cases/:reference/possible-duplicates").handler(auth).handler(this::ofCase);
        router.get("/api/v1/possible-duplicates").handler(auth).handler(this::pending);
        // Vert.x wants its body handler (a platform handler) ahead of user handlers such as the auth check.
        router.post("/api/v1/possible-duplicates/:id/:decision")
                .handler(BodyHandler.create(false).setBodyLimit(BODY_LIMIT)).handler(auth).handler(this::decide);
    }

    private void ofCase(RoutingContext ctx) {
        String reference = CaseReference.parse(ctx.pathParam("reference")).toString();
        store.caseId(pool, reference)
                .map(found -> found.orElseThrow(() -> HttpProblem.notFound("no case with reference " + reference)))
                .compose(decisions::ofCase)
                .onSuccess(pairs -> json(ctx, 200, new JsonObject().put("reference", reference).put("items", items(pairs))))
                .onFailure(ctx::fail);
    }

    private void pending(RoutingContext ctx) {
        String before = ctx.queryParams().get("before");
        int limit = limit(ctx.queryParams().get("limit"));
        decisions.pending(before == null ? null : id(before), limit)
                .onSuccess(pairs -> json(ctx, 200, new JsonObject().put("items", items(pairs))
                        .put("nextBefore", pairs.size() == limit ? pairs.get(pairs.size() - 1).id() : null)))
                .onFailure(ctx::fail);
    }

    private void decide(RoutingContext ctx) {
        String decision = ctx.pathParam("decision");
        if (!"confirm".equals(decision) && !"dismiss".equals(decision)) {
            throw HttpProblem.notFound("no decision '" + decision + "': confirm or dismiss");
        }
        long id = id(ctx.pathParam("id"));
        String reason = reason(ctx);
        decisions.decideByDesk(id, "confirm".equals(decision), ctx.get(DeskAuth.ACTOR_KEY), reason)
                .compose(p -> store.byId(pool, p.id(), false))
                .onSuccess(p -> json(ctx, 200, json(p.orElseThrow())))
                .onFailure(e -> ctx.fail(e instanceof PossibleDuplicates.Refused r
                        ? r.status() == 404 ? HttpProblem.notFound(r.getMessage())
                        : new HttpProblem(409, "already-decided", "Cannot decide this pair", r.getMessage())
                        : e));
    }

    private static String reason(RoutingContext ctx) {
        if (ctx.body().buffer() == null || ctx.body().buffer().length() == 0) {
            return null;
        }
        JsonObject body;
        try {
            body = ctx.body().asJsonObject();
        } catch (DecodeException | ClassCastException e) {
            throw HttpProblem.badRequest("the body, when given, must be a JSON object such as {\"reason\": \"…\"}");
        }
        Object reason = body == null ? null : body.getValue("reason");
        if (reason != null && !(reason instanceof String)) {
            throw HttpProblem.badRequest("reason must be text");
        }
        return (String) reason;
    }

    static JsonObject json(PossibleDuplicate p) {
        return new JsonObject()
                .put("id", p.id())
                .put("state", p.state())
                .put("reference", p.reference())
                .put("status", p.status())
                .put("existingReference", p.existingReference())
                .put("existingStatus", p.existingStatus())
                .put("outcome", p.outcome())
                .put("why", p.why())
                .put("createdAt", p.createdAt().toString())
                .put("linkExpiresAt", p.linkExpiresAt() == null ? null : p.linkExpiresAt().toString())
                .put("decidedAt", p.decidedAt() == null ? null : p.decidedAt().toString())
                .put("decidedBy", p.decidedBy());
    }

    private static JsonArray items(List<PossibleDuplicate> pairs) {
        JsonArray out = new JsonArray();
        pairs.forEach(p -> out.add(json(p)));
        return out;
    }

    private int limit(String value) {
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
            throw HttpProblem.notFound("possible duplicate '" + value + "' does not exist");
        }
    }

    private static void json(RoutingContext ctx, int status, JsonObject body) {
        ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json")
                .putHeader("Cache-Control", "no-store").end(body.encode());
    }
}
