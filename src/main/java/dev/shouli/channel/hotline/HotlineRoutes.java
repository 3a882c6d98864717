package dev.shouli.channel.hotline;

import dev.shouli.channel.hotline.HotlineConfig.Source;
import dev.shouli.channel.hotline.HotlineSignature.Verdict;
import dev.shouli.core.domain.IntakeOutcome;
import dev.shouli.core.domain.Submission;
import dev.shouli.core.http.HttpProblem;
import dev.shouli.core.http.Routes;
import dev.shouli.core.intake.IntakeResult;
import dev.shouli.core.intake.IntakeService;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /intake/hotline/{source}}: a signed work order from a configured platform. Checks run from
 * cheapest to dearest — known source, allowed address, JSON, signature — and only an authentic body is
 * stored: a body that fails the schema is kept as quarantined, a good one goes through intake and is
 * answered 2xx only after it committed.
 */
public final class HotlineRoutes implements Routes {

    private static final Logger LOG = LoggerFactory.getLogger(HotlineRoutes.class);

    private final HotlineConfig config;
    private final WorkOrderParser parser;
    private final IntakeService intake;
    private final Clock clock;
    private final long bodyLimitBytes;
    private final Pool pool;
    private final HotlineStore tickets;

    public HotlineRoutes(HotlineConfig config, WorkOrderParser parser, IntakeService intake, Clock clock,
                         long bodyLimitBytes, Pool pool, HotlineStore tickets) {
        this.config = config;
        this.parser = parser;
        this.intake = intake;
        this.clock = clock;
        this.bodyLimitBytes = bodyLimitBytes;
        this.pool = pool;
        this.tickets = tickets;
    }

    @Override
    public void register(Router router) {
        router.post("/intake/hotline/:source")
                .handler(BodyHandler.create(false).setBodyLimit(bodyLimitBytes))
                .handler(this::handle);
    }

    private void handle(RoutingContext ctx) {
        Instant receivedAt = clock.instant();
        Source source = config.source(ctx.pathParam("source"));
        if (source == null) {
            throw HttpProblem.notFound("no hotline source named '" + ctx.pathParam("source") + "' is configured");
        }
        String peer = ctx.request().remoteAddress() == null ? null : ctx.request().remoteAddress().hostAddress();
        if (!source.allowedIps().isEmpty() && !source.allowedIps().contains(peer)) {
            throw HttpProblem.forbidden("address " + peer + " may not post tickets for source " + source.name());
        }
        String contentType = ctx.request().getHeader("Content-Type");
        if (contentType == null || !contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT).equals("application/json")) {
            throw HttpProblem.unsupportedMediaType("send the work order as application/json"
                    + (contentType == null ? "; the request has no Content-Type" : "; got " + contentType));
        }
        if (source.secret() == null) {
            throw HttpProblem.forbidden("source " + source.name() + " is not enabled: its secret "
                    + HotlineConfig.secretVariable(source.name()) + " is not set");
        }
        byte[] body = ctx.body().buffer() == null ? new byte[0] : ctx.body().buffer().getBytes();
        Verdict verdict = HotlineSignature.verify(source.secret(), ctx.request().getHeader(HotlineSignature.TIMESTAMP_HEADER),
                ctx.request().getHeader(HotlineSignature.SIGNATURE_HEADER), body, receivedAt, config.replayWindow());
        if (verdict != Verdict.VALID) {
            LOG.info("hotline {}: refused a request from {}: {}", source.name(), peer, verdict);
            throw unauthenticated(verdict);
        }
        Map<String, String> headers = headers(ctx);
        WorkOrder order;
        try {
            order = parser.parse(source, body);
        } catch (HttpProblem problem) {
            // Authentic but unusable: kept for operators as quarantined, and the platform is told what to fix.
            Submission quarantined = new Submission(source.channel(), "http", null, receivedAt, contentType, headers, body);
            String errors = problem.toJson().getJsonArray("errors") == null ? null
                    : problem.toJson().getJsonArray("errors").encode();
            // If it cannot even be kept (database down), the platform is told to retry rather than to fix it.
            intake.record(quarantined, IntakeOutcome.QUARANTINED, problem.getMessage(), errors)
                    .onSuccess(ignored -> ctx.fail(problem))
                    .onFailure(ctx::fail);
            return;
        }
        Submission submission = new Submission(source.channel(), "http", order.key().externalId(), receivedAt,
                contentType, headers, body);
        if (order.key().kind() == MessageKind.EVALUATION) {
            // A verdict is about a ticket we hold; one about a ticket we never had must not become a case.
            tickets.find(pool, source.name(), order.key().ticketNumber()).onSuccess(found -> {
                if (found.isPresent()) {
                    submit(ctx, submission, order);
                    return;
                }
                HttpProblem problem = HttpProblem.unprocessable("unknown-ticket", "Unknown ticket",
                        "an evaluation needs a ticket we hold; no ticket " + order.key().ticketNumber()
                                + " of " + source.name() + " is known");
                Submission quarantined = new Submission(source.channel(), "http", null, receivedAt, contentType,
                        headers, body);
                intake.record(quarantined, IntakeOutcome.QUARANTINED, problem.getMessage(), null)
                        .onSuccess(ignored -> ctx.fail(problem))
                        .onFailure(ctx::fail);
            }).onFailure(ctx::fail);
            return;
        }
        submit(ctx, submission, order);
    }

    private void submit(RoutingContext ctx, Submission submission, WorkOrder order) {
        intake.submit(submission, order.draft())
                .onSuccess(result -> respond(ctx, result))
                .onFailure(ctx::fail);
    }

    private HttpProblem unauthenticated(Verdict verdict) {
        String detail = switch (verdict) {
            case MISSING -> "sign the request: " + HotlineSignature.TIMESTAMP_HEADER + " (Unix seconds) and "
                    + HotlineSignature.SIGNATURE_HEADER + " (hex HMAC-SHA256 of \"<timestamp>.<body>\") are required";
            case MALFORMED_TIMESTAMP -> HotlineSignature.TIMESTAMP_HEADER + " must be Unix seconds";
            case STALE -> "the timestamp is more than " + config.replayWindow().toSeconds()
                    + " seconds from our clock; sign with the current time";
            default -> "the signature does not match the body and timestamp";
        };
        return new HttpProblem(401, "unauthenticated", "Unauthenticated", detail)
                .withHeader("WWW-Authenticate", "HMAC-SHA256 realm=\"shouli-hotline\"");
    }

    private static Map<String, String> headers(RoutingContext ctx) {
        Map<String, String> headers = new LinkedHashMap<>();
        ctx.request().headers().names().forEach(name -> {
            String lower = name.toLowerCase(Locale.ROOT);
            if (!lower.equals("authorization") && !lower.equals("cookie")) {
                headers.put(name, String.join(", ", ctx.request().headers().getAll(name)));
            }
        });
        return headers;
    }

    private static void respond(RoutingContext ctx, IntakeResult result) {
        int status = switch (result.outcome()) {
            case CREATED -> result.redelivery() ? 200 : 201;
            case QUARANTINED, SUPPRESSED -> 202;
            default -> 200;
        };
        if (result.reference() != null) {
            ctx.response().putHeader("Location", "/api/v1/cases/" + result.reference());
        }
        ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json")
                .end(new JsonObject()
                        .put("outcome", result.outcome().code())
                        .put("reference", result.reference())
                        .put("reason", result.reason())
                        .encode());
    }
}
