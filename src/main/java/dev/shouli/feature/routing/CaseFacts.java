package dev.shouli.feature.routing;

import dev.shouli.feature.dedup.GeoPoint;
import dev.shouli.feature.dedup.RespondentKey;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;

/**
 * What routing rules look at in a case: its record, and the category classification gave it.
 *
 * @param category    the decided category (the source's code, a keyword rule's, the model's); null when the
 *                    classifier abstained — then a rule about categories can be neither true nor false
 * @param place       where it happened and where the respondent is, folded (for district names)
 * @param text        subject and description, folded (for keywords)
 */
record CaseFacts(long caseId, String reference, String channel, String kind, String urgency, String category,
                 RespondentKey respondent, String place, GeoPoint point, BigDecimal amount, String text) {

    private static final RespondentKey.Normaliser RESPONDENTS = new RespondentKey.Normaliser(java.util.Map.of());

    /** The record as stored (the desk API's JSON members) and the classification's category. */
    static CaseFacts of(long caseId, String reference, String channel, String kind, String urgency, String subject,
                        String description, JsonObject respondent, JsonObject location, JsonObject demand,
                        String category) {
        JsonObject r = respondent == null ? new JsonObject() : respondent;
        JsonObject l = location == null ? new JsonObject() : location;
        String place = Features.normalise(String.join(" ", nonNull(l.getString("address")),
                nonNull(r.getString("address"))));
        return new CaseFacts(caseId, reference, channel, kind, urgency, category,
                RESPONDENTS.of(nonNull(r.getString("organisation")), r.getString("branch")), place,
                GeoPoint.of(number(l.getValue("lat")), number(l.getValue("long"))), amount(demand),
                Features.normalise(Features.text(subject, description)));
    }

    CaseFacts withCategory(String decided) {
        return new CaseFacts(caseId, reference, channel, kind, urgency, decided, respondent, place, point, amount,
                text);
    }

    static RespondentKey respondentKey(String name) {
        return RESPONDENTS.of(name, null);
    }

    private static String nonNull(String s) {
        return s == null ? "" : s;
    }

    private static Double number(Object v) {
        return v instanceof Number n ? n.doubleValue() : null;
    }

    private static BigDecimal amount(JsonObject demand) {
        if (demand == null || demand.getValue("amount") == null) {
            return null;
        }
        try {
            return new BigDecimal(String.valueOf(demand.getValue("amount")).strip());
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
