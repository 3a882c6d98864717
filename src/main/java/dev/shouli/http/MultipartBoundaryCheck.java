package dev.shouli.http;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.util.Locale;

/**
 * Refuses a multipart body without a usable boundary ({@code multipart/form-data; boundary=}) with a 400 before
 * any body handler sees it: Vert.x's multipart decoder throws on it from inside the body handler, which became a
 * 500 on every POST route. Runs first on every route.
 */
public final class MultipartBoundaryCheck implements Handler<RoutingContext> {

    @Override
    public void handle(RoutingContext ctx) {
        String contentType = ctx.request().getHeader("Content-Type");
        if (contentType != null && contentType.strip().toLowerCase(Locale.ROOT).startsWith("multipart/")
                && boundary(contentType) == null) {
            ctx.fail(HttpProblem.badRequest("the multipart body has no boundary: send Content-Type "
                    + "multipart/form-data; boundary=<1 to 70 characters> and separate the parts with it"));
            return;
        }
        ctx.next();
    }

    /** The boundary parameter (quotes removed), or null when it is missing, empty or longer than RFC 2046's 70. */
    static String boundary(String contentType) {
        for (String parameter : contentType.split(";")) {
            int eq = parameter.indexOf('=');
            if (eq > 0 && parameter.substring(0, eq).strip().equalsIgnoreCase("boundary")) {
                String value = parameter.substring(eq + 1).strip();
                if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
                    value = value.substring(1, value.length() - 1);
                }
                return value.isEmpty() || value.length() > 70 || value.startsWith("\"") ? null : value;
            }
        }
        return null;
    }
}
