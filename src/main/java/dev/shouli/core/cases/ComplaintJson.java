package dev.shouli.core.cases;

import dev.shouli.core.domain.Complaint;
import dev.shouli.core.domain.ComplaintKind;
import dev.shouli.core.domain.Deadlines;
import dev.shouli.core.domain.Location;
import dev.shouli.core.domain.Product;
import dev.shouli.core.domain.Urgency;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * A whole normalised complaint as JSON (without attachment bytes, which stay in their table), kept for each
 * submission merged into another case so it can become a case of its own again.
 */
public final class ComplaintJson {

    private ComplaintJson() {
    }

    public static JsonObject of(Complaint c) {
        JsonObject o = new JsonObject()
                .put("kind", c.kind().code())
                .put("channel", c.channel())
                .put("receivedAt", c.receivedAt().toString())
                .put("occurredAt", c.occurredAt() == null ? null : c.occurredAt().toString())
                .put("complainant", RecordJson.complainant(c.complainant()))
                .put("respondent", RecordJson.respondent(c.respondent()))
                .put("demand", RecordJson.demand(c.demand()))
                .put("subject", c.subject())
                .put("description", c.description())
                .put("language", c.language())
                .put("category", c.category())
                .put("urgency", c.urgency().code())
                .put("product", RecordJson.product(c.product()))
                .put("location", RecordJson.location(c.location()));
        Deadlines d = c.sourceDeadlines();
        if (d != null) {
            o.put("sourceDeadlines", new JsonObject()
                    .put("acknowledgeBy", str(d.acknowledgeBy()))
                    .put("firstResponseBy", str(d.firstResponseBy()))
                    .put("resolveBy", str(d.resolveBy())));
        }
        return o;
    }

    public static Complaint complaint(JsonObject o) {
        JsonObject d = o.getJsonObject("sourceDeadlines");
        return new Complaint(ComplaintKind.parse(o.getString("kind")).orElseThrow(), o.getString("channel"),
                Instant.parse(o.getString("receivedAt")),
                o.getString("occurredAt") == null ? null : OffsetDateTime.parse(o.getString("occurredAt")),
                RecordJson.complainant(o.getJsonObject("complainant")),
                RecordJson.respondent(o.getJsonObject("respondent")),
                RecordJson.demand(o.getJsonObject("demand")),
                o.getString("subject"), o.getString("description"), o.getString("language"),
                o.getString("category"), Urgency.parse(o.getString("urgency")).orElseThrow(),
                o.getJsonObject("product") == null ? Product.empty() : RecordJson.product(o.getJsonObject("product")),
                o.getJsonObject("location") == null ? Location.empty()
                        : RecordJson.location(o.getJsonObject("location")),
                List.of(),
                d == null ? null : new Deadlines(instant(d.getString("acknowledgeBy")),
                        instant(d.getString("firstResponseBy")), instant(d.getString("resolveBy"))));
    }

    private static String str(Instant i) {
        return i == null ? null : i.toString();
    }

    private static Instant instant(String s) {
        return s == null ? null : Instant.parse(s);
    }
}
