package dev.shouli.feature.dedup;

import dev.shouli.core.db.SqlErrors;
import dev.shouli.core.domain.Wording;
import dev.shouli.core.http.Routes;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The confirmation link sent to an existing case's contact ({@link ConfirmLinks}):
 * <ul>
 *   <li>{@code GET /confirm/{token}} — the question, with both references; decides nothing (mail scanners and link
 *       previews follow links);</li>
 *   <li>{@code POST /confirm/{token}} (form: {@code decision=confirm|dismiss}) — joins the new case into the
 *       existing one, or records that it is not theirs; spends the link (a second answer is 410).</li>
 * </ul>
 * A forged or altered token is 404 before the database is asked; a spent or expired one 410; a pair whose cases
 * can no longer be joined 409. The token is the only credential: pages are never cached and send no Referer.
 */
public final class ConfirmRoutes implements Routes {

    private static final Logger LOG = LoggerFactory.getLogger(ConfirmRoutes.class);
    private static final long BODY_LIMIT = 4 * 1024;

    private final PossibleDuplicates decisions;

    public ConfirmRoutes(PossibleDuplicates decisions) {
        this.decisions = decisions;
    }

    @Override
    public void register(Router router) {
        router.get(ConfirmLinks.PATH + ":token").handler(this::question);
        router.post(ConfirmLinks.PATH + ":token")
                .handler(BodyHandler.create(false).setBodyLimit(BODY_LIMIT))
                .handler(this::answer);
    }

    private void question(RoutingContext ctx) {
        String token = ctx.pathParam("token");
        decisions.byLink(token)
                .onSuccess(p -> html(ctx, 200, ConfirmPage.question(script(p), p, ConfirmLinks.PATH + token)))
                .onFailure(e -> refuse(ctx, e));
    }

    private void answer(RoutingContext ctx) {
        String decision = ctx.request().getFormAttribute("decision");
        if (!"confirm".equals(decision) && !"dismiss".equals(decision)) {
            // Shown the question again; the link is not spent.
            question(ctx);
            return;
        }
        boolean confirm = "confirm".equals(decision);
        decisions.decideByLink(ctx.pathParam("token"), confirm)
                .onSuccess(p -> html(ctx, 200, ConfirmPage.answered(script(p), p, confirm)))
                .onFailure(e -> refuse(ctx, e));
    }

    private static Wording script(PossibleDuplicate p) {
        return Wording.of(p.existingLanguage());
    }

    private static void refuse(RoutingContext ctx, Throwable e) {
        int status;
        String language = null;
        if (e instanceof PossibleDuplicates.Refused r) {
            status = r.status();
            language = r.language();
        } else if (SqlErrors.isUnavailable(e)) {
            ctx.response().putHeader("Retry-After", "30");
            status = 503;
        } else {
            LOG.error("confirmation page failed", e);
            status = 500;
        }
        // The language of a case is not known when the link is not ours: then simplified Chinese.
        html(ctx, status, ConfirmPage.refused(Wording.of(language), status));
    }

    private static void html(RoutingContext ctx, int status, String body) {
        ctx.response().setStatusCode(status)
                .putHeader("Content-Type", "text/html; charset=utf-8")
                .putHeader("Cache-Control", "no-store")
                .putHeader("Referrer-Policy", "no-referrer")
                .putHeader("X-Content-Type-Options", "nosniff")
                .putHeader("X-Frame-Options", "DENY")
                .putHeader("X-Robots-Tag", "noindex, nofollow")
                .putHeader("Content-Security-Policy",
                        "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'")
                .end(body);
    }
}
