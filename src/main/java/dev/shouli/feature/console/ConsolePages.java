package dev.shouli.feature.console;

import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;

/** What every console answer carries: HTML, a strict CSP, no framing, no caching of personal data. */
final class ConsolePages {

    /**
     * Scripts and styles only from the gateway itself, no inline script, style or eval; inline SVG charts use
     * presentation attributes, which the CSP does not govern.
     */
    static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    private ConsolePages() {
    }

    static HttpServerResponse headers(HttpServerResponse response) {
        return response
                .putHeader("Content-Type", "text/html; charset=utf-8")
                .putHeader("Content-Security-Policy", CSP)
                .putHeader("X-Content-Type-Options", "nosniff")
                .putHeader("X-Frame-Options", "DENY")
                .putHeader("Referrer-Policy", "same-origin")
                .putHeader("Cache-Control", "no-store");
    }

    static void send(RoutingContext ctx, String html) {
        headers(ctx.response()).end(html);
    }

    static void send(RoutingContext ctx, int status, String html) {
        headers(ctx.response().setStatusCode(status)).end(html);
    }

    /** POST/redirect/GET: after a change the browser shows a page it may reload safely. */
    static void redirect(RoutingContext ctx, String location) {
        ctx.response().setStatusCode(303).putHeader("Location", location).putHeader("Cache-Control", "no-store").end();
    }

    /** Only paths of the console itself are followed after sign-in, never another site. */
    static String safeNext(String next) {
        if (next == null || !next.startsWith("/desk") || next.startsWith("//") || next.contains("\\")
                || next.chars().anyMatch(c -> c < 0x20)) {
            return "/desk/cases";
        }
        return next.startsWith("/desk/sign-in") ? "/desk/cases" : next;
    }
}
