package dev.shouli.feature.routing;

import dev.shouli.core.cases.CaseActionStore;
import dev.shouli.core.http.HttpProblem;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What the desk does with a case's routing, each in one transaction that locks the case first:
 * <ul>
 * <li><b>dispatch</b> (派单) — triage sends a case on to a unit, optionally setting its category; after a return
 * this re-route is a label for the classifier, as is any category a person sets or keeps;</li>
 * <li><b>transfer</b> (转办) — a unit hands a case to another unit, with a note;</li>
 * <li><b>return</b> (退单) — a unit sends a case back to triage with a coded reason: a routing error, counted
 * against the dispatch; the case waits in triage with a deadline of its own;</li>
 * <li><b>category</b> — the desk sets or confirms the category (a label), without moving the case.</li>
 * </ul>
 * A case moved to a unit whose policy assigns waits a moment for the router, which picks the member (so every
 * assignment follows the unit's one rotation). The hotline's own return to its platform is the desk action
 * {@code return}, untouched by this.
 */
final class RoutingActions {

    /** 退单 reasons: the four of 12345 practice, and other with a text. */
    static final Map<String, String> RETURN_REASONS = Map.of("wrong_area", "属地不符", "unclear_ownership", "权属不清",
            "overlapping_duties", "职能交叉", "incomplete_information", "信息不全", "other", "其他");

    /** The reasons in the order forms list them. */
    static final List<String> REASON_ORDER = List.of("wrong_area", "unclear_ownership", "overlapping_duties",
            "incomplete_information", "other");

    private final Pool pool;
    private final RoutingConfig config;
    private final RoutingStore store;
    private final RoutingMetrics metrics;
    private final Clock clock;

    RoutingActions(Pool pool, RoutingConfig config, RoutingStore store, RoutingMetrics metrics, Clock clock) {
        this.pool = pool;
        this.config = config;
        this.store = store;
        this.metrics = metrics;
        this.clock = clock;
    }

    /** Triage sends the case to {@code unitCode}; {@code category} (optional) is set on it and learnt from. */
    Future<JsonObject> dispatch(String reference, String unitCode, String categoryLabel, String note, String actor) {
        Units.Unit unit = handlingUnit(unitCode, "unit");
        String category = categoryLabel == null ? null : category(categoryLabel);
        Instant now = clock.instant();
        return pool.withTransaction(conn -> locked(conn, reference).compose(c -> {
            if (!"triage".equals(c.state())) {
                throw conflict(reference, "the case is with unit " + c.unit() + ", not in triage; that unit can "
                        + "transfer it (转办) or return it (退单)");
            }
            long id = c.record().caseId();
            String kept = category != null ? category : c.record().category();
            return store.wasReturned(conn, id).compose(returned -> {
                Future<Void> label = kept == null ? Future.succeededFuture()
                        : store.label(conn, id, kept, returned ? "re-route" : category == null
                                || category.equals(c.record().category()) ? "confirmed" : "set", actor, now);
                return label
                        .compose(v -> moveTo(conn, c, unit, now))
                        .compose(v -> category == null ? Future.succeededFuture()
                                : store.setCategory(conn, id, category, now))
                        .compose(v -> store.deskUpdateCase(conn, id, category, true, now))
                        .compose(v -> store.dispatch(conn, id, unit.code(), "triage", kept, null, actor, now))
                        .compose(v -> CaseActionStore.recordEvent(conn, id, now, actor, "dispatched",
                                new JsonObject().put("unit", unit.code()).put("category", kept).put("note", note)))
                        .map(v -> answer(reference, "dispatch", unit.code(), kept, actor, now));
            });
        })).onSuccess(a -> metrics.routed(unit.code(), "dispatch"));
    }

    /** 转办: the case's unit hands it to another. */
    Future<JsonObject> transfer(String reference, String unitCode, String note, String actor) {
        Units.Unit unit = handlingUnit(unitCode, "unit");
        Instant now = clock.instant();
        return pool.withTransaction(conn -> locked(conn, reference).compose(c -> {
            inHandlingUnit(c, reference);
            if (c.unit().equals(unit.code())) {
                throw HttpProblem.invalidFields(new JsonArray().add(error("unit", "is the unit the case is with")));
            }
            long id = c.record().caseId();
            return store.endDispatch(conn, id, "transferred", null, now)
                    .compose(v -> moveTo(conn, c, unit, now))
                    .compose(v -> store.deskUpdateCase(conn, id, null, true, now))
                    .compose(v -> store.dispatch(conn, id, unit.code(), "transfer", c.record().category(), null,
                            actor, now))
                    .compose(v -> CaseActionStore.recordEvent(conn, id, now, actor, "transferred",
                            new JsonObject().put("from", c.unit()).put("to", unit.code()).put("note", note)))
                    .map(v -> answer(reference, "transfer", unit.code(), c.record().category(), actor, now));
        })).onSuccess(a -> metrics.routed(unit.code(), "transfer"));
    }

    /** 退单: back to triage with a coded reason; a routing error. */
    Future<JsonObject> returnToTriage(String reference, String reasonCode, String reason, String note, String actor) {
        JsonArray errors = new JsonArray();
        if (reasonCode == null || !RETURN_REASONS.containsKey(reasonCode)) {
            errors.add(error("reasonCode", "is required: one of " + REASON_ORDER));
        } else if ("other".equals(reasonCode) && reason == null) {
            errors.add(error("reason", "is required with reasonCode other: what the reason is"));
        }
        if (!errors.isEmpty()) {
            return Future.failedFuture(HttpProblem.invalidFields(errors));
        }
        Units.Unit triage = config.units().triage();
        Instant now = clock.instant();
        String[] from = new String[1];
        return pool.withTransaction(conn -> locked(conn, reference).compose(c -> {
            inHandlingUnit(c, reference);
            from[0] = c.unit();
            long id = c.record().caseId();
            return store.endDispatch(conn, id, "returned", reasonCode, now)
                    .compose(v -> moveTo(conn, c, triage, now))
                    .compose(v -> store.deskUpdateCase(conn, id, null, true, now))
                    .compose(v -> CaseActionStore.recordEvent(conn, id, now, actor, "returned_to_triage",
                            new JsonObject().put("from", c.unit()).put("reasonCode", reasonCode)
                                    .put("reasonName", RETURN_REASONS.get(reasonCode)).put("reason", reason)
                                    .put("note", note)))
                    .map(v -> answer(reference, "return", triage.code(), c.record().category(), actor, now));
        })).onSuccess(a -> metrics.returned(from[0], reasonCode));
    }

    /** The desk sets or confirms the category; a label for the classifier. The case stays where it is. */
    Future<JsonObject> setCategory(String reference, String categoryLabel, String actor) {
        if (categoryLabel == null) {
            return Future.failedFuture(HttpProblem.invalidFields(new JsonArray().add(error("category",
                    "is required: " + config.taxonomies().describe()))));
        }
        String category = category(categoryLabel);
        Instant now = clock.instant();
        return pool.withTransaction(conn -> locked(conn, reference).compose(c -> {
            long id = c.record().caseId();
            String before = c.record().category();
            return store.label(conn, id, category, category.equals(before) ? "confirmed" : "set", actor, now)
                    .compose(v -> c.unit() == null ? Future.succeededFuture() : store.setCategory(conn, id, category, now))
                    .compose(v -> store.deskUpdateCase(conn, id, category, false, now))
                    .compose(v -> CaseActionStore.recordEvent(conn, id, now, actor, "category_set",
                            new JsonObject().put("from", before).put("to", category)))
                    .map(v -> answer(reference, "category", c.unit(), category, actor, now));
        }));
    }

    private Future<RoutingStore.Locked> locked(SqlConnection conn, String reference) {
        return store.lockCase(conn, reference).map(found -> {
            RoutingStore.Locked c = found.orElseThrow(() -> HttpProblem.notFound("no case with reference " + reference));
            if (!c.record().open()) {
                throw conflict(reference, "the case is " + c.record().status());
            }
            return c;
        });
    }

    private void inHandlingUnit(RoutingStore.Locked c, String reference) {
        if (c.unit() == null) {
            throw conflict(reference, "the case has not been routed yet");
        }
        if (!"routed".equals(c.state())) {
            throw conflict(reference, "the case waits in triage; triage dispatches it to a unit");
        }
    }

    /** The case is now with {@code unit}: its deadline there starts, and its policy's member is picked next. */
    private Future<Void> moveTo(SqlConnection conn, RoutingStore.Locked c, Units.Unit unit, Instant now) {
        long id = c.record().caseId();
        Future<Void> moved = store.move(conn, id, unit.code(), unit.triage() ? "triage" : "routed",
                config.dueAt(unit, unit.deadline(), now), now);
        return unit.policy() == Units.Policy.NONE ? moved : moved.compose(v -> store.enqueue(conn, id, "assign", now));
    }

    private Units.Unit handlingUnit(String code, String field) {
        Units.Unit unit = config.units().get(code).orElseThrow(() -> HttpProblem.invalidFields(new JsonArray()
                .add(error(field, code == null ? "is required; " + config.units().describe()
                        : "'" + code + "' is not a unit; " + config.units().describe()))));
        if (unit.triage()) {
            throw HttpProblem.invalidFields(new JsonArray().add(error(field,
                    "is triage; a unit returns a case to triage with return (退单)")));
        }
        return unit;
    }

    private String category(String label) {
        return config.taxonomies().resolve(label).orElseThrow(() -> HttpProblem.invalidFields(new JsonArray()
                .add(error("category", "'" + label + "' is not a category; " + config.taxonomies().describe()))));
    }

    private static HttpProblem conflict(String reference, String why) {
        return new HttpProblem(409, "routing-conflict", "Not possible now", "case " + reference + ": " + why);
    }

    private static JsonObject error(String field, String message) {
        return new JsonObject().put("field", field).put("message", message);
    }

    private static JsonObject answer(String reference, String action, String unit, String category, String actor,
                                     Instant at) {
        return new JsonObject().put("reference", reference).put("action", action).put("unit", unit)
                .put("category", category).put("actor", actor).put("at", at.toString());
    }
}
