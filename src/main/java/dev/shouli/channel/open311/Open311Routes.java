package dev.shouli.channel.open311;

import dev.shouli.channel.Utf8;
import dev.shouli.channel.open311.Open311Config.ApiKey;
import dev.shouli.channel.open311.Open311Config.Attribute;
import dev.shouli.channel.open311.Open311Config.Service;
import dev.shouli.channel.open311.Open311Format.Nested;
import dev.shouli.channel.open311.Open311Store.ServiceRequest;
import dev.shouli.core.domain.IntakeOutcome;
import dev.shouli.core.domain.Submission;
import dev.shouli.core.http.HttpProblem;
import dev.shouli.core.http.Routes;
import dev.shouli.core.intake.IntakeResult;
import dev.shouli.core.intake.IntakeService;
import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The Open311 GeoReport v2 server under {@code /open311/v2/}: discovery, services, service definitions,
 * POST and GET requests, tokens — each as {@code .xml} (the default) or {@code .json}, errors in GeoReport's
 * own {@code errors} format. A request id is our case reference; no personal data of a requester is ever
 * part of an answer.
 */
public final class Open311Routes implements Routes {

    private static final String BASE = "/open311/v2";
    private static final String EXT = "(?:\\.(json|xml))?$";
    private static final String SPECIFICATION = "http://wiki.open311.org/GeoReport_v2";
    private static final String CHANGESET = "2026-11-25T00:00:00Z";
    private static final Duration MAX_RANGE = Duration.ofDays(90);
    private static final int MAX_ROWS = 1000;
    /** W3C date-time with offset, whole seconds: 2026-11-25T10:00:00+08:00. */
    private static final DateTimeFormatter W3C = DateTimeFormatter.ISO_OFFSET_DATE_TIME;

    private final Open311Config config;
    private final Open311RequestParser parser;
    private final IntakeService intake;
    private final Open311Store store;
    private final Clock clock;
    private final ZoneId zone;
    private final long bodyLimitBytes;
    private final int retryAfterSeconds;

    public Open311Routes(Open311Config config, Open311RequestParser parser, IntakeService intake, Open311Store store,
                         Clock clock, ZoneId zone, long bodyLimitBytes, int retryAfterSeconds) {
        this.config = config;
        this.parser = parser;
        this.intake = intake;
        this.store = store;
        this.clock = clock;
        this.zone = zone;
        this.bodyLimitBytes = bodyLimitBytes;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    @Override
    public void register(Router router) {
        // First, so GeoReport clients get GeoReport errors rather than the gateway's problem+json.
        router.route(BASE + "/*").failureHandler(new Open311FailureHandler(bodyLimitBytes, retryAfterSeconds));
        router.getWithRegex(BASE + "/discovery" + EXT).handler(this::discovery);
        router.getWithRegex(BASE + "/services" + EXT).handler(this::services);
        router.getWithRegex(BASE + "/services/([^/]+?)" + EXT).handler(this::serviceDefinition);
        router.postWithRegex(BASE + "/requests" + EXT)
                .handler(BodyHandler.create(false).setBodyLimit(bodyLimitBytes))
                .handler(this::createRequest);
        router.getWithRegex(BASE + "/requests" + EXT).handler(this::listRequests);
        router.getWithRegex(BASE + "/requests/([^/]+?)" + EXT).handler(this::oneRequest);
        router.getWithRegex(BASE + "/tokens/([^/]+?)" + EXT).handler(this::token);
        router.route(BASE + "/*").handler(ctx -> {
            throw new Open311Error(ctx.request().method().name().equals("GET") || ctx.request().method().name().equals("POST")
                    ? 404 : 400, "no GeoReport resource at " + ctx.request().path());
        });
    }

    // ---- methods

    private void discovery(RoutingContext ctx) {
        Open311Format format = format(ctx, 0);
        String url = ctx.request().scheme() + "://" + ctx.request().authority() + BASE + "/";
        Map<String, Object> endpoint = node(
                "specification", SPECIFICATION,
                "url", url,
                "changeset", CHANGESET,
                "type", "production",
                "formats", new Nested("format", List.of("text/xml", "application/json")));
        write(ctx, format, format.object("discovery", node(
                "changeset", CHANGESET,
                "contact", config.contact(),
                "key_service", "API keys for POST requests are issued by the operator of this gateway",
                "endpoints", new Nested("endpoint", List.of(endpoint)))));
    }

    private void services(RoutingContext ctx) {
        Open311Format format = format(ctx, 0);
        jurisdiction(ctx.queryParams().get("jurisdiction_id"));
        List<Map<String, Object>> items = new ArrayList<>();
        for (Service s : config.services()) {
            items.add(node(
                    "service_code", s.code(),
                    "service_name", s.name(),
                    "description", s.description(),
                    "metadata", !s.attributes().isEmpty(),
                    "type", "realtime",
                    "keywords", s.keywords(),
                    "group", s.group()));
        }
        write(ctx, format, format.list("services", "service", items));
    }

    private void serviceDefinition(RoutingContext ctx) {
        Open311Format format = format(ctx, 1);
        jurisdiction(ctx.queryParams().get("jurisdiction_id"));
        String code = ctx.pathParam("param0");
        Service service = config.service(code);
        if (service == null) {
            throw new Open311Error(404, "service_code " + code + " was not found");
        }
        List<Map<String, Object>> attributes = new ArrayList<>();
        for (Attribute a : service.attributes()) {
            Map<String, Object> attribute = node(
                    "variable", true,
                    "code", a.code(),
                    "datatype", a.datatype(),
                    "required", a.required(),
                    "datatype_description", null,
                    "order", a.order(),
                    "description", a.description());
            if (a.isList()) {
                attribute.put("values", new Nested("value", a.values().stream()
                        .map(v -> node("key", v.key(), "name", v.name())).toList()));
            }
            attributes.add(attribute);
        }
        write(ctx, format, format.object("service_definition", node(
                "service_code", service.code(),
                "attributes", new Nested("attribute", attributes))));
    }

    private void createRequest(RoutingContext ctx) {
        Open311Format format = format(ctx, 0);
        Instant receivedAt = clock.instant();
        String contentType = ctx.request().getHeader("Content-Type");
        if (contentType == null || !contentType.split(";", 2)[0].strip().equalsIgnoreCase("application/x-www-form-urlencoded")) {
            throw new Open311Error(400, "send the request as application/x-www-form-urlencoded; charset=utf-8");
        }
        byte[] body = ctx.body().buffer() == null ? new byte[0] : ctx.body().buffer().getBytes();
        String text;
        try {
            text = Utf8.decode(body, "the request body");
        } catch (HttpProblem e) {
            throw new Open311Error(400, e.getMessage());
        }
        Map<String, List<String>> form = Open311RequestParser.form(text);
        ApiKey key = apiKey(Open311RequestParser.first(form, "api_key"));
        jurisdiction(Open311RequestParser.first(form, "jurisdiction_id"));
        String idempotencyKey = ctx.request().getHeader("Idempotency-Key");
        if (idempotencyKey != null && (idempotencyKey.isBlank() || idempotencyKey.length() > 255)) {
            throw new Open311Error(400, "Idempotency-Key must be 1 to 255 characters");
        }
        Map<String, String> headers = new LinkedHashMap<>();
        ctx.request().headers().names().forEach(name -> {
            if (!List.of("authorization", "cookie").contains(name.toLowerCase(Locale.ROOT))) {
                headers.put(name, String.join(", ", ctx.request().headers().getAll(name)));
            }
        });
        headers.put("X-Shouli-Open311-Client", key.name());
        // Kept verbatim except the API key, which must not sit in the database next to every request.
        byte[] stored = text.replaceAll("(^|&)api_key=[^&]*", "$1api_key=REDACTED").getBytes(StandardCharsets.UTF_8);
        Submission submission = new Submission(Open311IntakeHook.CHANNEL, "http",
                idempotencyKey == null ? null : idempotencyKey.strip(), receivedAt, contentType, headers, stored);
        Open311Request request;
        try {
            request = parser.parse(form);
        } catch (Open311Error e) {
            Submission rejected = new Submission(submission.channel(), "http", null, receivedAt, contentType, headers, stored);
            intake.record(rejected, IntakeOutcome.REJECTED, e.getMessage(), null)
                    .onSuccess(ignored -> ctx.fail(e))
                    .onFailure(ctx::fail);
            return;
        }
        intake.submit(submission, request.toDraft())
                .onSuccess(result -> answerCreated(ctx, format, result, request))
                .onFailure(ctx::fail);
    }

    private void answerCreated(RoutingContext ctx, Open311Format format, IntakeResult result, Open311Request request) {
        if (result.reference() == null) {
            ctx.fail(new Open311Error(400, "the request was kept for review but could not become a service request: "
                    + result.reason()));
            return;
        }
        write(ctx, format, format.list("service_requests", "request", List.of(node(
                "service_request_id", result.reference(),
                "service_notice", null,
                "account_id", request.accountId()))));
    }

    private void listRequests(RoutingContext ctx) {
        Open311Format format = format(ctx, 0);
        jurisdiction(ctx.queryParams().get("jurisdiction_id"));
        List<String> ids = commaList(ctx.queryParams().getAll("service_request_id"));
        Future<List<ServiceRequest>> found;
        if (!ids.isEmpty()) {
            found = store.byReferences(ids, MAX_ROWS);
        } else {
            Instant now = clock.instant();
            Instant start = date(ctx.queryParams().get("start_date"), "start_date");
            Instant end = date(ctx.queryParams().get("end_date"), "end_date");
            if (end == null) {
                end = start == null || start.plus(MAX_RANGE).isAfter(now) ? now : start.plus(MAX_RANGE);
            }
            if (start == null) {
                start = end.minus(MAX_RANGE);
            }
            if (end.isBefore(start)) {
                throw new Open311Error(400, "end_date is before start_date");
            }
            if (Duration.between(start, end).compareTo(MAX_RANGE) > 0) {
                throw new Open311Error(400, "start_date to end_date may not span more than 90 days");
            }
            List<String> statuses = commaList(ctx.queryParams().getAll("status"));
            for (String s : statuses) {
                if (!s.equals("open") && !s.equals("closed")) {
                    throw new Open311Error(400, "status must be open or closed, not " + s);
                }
            }
            List<String> codes = commaList(ctx.queryParams().getAll("service_code"));
            found = store.search(start, end, codes.isEmpty() ? null : codes, statuses.isEmpty() ? null : statuses,
                    MAX_ROWS);
        }
        found.onSuccess(requests -> write(ctx, format, format.list("service_requests", "request",
                        requests.stream().map(this::requestNode).toList())))
                .onFailure(ctx::fail);
    }

    private void oneRequest(RoutingContext ctx) {
        Open311Format format = format(ctx, 1);
        jurisdiction(ctx.queryParams().get("jurisdiction_id"));
        String id = ctx.pathParam("param0");
        store.byReferences(List.of(id), 1)
                .onSuccess(requests -> {
                    if (requests.isEmpty()) {
                        ctx.fail(new Open311Error(404, "service_request_id " + id + " was not found"));
                        return;
                    }
                    write(ctx, format, format.list("service_requests", "request", List.of(requestNode(requests.get(0)))));
                })
                .onFailure(ctx::fail);
    }

    private void token(RoutingContext ctx) {
        Open311Format format = format(ctx, 1);
        jurisdiction(ctx.queryParams().get("jurisdiction_id"));
        String token = ctx.pathParam("param0");
        store.referenceOfToken(token)
                .onSuccess(reference -> {
                    if (reference.isEmpty()) {
                        ctx.fail(new Open311Error(404, "token " + token + " was not found"));
                        return;
                    }
                    write(ctx, format, format.list("service_requests", "request", List.of(node(
                            "service_request_id", reference.get(),
                            "token", token))));
                })
                .onFailure(ctx::fail);
    }

    // ---- helpers

    private Map<String, Object> requestNode(ServiceRequest r) {
        Service service = config.service(r.serviceCode());
        return node(
                "service_request_id", r.reference(),
                "status", r.status(),
                "status_notes", r.statusNotes(),
                "service_name", service == null ? null : service.name(),
                "service_code", r.serviceCode(),
                "description", r.description(),
                "agency_responsible", null,
                "service_notice", null,
                "requested_datetime", w3c(r.requestedAt()),
                "updated_datetime", w3c(r.updatedAt()),
                "expected_datetime", w3c(r.expectedAt()),
                "address", r.address(),
                "address_id", r.addressId(),
                "zipcode", null,
                "lat", r.latitude(),
                "long", r.longitude(),
                "media_url", r.mediaUrl());
    }

    private ApiKey apiKey(String given) {
        if (given == null) {
            throw new Open311Error(403, "api_key is required to create a service request");
        }
        byte[] bytes = given.getBytes(StandardCharsets.UTF_8);
        for (ApiKey k : config.apiKeys()) {
            if (MessageDigest.isEqual(k.key().getBytes(StandardCharsets.UTF_8), bytes)) {
                return k;
            }
        }
        throw new Open311Error(403, "invalid api_key received -- can't proceed with create_request");
    }

    /** Required and checked only when this server is configured with a jurisdiction. */
    private void jurisdiction(String given) {
        if (config.jurisdictionId() == null) {
            return;
        }
        if (given == null || given.isBlank()) {
            throw new Open311Error(400, "jurisdiction_id was not provided");
        }
        if (!config.jurisdictionId().equals(given.strip())) {
            throw new Open311Error(404, "jurisdiction_id " + given.strip() + " was not found");
        }
    }

    private Instant date(String value, String name) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(value.strip()).toInstant();
        } catch (DateTimeParseException e) {
            try {
                return LocalDate.parse(value.strip()).atStartOfDay(zone).toInstant();
            } catch (DateTimeParseException e2) {
                throw new Open311Error(400, name + " must be a W3C date-time with an offset, e.g. 2026-11-01T00:00:00Z");
            }
        }
    }

    private static List<String> commaList(List<String> values) {
        List<String> out = new ArrayList<>();
        for (String v : values) {
            for (String part : v.split(",")) {
                if (!part.isBlank()) {
                    out.add(part.strip());
                }
            }
        }
        return out;
    }

    private String w3c(Instant instant) {
        return instant == null ? null
                : W3C.format(instant.atZone(zone).toOffsetDateTime().truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
    }

    /** The extension group: param0 for collection paths, param1 after a path id. */
    private static Open311Format format(RoutingContext ctx, int group) {
        return Open311Format.of(ctx.pathParam("param" + group));
    }

    private static Map<String, Object> node(Object... pairs) {
        Map<String, Object> node = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            node.put((String) pairs[i], pairs[i + 1]);
        }
        return node;
    }

    private static void write(RoutingContext ctx, Open311Format format, String body) {
        ctx.response().putHeader("Content-Type", format.contentType()).end(body);
    }
}
