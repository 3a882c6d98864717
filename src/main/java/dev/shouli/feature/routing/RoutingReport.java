package dev.shouli.feature.routing;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How the units did with the cases sent to them in a period: received (dispatches to the unit), handled (still
 * there and resolved or closed), returned (退单, routing errors) by reason, transferred (转办), and the
 * first-dispatch-correct rate — of the cases whose first dispatch went to the unit, the share it did not return.
 * Per unit and per category in it; triage's queue beside them.
 */
final class RoutingReport {

    private final Pool pool;
    private final RoutingConfig config;
    private final RoutingReportStore store;
    private final ZoneId zone;
    private final Clock clock;

    RoutingReport(Pool pool, RoutingConfig config, RoutingReportStore store, ZoneId zone, Clock clock) {
        this.pool = pool;
        this.config = config;
        this.store = store;
        this.zone = zone;
        this.clock = clock;
    }

    ZoneId zone() {
        return zone;
    }

    /** Dispatches made from {@code from} (inclusive) to {@code to} (exclusive), local dates. */
    Future<JsonObject> between(LocalDate from, LocalDate to) {
        var since = from.atStartOfDay(zone).toInstant();
        var until = to.atStartOfDay(zone).toInstant();
        Future<List<RoutingReportStore.Row>> rows = store.dispatches(pool, since, until);
        Future<Map<String, Map<String, Long>>> reasons = store.returnReasons(pool, since, until);
        Future<JsonObject> triage = store.triage(pool, since, until, clock.instant());
        return Future.all(rows, reasons, triage).map(v -> {
            Map<String, JsonObject> units = new LinkedHashMap<>();
            for (Units.Unit unit : config.units().all()) {
                if (!unit.triage()) {
                    units.put(unit.code(), empty().put("unit", unit.code()).put("categories", new JsonObject())
                            .put("returnReasons", new JsonObject()));
                }
            }
            for (RoutingReportStore.Row r : rows.result()) {
                JsonObject unit = units.computeIfAbsent(r.unit(), u -> empty().put("unit", u)
                        .put("categories", new JsonObject()).put("returnReasons", new JsonObject()));
                add(unit, r);
                JsonObject categories = unit.getJsonObject("categories");
                String category = r.category().isEmpty() ? "_none" : r.category();
                JsonObject c = categories.getJsonObject(category);
                if (c == null) {
                    c = empty();
                    categories.put(category, c);
                }
                add(c, r);
            }
            reasons.result().forEach((unit, byReason) -> {
                JsonObject u = units.get(unit);
                if (u != null) {
                    byReason.forEach((reason, n) -> u.getJsonObject("returnReasons").put(reason, n));
                }
            });
            JsonArray out = new JsonArray();
            units.values().forEach(u -> {
                rate(u);
                u.getJsonObject("categories").forEach(e -> rate((JsonObject) e.getValue()));
                out.add(u);
            });
            return new JsonObject().put("from", from.toString()).put("to", to.toString()).put("units", out)
                    .put("triage", triage.result());
        });
    }

    private static JsonObject empty() {
        return new JsonObject().put("received", 0L).put("handled", 0L).put("returned", 0L).put("transferred", 0L)
                .put("firstDispatches", 0L).put("firstDispatchesNotReturned", 0L);
    }

    private static void add(JsonObject to, RoutingReportStore.Row r) {
        to.put("received", to.getLong("received") + r.received());
        to.put("handled", to.getLong("handled") + r.handled());
        to.put("returned", to.getLong("returned") + r.returned());
        to.put("transferred", to.getLong("transferred") + r.transferred());
        to.put("firstDispatches", to.getLong("firstDispatches") + r.first());
        to.put("firstDispatchesNotReturned", to.getLong("firstDispatchesNotReturned") + r.firstKept());
    }

    /** The first-dispatch-correct rate; null when nothing was first dispatched there. */
    private static void rate(JsonObject o) {
        long first = o.getLong("firstDispatches");
        o.put("firstDispatchCorrectRate", first == 0 ? null
                : Math.round(10_000.0 * o.getLong("firstDispatchesNotReturned") / first) / 10_000.0);
    }
}
