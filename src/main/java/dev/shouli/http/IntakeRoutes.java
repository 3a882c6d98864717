package dev.shouli.http;

import dev.shouli.channel.ChannelAdapter;
import dev.shouli.channel.IncomingRequest;
import dev.shouli.channel.ParsedSubmission;
import dev.shouli.domain.IntakeOutcome;
import dev.shouli.domain.Submission;
import dev.shouli.intake.IntakeResult;
import dev.shouli.intake.IntakeService;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Registers every JSON-answering channel adapter the same way: body limit, content-type check, parse,
 * intake, and the outcome JSON of DESIGN §6 — written only after the intake transaction committed.
 * Input refused with a 4xx is still recorded verbatim as {@code rejected}.
 */
public final class IntakeRoutes {

    /** Headers that carry secrets are not stored with the verbatim submission. */
    private static final Set<String> SECRET_HEADERS = Set.of("authorization", "cookie", "proxy-authorization");

    private final IntakeService intake;
    private final Clock clock;
    private final long bodyLimitBytes;

    public IntakeRoutes(IntakeService intake, Clock clock, long bodyLimitBytes) {
        this.intake = intake;
        this.clock = clock;
        this.bodyLimitBytes = bodyLimitBytes;
    }

    public void register(Router router, List<ChannelAdapter> adapters) {
        for (ChannelAdapter adapter : adapters) {
            router.post(adapter.path())
                    .handler(BodyHandler.create(false).setBodyLimit(bodyLimitBytes))
                    .handler(ctx -> handle(ctx, adapter));
        }
    }

    private void handle(RoutingContext ctx, ChannelAdapter adapter) {
        IncomingRequest request = new IncomingRequest(clock.instant(), ctx.request().getHeader("Content-Type"),
                storableHeaders(ctx.request()), ctx.body().buffer() == null ? new byte[0] : ctx.body().buffer().getBytes());
        ParsedSubmission parsed;
        try {
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
            if (!SECRET_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
                headers.put(name, String.join(", ", request.headers().getAll(name)));
            }
        });
        return headers;
    }
}
