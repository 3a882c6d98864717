package dev.shouli.feature.survey;

import dev.shouli.core.config.CoreConfig.DeskConfig;
import dev.shouli.core.domain.CaseReference;
import dev.shouli.core.http.DeskAuth;
import dev.shouli.core.http.HttpProblem;
import dev.shouli.core.http.Routes;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;

/**
 * The desk's view of 回访 (bearer token): {@code GET /api/v1/cases/{reference}/survey} lists every round with
 * every answer; {@code POST /api/v1/cases/{reference}/survey/link} hands out a fresh single-use link to the
 * open question (for an agent on the phone, or a console that shows it).
 */
public final class SurveyDeskRoutes implements Routes {

    private final Pool pool;
    private final SurveyStore store;
    private final SurveyLinks links;
    private final DeskConfig desk;

    public SurveyDeskRoutes(Pool pool, SurveyStore store, SurveyLinks links, DeskConfig desk) {
        this.pool = pool;
        this.store = store;
        this.links = links;
        this.desk = desk;
    }

    @Override
    public void register(Router router) {
        DeskAuth auth = new DeskAuth(desk.tokens());
        router.get("/api/v1/cases/:reference/survey").handler(auth).handler(this::surveys);
        router.post("/api/v1/cases/:reference/survey/link").handler(auth).handler(this::link);
    }

    private void surveys(RoutingContext ctx) {
        String reference = CaseReference.parse(ctx.pathParam("reference")).toString();
        store.caseId(pool, reference)
                .map(found -> found.orElseThrow(() -> HttpProblem.notFound("no case with reference " + reference)))
                .compose(id -> store.ofCase(pool, reference))
                .onSuccess(surveys -> json(ctx, new JsonObject().put("reference", reference).put("surveys", surveys)))
                .onFailure(ctx::fail);
    }

    private void link(RoutingContext ctx) {
        String reference = CaseReference.parse(ctx.pathParam("reference")).toString();
        store.caseId(pool, reference)
                .map(found -> found.orElseThrow(() -> HttpProblem.notFound("no case with reference " + reference)))
                .compose(id -> links.forCase(id, "desk"))
                .map(link -> link.orElseThrow(() -> new HttpProblem(409, "no-open-survey", "No open survey",
                        "case " + reference + " has no 回访 question taking answers (not asked yet, asked too long ago, "
                                + "or a hotline case whose platform asks)")))
                .onSuccess(link -> json(ctx, new JsonObject().put("reference", reference).put("link", link)))
                .onFailure(ctx::fail);
    }

    private static void json(RoutingContext ctx, JsonObject body) {
        ctx.response().putHeader("Content-Type", "application/json").putHeader("Cache-Control", "no-store")
                .end(body.encode());
    }
}
