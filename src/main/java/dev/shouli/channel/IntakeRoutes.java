package dev.shouli.channel;

import dev.shouli.core.domain.IntakeOutcome;
import dev.shouli.core.domain.Submission;
import dev.shouli.core.http.ClientLimiter;
import dev.shouli.core.http.HttpProblem;
import dev.shouli.core.intake.ContactProof;
import dev.shouli.core.intake.IntakeResult;
import dev.shouli.core.intake.IntakeService;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Registers every JSON-answering channel adapter the same way: body limit, content-type check, parse,
 * intake, and the outcome JSON of docs/http-api.md — written only after the intake transaction committed.
 * Input refused with a 4xx is still recorded as {@code rejected} (its body cut to a bound, see {@code RefusedInput}),
 * while its client stays under the per-client limit of refused calls; calls without a partner key have a per-client
 * limit too ({@link ClientLimiter}: 429 with Retry-After, nothing stored).
 *
 * <p>A call may carry a partner key ({@code Authorization: Bearer <key>} of {@code SHOULI_API_PARTNER_KEYS}):
 * the partner vouches for the contacts it sends, so the submission counts as having proven them
 * ({@link ContactProof}) and may join the complainant's existing case. The partner's name is recorded on the
 * stored submission ({@link ContactProof#PARTNER_HEADER}, never taken from a request); the key itself is not
 * stored. No key is an anonymous call, taken in as before but proving nothing; an unknown key is a 401.
 */
public final class IntakeRoutes {

    /**
     * Headers that carry secrets are not stored with the verbatim submission, nor the header that says a
     * partner key was verified: only this route sets that one.
     */
    private static final Set<String> NOT_STORED = Set.of("authorization", "cookie", "proxy-authorization",
            ContactProof.PARTNER_HEADER.toLowerCase(Locale.ROOT));

    private final IntakeService intake;
    private final Clock clock;
    private final long bodyLimitBytes;
    private final List<PartnerKey> partners;
    private final ClientLimiter limiter;

    /** @param limiter the per-client limits of calls without a partner key and of refused calls */
    public IntakeRoutes(IntakeService intake, Clock clock, long bodyLimitBytes, List<PartnerKey> partners,
                        ClientLimiter limiter) {
        this.limiter = limiter;
        this.intake = intake;
        this.clock = clock;
        this.bodyLimitBytes = bodyLimitBytes;
        this.partners = List.copyOf(partners);
    }

    public void register(Router router, List<ChannelAdapter> adapters) {
        for (ChannelAdapter adapter : adapters) {
            router.post(adapter.path())
                    .handler(BodyHandler.create(false).setBodyLimit(bodyLimitBytes))
                    .handler(ctx -> handle(ctx, adapter));
        }
    }

    private void handle(RoutingContext ctx, ChannelAdapter adapter) {
        Map<String, String> headers = storableHeaders(ctx.request());
        IncomingRequest request = new IncomingRequest(clock.instant(), ctx.request().getHeader("Content-Type"),
                headers, ctx.body().buffer() == null ? new byte[0] : ctx.body().buffer().getBytes());
        ParsedSubmission parsed;
        try {
            String partner = partner(ctx.request().getHeader("Authorization"));
            if (partner != null) {
                headers.put(ContactProof.PARTNER_HEADER, partner);
            } else {
                Optional<HttpProblem> limited = limiter.anonymous(ctx, adapter.path());
                if (limited.isPresent()) {
                    ctx.fail(limited.get());
                    return;
                }
            }
            requireContentType(adapter, request.contentType());
            parsed = adapter.parse(request);
        } catch (HttpProblem problem) {
            reject(ctx, adapter, request, problem);
            return;
        }
        Submission submission = new Submission(adapter.channel(), "http", parsed.externalId(), request.receivedAt(),
                request.contentType(), request.headers(), request.body());
        intake.submit(submission, parsed.draft())
                .onSuccess(result -> respond(ctx, result))
                .onFailure(ctx::fail);
    }

    /**
     * The partner whose key the call carries; null without an Authorization header (an anonymous call).
     * Every key is compared, in constant time, so timing does not tell which one was nearly right.
     */
    private String partner(String authorization) {
        if (authorization == null) {
            return null;
        }
        if (!authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw HttpProblem.unauthorized("send a partner key as 'Authorization: Bearer <key>', or no "
                    + "Authorization header to submit without one")
                    .withHeader("WWW-Authenticate", "Bearer realm=\"shouli-intake\"");
        }
        byte[] presented = authorization.substring(7).strip().getBytes(StandardCharsets.UTF_8);
        String name = null;
        for (PartnerKey key : partners) {
            if (MessageDigest.isEqual(presented, key.key().getBytes(StandardCharsets.UTF_8))) {
                name = key.name();
            }
        }
        if (name == null) {
            throw HttpProblem.unauthorized("the partner key is not valid; send no Authorization header to submit "
                    + "without one").withHeader("WWW-Authenticate",
                    "Bearer realm=\"shouli-intake\", error=\"invalid_token\"");
        }
        return name;
    }

    private static void requireContentType(ChannelAdapter adapter, String contentType) {
        String mediaType = contentType == null ? null
                : contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        if (mediaType == null || !adapter.contentTypes().contains(mediaType)) {
            throw HttpProblem.unsupportedMediaType("send the body as " + String.join(" or ", adapter.contentTypes())
                    + (contentType == null ? "; the request has no Content-Type" : "; got " + contentType));
        }
    }

    /** Keeps the refused input for operators, then answers the problem whether or not keeping it worked. */
    private void reject(RoutingContext ctx, ChannelAdapter adapter, IncomingRequest request, HttpProblem problem) {
        Optional<HttpProblem> limited = limiter.refused(ctx, adapter.path());
        if (limited.isPresent()) {
            ctx.fail(limited.get());
            return;
        }
        // No redelivery key: a client that fixes its request may retry with the same Idempotency-Key.
        Submission submission = new Submission(adapter.channel(), "http", null, request.receivedAt(),
                request.contentType(), request.headers(), request.body());
        intake.record(submission, IntakeOutcome.REJECTED, problem.getMessage(), null)
                .onComplete(ignored -> ctx.fail(problem));
    }

    public static void respond(RoutingContext ctx, IntakeResult result) {
        JsonObject body = new JsonObject()
                .put("outcome", result.outcome().code())
                .put("reference", result.reference())
                .put("reason", result.reason());
        int status = switch (result.outcome()) {
            // A redelivery gets the first answer's body, but 200: nothing was created this time.
            case CREATED -> result.redelivery() ? 200 : 201;
            case QUARANTINED, SUPPRESSED -> 202;
            default -> 200;
        };
        if (result.reference() != null) {
            ctx.response().putHeader("Location", "/api/v1/cases/" + result.reference());
        }
        ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json").end(body.encode());
    }

    public static Map<String, String> storableHeaders(HttpServerRequest request) {
        Map<String, String> headers = new LinkedHashMap<>();
        request.headers().names().forEach(name -> {
            if (!NOT_STORED.contains(name.toLowerCase(Locale.ROOT))) {
                headers.put(name, String.join(", ", request.headers().getAll(name)));
            }
        });
        return headers;
    }
}
