package dev.shouli.core.cases;

import dev.shouli.core.domain.Complainant;
import dev.shouli.core.domain.Demand;
import dev.shouli.core.domain.DemandType;
import dev.shouli.core.domain.Location;
import dev.shouli.core.domain.Product;
import dev.shouli.core.domain.Respondent;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * The parts of a record as JSON, with the desk API's camelCase names. Used for the JSONB columns and for the
 * desk API, so what is stored is what is shown. Absent values are left out rather than written as null.
 */
public final class RecordJson {

    private RecordJson() {
    }

    public static JsonObject complainant(Complainant c) {
        JsonObject o = new JsonObject();
        putIfPresent(o, "name", c.name());
        putIfPresent(o, "phone", c.phone());
        putIfPresent(o, "email", c.email());
        putIfPresent(o, "address", c.address());
        putIfPresent(o, "customerId", c.customerId());
        o.put("confidential", c.confidential());
        return o;
    }

    public static Complainant complainant(JsonObject o) {
        return new Complainant(o.getString("name"), o.getString("phone"), o.getString("email"),
                o.getString("address"), o.getString("customerId"), o.getBoolean("confidential", false));
    }

    public static JsonObject respondent(Respondent r) {
        JsonObject o = new JsonObject();
        putIfPresent(o, "organisation", r.organisation());
        putIfPresent(o, "branch", r.branch());
        putIfPresent(o, "address", r.address());
        putIfPresent(o, "staff", r.staff());
        return o;
    }

    public static Respondent respondent(JsonObject o) {
        return new Respondent(o.getString("organisation"), o.getString("branch"), o.getString("address"),
                o.getString("staff"));
    }

    public static JsonObject demand(Demand d) {
        JsonObject o = new JsonObject();
        putIfPresent(o, "text", d.text());
        JsonArray types = new JsonArray();
        d.types().forEach(t -> types.add(t.code()));
        o.put("types", types);
        if (d.amount() != null) {
            o.put("amount", d.amount().toPlainString());
        }
        putIfPresent(o, "currency", d.currency());
        return o;
    }

    public static Demand demand(JsonObject o) {
        List<DemandType> types = new ArrayList<>();
        o.getJsonArray("types", new JsonArray()).forEach(t -> DemandType.parse((String) t).ifPresent(types::add));
        String amount = o.getString("amount");
        return new Demand(o.getString("text"), types, amount == null ? null : new BigDecimal(amount),
                o.getString("currency"));
    }

    public static JsonObject product(Product p) {
        JsonObject o = new JsonObject();
        putIfPresent(o, "purchasedAt", p.purchasedAt());
        putIfPresent(o, "brand", p.brand());
        putIfPresent(o, "model", p.model());
        putIfPresent(o, "quantity", p.quantity());
        if (p.price() != null) {
            o.put("price", p.price().toPlainString());
        }
        putIfPresent(o, "orderNumber", p.orderNumber());
        return o;
    }

    public static Product product(JsonObject o) {
        String price = o.getString("price");
        return new Product(o.getString("purchasedAt"), o.getString("brand"), o.getString("model"),
                o.getInteger("quantity"), price == null ? null : new BigDecimal(price), o.getString("orderNumber"));
    }

    public static JsonObject location(Location l) {
        JsonObject o = new JsonObject();
        putIfPresent(o, "address", l.address());
        putIfPresent(o, "lat", l.latitude());
        putIfPresent(o, "long", l.longitude());
        return o;
    }

    public static Location location(JsonObject o) {
        return new Location(o.getString("address"), o.getDouble("lat"), o.getDouble("long"));
    }

    private static void putIfPresent(JsonObject o, String key, Object value) {
        if (value != null) {
            o.put(key, value);
        }
    }
}
