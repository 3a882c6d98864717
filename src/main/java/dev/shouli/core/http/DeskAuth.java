package dev.shouli.core.http;

import dev.shouli.core.config.CoreConfig.DeskToken;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;

/**
 * Bearer tokens for the desk API. No header: 401. A token that is not ours: 401 with
 * {@code error="invalid_token"}. No tokens configured at all: 403, because the desk API is closed until an
 * operator opens it. Comparison is constant-time so a token cannot be guessed byte by byte.
 */
public final class DeskAuth implements Handler<RoutingContext> {

    /** The authenticated desk's name, for audit records. */
    public static final String ACTOR_KEY = "shouli.actor";

    private final List<DeskToken> tokens;

    public DeskAuth(List<DeskToken> tokens) {
        this.tokens = tokens;
    }

    @Override
    public void handle(RoutingContext ctx) {
        String header = ctx.request().getHeader("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            ctx.fail(HttpProblem.unauthorized("send 'Authorization: Bearer <token>' with a desk token"));
            return;
        }
        if (tokens.isEmpty()) {
            ctx.fail(HttpProblem.forbidden("the desk API is disabled: no desk tokens are configured "
                    + "(SHOULI_DESK_TOKENS)"));
            return;
        }
        byte[] presented = header.substring(7).strip().getBytes(StandardCharsets.UTF_8);
        String actor = null;
        for (DeskToken token : tokens) {
            // Check every token, matching or not, so timing does not tell which prefix was right.
            if (MessageDigest.isEqual(presented, token.token().getBytes(StandardCharsets.UTF_8))) {
                actor = token.name();
            }
        }
        if (actor == null) {
            ctx.fail(HttpProblem.unauthorized("the bearer token is not valid")
                    .withHeader("WWW-Authenticate", "Bearer realm=\"shouli-desk\", error=\"invalid_token\""));
            return;
        }
        ctx.put(ACTOR_KEY, actor);
        ctx.next();
    }
}
