package dev.shouli.feature.routing;

import dev.shouli.core.config.CoreConfig.DeskConfig;
import dev.shouli.core.domain.CaseReference;
import dev.shouli.core.http.DeskAuth;
import dev.shouli.core.http.HttpProblem;
import dev.shouli.core.http.Routes;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/**
 * The routing API (desk tokens): training, listing, activating and shadowing classifier versions (supervisors),
 * the classification dry run, the desk's routing actions on a case, and the per-unit report.
 */
final class RoutingRoutes implements Routes {

    private static final long JSON_LIMIT = 64 * 1024;
    private static final int MAX_TEXT = 20_000;

    private final RoutingConfig config;
    private final DeskConfig desk;
    private final ClassifierService classifier;
    private final RoutingActions actions;
    private final RoutingReport report;

    RoutingRoutes(RoutingConfig config, DeskConfig desk, ClassifierService classifier, RoutingActions actions,
                  RoutingReport report) {
        this.config = config;
        this.desk = desk;
        this.classifier = classifier;
        this.actions = actions;
        this.report = report;
    }

    @Override
    public void register(Router router) {
        DeskAuth auth = new DeskAuth(desk.tokens());
        router.post("/api/v1/classifier/training")
                .handler(BodyHandler.create(false).setBodyLimit(config.classifier().maxTrainingBytes()))
                .handler(auth).handler(this::train);
        router.get("/api/v1/classifier/versions").handler(auth)
                .handler(ctx -> answer(ctx, 200, classifier.versions()));
        for (String state : new String[] {"activate", "shadow"}) {
            router.post("/api/v1/classifier/versions/:version/" + state)
                    .handler(BodyHandler.create(false).setBodyLimit(JSON_LIMIT))
                    .handler(auth).handler(ctx -> promote(ctx, "activate".equals(state) ? "active" : "shadow"));
        }
        router.post("/api/v1/classify").handler(BodyHandler.create(false).setBodyLimit(JSON_LIMIT)).handler(auth)
                .handler(this::classify);
        caseAction(router, auth, "dispatch", (ctx, b) -> actions.dispatch(reference(ctx), text(b, "unit"),
                text(b, "category"), text(b, "note"), actor(ctx)));
        caseAction(router, auth, "transfer", (ctx, b) -> actions.transfer(reference(ctx), text(b, "unit"),
                text(b, "note"), actor(ctx)));
        caseAction(router, auth, "return", (ctx, b) -> actions.returnToTriage(reference(ctx), text(b, "reasonCode"),
                text(b, "reason"), text(b, "note"), actor(ctx)));
        caseAction(router, auth, "category", (ctx, b) -> actions.setCategory(reference(ctx), text(b, "category"),
                actor(ctx)));
        router.get("/api/v1/routing/report").handler(auth).handler(this::report);
    }

    private interface CaseAction {
        Future<JsonObject> perform(RoutingContext ctx, JsonObject body);
    }

    private void caseAction(Router router, DeskAuth auth, String action, CaseAction perform) {
        router.post("/api/v1/cases/:reference/routing/" + action)
                .handler(BodyHandler.create(false).setBodyLimit(JSON_LIMIT))
                .handler(auth)
                .handler(ctx -> answer(ctx, 200, perform.perform(ctx, body(ctx, false))));
    }

    private void train(RoutingContext ctx) {
        supervisor(ctx);
        String actor = actor(ctx);
        if ("cases".equals(ctx.queryParams().get("from"))) {
            answer(ctx, 201, classifier.trainFromCases(actor));
            return;
        }
        if (ctx.queryParams().get("from") != null) {
            throw HttpProblem.badRequest("from must be 'cases' (or leave it out and send a CSV file)");
        }
        String type = ctx.request().getHeader("Content-Type");
        if (type == null || !type.toLowerCase(Locale.ROOT).startsWith("text/csv")) {
            throw HttpProblem.unsupportedMediaType("send the examples as text/csv (columns title,text,category), "
                    + "or POST with ?from=cases to learn from the desk's labelled cases");
        }
        Buffer body = ctx.body().buffer();
        answer(ctx, 201, classifier.trainFromCsv(body == null ? new byte[0] : body.getBytes(), actor)
                .recover(e -> Future.failedFuture(e instanceof TrainingCsv.Invalid bad
                        ? HttpProblem.unprocessable("invalid-csv", "Invalid CSV", bad.getMessage())
                                .with("line", bad.line()).with("column", bad.column())
                        : e)));
    }

    private void promote(RoutingContext ctx, String state) {
        supervisor(ctx);
        int version;
        try {
            version = Integer.parseInt(ctx.pathParam("version"));
        } catch (NumberFormatException e) {
            throw HttpProblem.notFound("no classifier version " + ctx.pathParam("version"));
        }
        answer(ctx, 200, classifier.promote(version, state));
    }

    private void classify(RoutingContext ctx) {
        JsonObject body = body(ctx, true);
        JsonArray errors = new JsonArray();
        for (String field : body.fieldNames()) {
            if (!field.equals("subject") && !field.equals("description")) {
                errors.add(new JsonObject().put("field", field).put("message", "is not taken; send subject and description"));
            } else if (!(body.getValue(field) instanceof String s) || s.length() > MAX_TEXT) {
                errors.add(new JsonObject().put("field", field)
                        .put("message", "must be a string of at most " + MAX_TEXT + " characters"));
            }
        }
        String subject = body.getValue("subject") instanceof String s ? s : null;
        String description = body.getValue("description") instanceof String s ? s : null;
        if (errors.isEmpty() && (subject == null || subject.isBlank()) && (description == null || description.isBlank())) {
            errors.add(new JsonObject().put("field", "description").put("message", "give a subject, a description or both"));
        }
        if (!errors.isEmpty()) {
            throw HttpProblem.invalidFields(errors);
        }
        answer(ctx, 200, classifier.classify(subject, description).map(Classification::toJson));
    }

    private void report(RoutingContext ctx) {
        LocalDate to = date(ctx, "to", LocalDate.now(report.zone()).plusDays(1));
        LocalDate from = date(ctx, "from", to.minusDays(30));
        if (!from.isBefore(to)) {
            throw HttpProblem.invalidFields(new JsonArray().add(new JsonObject().put("field", "from")
                    .put("message", "must be before to")));
        }
        answer(ctx, 200, report.between(from, to));
    }

    private static LocalDate date(RoutingContext ctx, String name, LocalDate otherwise) {
        String value = ctx.queryParams().get(name);
        if (value == null || value.isBlank()) {
            return otherwise;
        }
        try {
            return LocalDate.parse(value.strip());
        } catch (DateTimeParseException e) {
            throw HttpProblem.invalidFields(new JsonArray().add(new JsonObject().put("field", name)
                    .put("message", "must be a date such as 2026-12-01")));
        }
    }

    private void supervisor(RoutingContext ctx) {
        if (!config.supervisors().contains(actor(ctx))) {
            throw HttpProblem.forbidden("training and activating classifier versions is for supervisors: the desk "
                    + "token '" + actor(ctx) + "' is not listed in routing.supervisors");
        }
    }

    private static String actor(RoutingContext ctx) {
        return ctx.get(DeskAuth.ACTOR_KEY);
    }

    private static String reference(RoutingContext ctx) {
        return CaseReference.parse(ctx.pathParam("reference")).toString();
    }

    private static String text(JsonObject body, String field) {
        Object v = body.getValue(field);
        if (v != null && !(v instanceof String)) {
            throw HttpProblem.invalidFields(new JsonArray().add(new JsonObject().put("field", field)
                    .put("message", "must be a string")));
        }
        String s = (String) v;
        if (s != null && s.length() > 2000) {
            throw HttpProblem.invalidFields(new JsonArray().add(new JsonObject().put("field", field)
                    .put("message", "must be at most 2000 characters")));
        }
        return s == null || s.isBlank() ? null : s.strip();
    }

    /** A JSON object; an empty body is an empty object unless one is required. */
    private static JsonObject body(RoutingContext ctx, boolean required) {
        Buffer raw = ctx.body().buffer();
        if (raw == null || raw.toString().isBlank()) {
            if (required) {
                throw HttpProblem.badRequest("send a JSON object such as {\"subject\": \"…\", \"description\": \"…\"}");
            }
            return new JsonObject();
        }
        if (!raw.toString().strip().startsWith("{")) {
            throw HttpProblem.badRequest("the body must be a JSON object");
        }
        try {
            return raw.toJsonObject();
        } catch (DecodeException e) {
            throw HttpProblem.badRequest("the body is not a JSON object: " + e.getMessage());
        }
    }

    private static void answer(RoutingContext ctx, int status, Future<JsonObject> result) {
        result.onSuccess(json -> ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json")
                .end(json.encode())).onFailure(ctx::fail);
    }
}
