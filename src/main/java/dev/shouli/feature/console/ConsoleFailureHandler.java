package dev.shouli.feature.console;

import static dev.shouli.feature.console.Html.text;

import dev.shouli.core.db.SqlErrors;
import dev.shouli.core.domain.CaseReference.InvalidReferenceException;
import dev.shouli.core.http.HttpProblem;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Failures under {@code /desk} become pages for people, in the user's language, not problem+json. Client
 * errors are logged at debug; anything unexpected is a 500 whose details stay in the log.
 */
final class ConsoleFailureHandler implements Handler<RoutingContext> {

    private static final Logger LOG = LoggerFactory.getLogger(ConsoleFailureHandler.class);

    private final int retryAfterSeconds;

    ConsoleFailureHandler(int retryAfterSeconds) {
        this.retryAfterSeconds = retryAfterSeconds;
    }

    @Override
    public void handle(RoutingContext ctx) {
        Throwable failure = ctx.failure();
        int status;
        String key;
        String detail = null;
        if (failure instanceof ConsoleProblem p) {
            status = p.status();
            key = p.key();
            detail = p.detail();
        } else if (failure instanceof HttpProblem p) {
            status = p.status();
            key = status == 404 ? "error.notFound" : status == 409 ? "error.conflict" : "error.badRequest";
            detail = p.getMessage();
        } else if (failure instanceof InvalidReferenceException) {
            status = 404;
            key = "error.notFound";
        } else if (failure != null && SqlErrors.isUnavailable(failure)) {
            status = 503;
            key = "error.unavailable";
            ctx.response().putHeader("Retry-After", String.valueOf(retryAfterSeconds));
        } else if (failure == null && ctx.statusCode() >= 400 && ctx.statusCode() < 500) {
            status = ctx.statusCode();
            key = status == 404 ? "error.notFound" : status == 413 ? "error.tooLarge" : "error.badRequest";
        } else {
            status = 500;
            key = "error.internal";
            LOG.error("{} {} failed", ctx.request().method(), ctx.request().path(), failure);
        }
        if (status < 500) {
            LOG.debug("{} {} -> {} {}", ctx.request().method(), ctx.request().path(), status, key);
        }
        if (ctx.response().headWritten()) {
            ctx.response().reset();
            return;
        }
        Viewer viewer = Viewer.of(ctx);
        Texts t = viewer != null ? viewer.t() : Texts.of(Lang.ZH_CN);
        StringBuilder body = new StringBuilder("<div class=\"card\">\n<h1>").append(text(t.get(key))).append("</h1>\n");
        if (detail != null) {
            body.append("<p>").append(text(detail)).append("</p>\n");
        }
        body.append("<p><a href=\"").append(viewer == null ? "/desk/sign-in" : "/desk/cases").append("\">")
                .append(text(t.get(viewer == null ? "signIn.title" : "nav.cases"))).append("</a></p>\n</div>\n");
        String html = viewer != null ? Layout.page(viewer, "", t.get(key), body.toString())
                : Layout.bare(t.lang(), t.get(key), body.toString());
        ConsolePages.headers(ctx.response().setStatusCode(status)).end(html);
    }
}
