package dev.shouli.feature.bulk;

import dev.shouli.core.config.CoreConfig.DeskConfig;
import dev.shouli.core.http.DeskAuth;
import dev.shouli.core.http.HttpProblem;
import dev.shouli.core.http.Routes;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/** {@code GET /api/v1/batches/{id}}: how far a batch is, and which cases could not take its action and why. */
final class BatchRoutes implements Routes {

    private final CaseBatches batches;
    private final DeskConfig desk;

    BatchRoutes(CaseBatches batches, DeskConfig desk) {
        this.batches = batches;
        this.desk = desk;
    }

    @Override
    public void register(Router router) {
        router.get("/api/v1/batches/:id").handler(new DeskAuth(desk.tokens())).handler(this::show);
    }

    private void show(RoutingContext ctx) {
        long id;
        try {
            id = Long.parseLong(ctx.pathParam("id"));
        } catch (NumberFormatException e) {
            throw HttpProblem.notFound("no batch '" + ctx.pathParam("id") + "'");
        }
        // The 404 goes through ctx.fail: thrown inside onSuccess it would only be logged, and the request hang.
        batches.progress(id)
                .map(found -> found.orElseThrow(() -> HttpProblem.notFound("no batch " + id)))
                .onSuccess(found -> ctx.response().putHeader("Content-Type", "application/json")
                        .end(BatchJson.of(found).encode()))
                .onFailure(ctx::fail);
    }
}
