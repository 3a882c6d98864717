package dev.shouli.core.http;

import dev.shouli.core.db.SchemaCheck;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.micrometer.PrometheusScrapingHandler;

/** Liveness, readiness (database reachable, migrations applied) and Prometheus metrics. */
public final class OperationsRoutes implements Routes {

    private final SchemaCheck schema;
    private final PrometheusMeterRegistry registry;

    public OperationsRoutes(SchemaCheck schema, PrometheusMeterRegistry registry) {
        this.schema = schema;
        this.registry = registry;
    }

    @Override
    public void register(Router router) {
        router.get("/health/live").handler(ctx -> ctx.response()
                .putHeader("Content-Type", "application/json")
                .end(new JsonObject().put("status", "UP").encode()));
        router.get("/health/ready").handler(ctx -> schema.check().onComplete(ar -> {
            JsonObject database = ar.succeeded()
                    ? new JsonObject().put("status", "UP").put("detail", ar.result())
                    : new JsonObject().put("status", "DOWN").put("detail", String.valueOf(ar.cause().getMessage()));
            ctx.response()
                    .setStatusCode(ar.succeeded() ? 200 : 503)
                    .putHeader("Content-Type", "application/json")
                    .putHeader("Cache-Control", "no-store")
                    .end(new JsonObject()
                            .put("status", ar.succeeded() ? "UP" : "DOWN")
                            .put("checks", new JsonObject().put("database", database))
                            .encode());
        }));
        router.get("/metrics").handler(PrometheusScrapingHandler.create(registry));
    }
}
