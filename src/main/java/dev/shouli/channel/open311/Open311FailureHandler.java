package dev.shouli.channel.open311;

import dev.shouli.core.db.SqlErrors;
import dev.shouli.core.domain.KeyReusedException;
import dev.shouli.core.http.HttpProblem;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Failures under {@code /open311/v2/} in GeoReport's errors format, in the format the path asked for: a
 * GeoReport client cannot read problem+json. A database outage is a 503 with Retry-After, as everywhere.
 */
final class Open311FailureHandler implements Handler<RoutingContext> {

    private static final Logger LOG = LoggerFactory.getLogger(Open311FailureHandler.class);

    private final long bodyLimitBytes;
    private final int retryAfterSeconds;

    Open311FailureHandler(long bodyLimitBytes, int retryAfterSeconds) {
        this.bodyLimitBytes = bodyLimitBytes;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    @Override
    public void handle(RoutingContext ctx) {
        Throwable f = ctx.failure();
        Open311Error error;
        if (f instanceof Open311Error e) {
            error = e;
        } else if (f instanceof KeyReusedException e) {
            error = new Open311Error(400, e.getMessage());
        } else if (f instanceof HttpProblem p) {
            error = new Open311Error(p.status(), p.getMessage());
        } else if (f != null && SqlErrors.isUnavailable(f)) {
            ctx.response().putHeader("Retry-After", String.valueOf(retryAfterSeconds));
            error = new Open311Error(503, "the service request store is unavailable; nothing was stored, retry later");
        } else if (ctx.statusCode() >= 400 && ctx.statusCode() < 500) {
            error = new Open311Error(ctx.statusCode(), ctx.statusCode() == 413
                    ? "the request body is larger than " + bodyLimitBytes + " bytes" : "the request was refused");
        } else {
            LOG.error("{} {} failed", ctx.request().method(), ctx.request().path(), f);
            error = new Open311Error(500, "general service error; nothing was changed, please retry or notify us");
        }
        if (error.status() >= 500) {
            LOG.warn("{} {} -> {}", ctx.request().method(), ctx.request().path(), error.status());
        }
        if (ctx.response().headWritten()) {
            ctx.response().reset();
            return;
        }
        Open311Format format = ctx.request().path().endsWith(".json") ? Open311Format.JSON : Open311Format.XML;
        List<Map<String, Object>> entries = error.entries().stream()
                .map(e -> node("code", e.code(), "description", e.description())).toList();
        ctx.response().setStatusCode(error.status()).putHeader("Content-Type", format.contentType())
                .end(format.list("errors", "error", entries));
    }

    private static Map<String, Object> node(Object... pairs) {
        Map<String, Object> node = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            node.put((String) pairs[i], pairs[i + 1]);
        }
        return node;
    }
}
