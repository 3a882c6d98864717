package dev.shouli.core.http;

import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.multipart.HttpPostRequestDecoder;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.util.Locale;

/**
 * Refuses a multipart body without a usable boundary ({@code multipart/form-data; boundary=}) with a 400 before
 * any body handler sees it: Vert.x's multipart decoder (Netty's) throws on such a header from inside the body
 * handler, which became a 500 on every POST route — the StringIndexOutOfBoundsExceptions hostile
 * input caused. Runs first on every route.
 */
public final class MultipartBoundaryCheck implements Handler<RoutingContext> {

    @Override
    public void handle(RoutingContext ctx) {
        String contentType = ctx.request().getHeader("Content-Type");
        if (contentType != null && contentType.strip().toLowerCase(Locale.ROOT).startsWith("multipart/")
                && (boundary(contentType) == null || !decoderReads(contentType))) {
            ctx.fail(HttpProblem.badRequest("the multipart body has no boundary: send Content-Type "
                    + "multipart/form-data; boundary=<1 to 70 characters> and separate the parts with it"));
            return;
        }
        ctx.next();
    }

    /**
     * Whether the decoder Vert.x's body handler runs for form data takes the header without throwing. Its reading
     * of the parameter list fails on more than the boundary: an empty parameter between spaces
     * ({@code multipart/form-data; ; boundary=abc}) puts a substring's end before its start. Asked of the decoder
     * itself rather than imitated.
     */
    static boolean decoderReads(String contentType) {
        if (!contentType.strip().toLowerCase(Locale.ROOT).startsWith("multipart/form-data")) {
            return true; // the body handler decodes no other multipart type
        }
        HttpRequest probe = new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, "/");
        probe.headers().set("Content-Type", contentType);
        try {
            HttpPostRequestDecoder.isMultipart(probe);
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    /**
     * The boundary as Vert.x's multipart decoder (Netty's) will read it, or null when that is not a usable one. The
     * decoder splits the header into the type, its first parameter and everything after (so a boundary may only be
     * the first or second parameter), takes the first of those two whose name merely starts with "boundary", and
     * throws on an empty or missing value (a StringIndexOutOfBoundsException). So the
     * parameter it will take must be named exactly "boundary", and its value — quotes removed — 1 to 70 characters
     * (RFC 2046) with no ';' (which would mean the decoder swallowed the parameters after it).
     */
    static String boundary(String contentType) {
        String[] parts = contentType.split(";", 3);
        for (int i = 1; i < parts.length; i++) {
            String parameter = parts[i].strip();
            if (!parameter.regionMatches(true, 0, "boundary", 0, "boundary".length())) {
                continue;
            }
            int eq = parameter.indexOf('=');
            if (eq < 0 || !parameter.substring(0, eq).strip().equalsIgnoreCase("boundary")) {
                return null;
            }
            String value = parameter.substring(eq + 1).strip();
            if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
                value = value.substring(1, value.length() - 1);
            }
            return value.isEmpty() || value.length() > 70 || value.contains("\"") || value.contains(";") ? null
                    : value;
        }
        return null;
    }
}
