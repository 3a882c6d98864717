package dev.shouli.core.http;

import dev.shouli.core.db.SqlErrors;
import dev.shouli.core.domain.CaseReference.InvalidReferenceException;
import dev.shouli.core.domain.KeyReusedException;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpClosedException;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The router's one failure handler: every failure becomes {@code application/problem+json}. Client errors
 * are logged at debug without a stack trace; a database outage is a 503 with Retry-After so sources retry
 * by themselves; anything else is a 500 whose details stay in the log. The exception: a browser that reaches an
 * address no route serves gets an HTML page ({@link BrowserPages}).
 */
public final class FailureHandler implements Handler<RoutingContext> {

    private static final Logger LOG = LoggerFactory.getLogger(FailureHandler.class);

    /** Routes with their own body limit put it here so the 413 names the limit that applied. */
    public static final String BODY_LIMIT_KEY = "shouli.bodyLimit";

    private final long bodyLimitBytes;
    private final int retryAfterSeconds;
    private final BrowserPages browserPages;

    public FailureHandler(long bodyLimitBytes, int retryAfterSeconds) {
        this(bodyLimitBytes, retryAfterSeconds, null);
    }

    /** @param browserPages the HTML pages for unknown addresses reached by a browser; null: JSON for everyone */
    public FailureHandler(long bodyLimitBytes, int retryAfterSeconds, BrowserPages browserPages) {
        this.bodyLimitBytes = bodyLimitBytes;
        this.retryAfterSeconds = retryAfterSeconds;
        this.browserPages = browserPages;
    }

    @Override
    public void handle(RoutingContext ctx) {
        // The router found no route (or none for this method): a person with a browser gets a page.
        boolean unrouted = ctx.failure() == null && (ctx.statusCode() == 404 || ctx.statusCode() == 405);
        if (browserPages != null && unrouted && !ctx.response().headWritten()) {
            ctx.response().putHeader("Vary", "Accept");
            if (BrowserPages.wantsHtml(ctx.request().getHeader("Accept"))) {
                LOG.debug("{} {} -> {} page", ctx.request().method(), ctx.request().path(), ctx.statusCode());
                browserPages.send(ctx, ctx.statusCode());
                return;
            }
        }
        if (ctx.failure() instanceof HttpClosedException) {
            // The client went away (a tab closed mid-upload): nobody to answer, nothing for an operator to do.
            LOG.debug("{} {}: the client closed the connection", ctx.request().method(), ctx.request().path());
            return;
        }
        HttpProblem problem = toProblem(ctx);
        if (problem.status() >= 500 && problem.status() != 503) {
            LOG.error("{} {} failed", ctx.request().method(), ctx.request().path(), ctx.failure());
        } else if (problem.status() == 503) {
            LOG.warn("{} {} refused, database unavailable: {}", ctx.request().method(), ctx.request().path(),
                    ctx.failure() == null ? "" : ctx.failure().toString());
        } else {
            // The type, not the detail: a detail may quote the refused input back to its sender.
            LOG.debug("{} {} -> {} {}", ctx.request().method(), ctx.request().path(), problem.status(), problem.type());
        }
        if (ctx.response().headWritten()) {
            ctx.response().reset();
            return;
        }
        ctx.response().setStatusCode(problem.status()).putHeader("Content-Type", "application/problem+json");
        problem.headers().forEach((k, v) -> ctx.response().putHeader(k, v));
        ctx.response().end(problem.toJson().encode());
    }

    private HttpProblem toProblem(RoutingContext ctx) {
        Throwable failure = ctx.failure();
        if (failure instanceof HttpProblem p) {
            return p;
        }
        if (failure instanceof InvalidReferenceException e) {
            return HttpProblem.notFound(e.getMessage());
        }
        if (failure instanceof KeyReusedException e) {
            return HttpProblem.unprocessable("key-reused", "Idempotency key reused", e.getMessage());
        }
        if (failure != null && SqlErrors.isUnavailable(failure)) {
            return HttpProblem.unavailable(retryAfterSeconds,
                    "the case store cannot take submissions right now; nothing was stored, retry later");
        }
        int status = ctx.statusCode() >= 400 ? ctx.statusCode() : 500;
        return switch (status) {
            case 400 -> HttpProblem.badRequest("the request could not be read: "
                    + (failure == null ? "malformed body or headers" : failure.getMessage()));
            case 404 -> HttpProblem.notFound("no resource at " + ctx.request().path());
            case 405 -> new HttpProblem(405, "method-not-allowed", "Method not allowed",
                    ctx.request().method() + " is not allowed on " + ctx.request().path());
            case 413 -> HttpProblem.tooLarge("the request body is larger than the limit of "
                    + ctx.<Long>get(BODY_LIMIT_KEY, bodyLimitBytes) + " bytes");
            case 415 -> HttpProblem.unsupportedMediaType("content type '" + ctx.request().getHeader("Content-Type")
                    + "' is not accepted here");
            default -> status >= 400 && status < 500
                    ? new HttpProblem(status, "client-error", "Request refused", "the request was refused")
                    : new HttpProblem(500, "internal-error", "Internal error",
                    "the gateway failed unexpectedly; the error is logged for operators");
        };
    }
}
