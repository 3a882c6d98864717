package dev.shouli.channel.email;

import dev.shouli.channel.IntakeRoutes;
import dev.shouli.core.http.ClientLimiter;
import dev.shouli.core.http.HttpProblem;
import dev.shouli.core.http.Routes;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.Locale;

/**
 * {@code POST /intake/email}: one raw message ({@code message/rfc822}) from an inbound-mail service, with a
 * bearer token. Answers the intake outcome JSON only after commit; without a configured token the endpoint
 * answers 403, because an open endpoint would let anyone file mail in anyone's name.
 */
public final class EmailWebhookRoutes implements Routes {

    public static final String PATH = "/intake/email";

    private final EmailIntake intake;
    private final String token;
    private final long maxMessageBytes;
    private final Clock clock;
    private final ClientLimiter limiter;

    /** @param limiter the per-client limit of refused calls (a missing or wrong token) */
    public EmailWebhookRoutes(EmailIntake intake, String token, long maxMessageBytes, Clock clock,
                              ClientLimiter limiter) {
        this.limiter = limiter;
        this.intake = intake;
        this.token = token;
        this.maxMessageBytes = maxMessageBytes;
        this.clock = clock;
    }

    @Override
    public void register(Router router) {
        // The token first, on a route of its own (Vert.x Web wants the body handler first on the route that takes
        // the body): a caller without it never has its body, up to the largest message, read at all.
        router.post(PATH).handler(this::authorise);
        router.post(PATH)
                .handler(BodyHandler.create(false).setBodyLimit(maxMessageBytes))
                .handler(this::handle);
    }

    private void authorise(RoutingContext ctx) {
        HttpProblem refused = null;
        if (token == null) {
            refused = HttpProblem.forbidden("the email webhook is disabled: SHOULI_EMAIL_WEBHOOK_TOKEN is not set");
        } else {
            String header = ctx.request().getHeader("Authorization");
            byte[] presented = header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)
                    ? header.substring(7).strip().getBytes(StandardCharsets.UTF_8) : new byte[0];
            if (!MessageDigest.isEqual(presented, token.getBytes(StandardCharsets.UTF_8))) {
                refused = HttpProblem.unauthorized("send 'Authorization: Bearer <token>' with the email webhook token");
            }
        }
        if (refused == null) {
            ctx.next();
        } else {
            ctx.fail(limiter.refused(ctx, PATH).orElse(refused));
        }
    }

    private void handle(RoutingContext ctx) {
        String contentType = ctx.request().getHeader("Content-Type");
        String media = contentType == null ? "" : contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        if (!media.equals("message/rfc822")) {
            ctx.fail(HttpProblem.unsupportedMediaType("send one raw message as message/rfc822"
                    + (contentType == null ? "; the request has no Content-Type" : "; got " + contentType)));
            return;
        }
        byte[] raw = ctx.body().buffer() == null ? new byte[0] : ctx.body().buffer().getBytes();
        if (raw.length == 0) {
            ctx.fail(HttpProblem.badRequest("the body is empty; send one raw RFC 5322 message"));
            return;
        }
        intake.accept(raw, Envelope.http(), clock.instant())
                .onSuccess(result -> IntakeRoutes.respond(ctx, result))
                .onFailure(ctx::fail);
    }
}
