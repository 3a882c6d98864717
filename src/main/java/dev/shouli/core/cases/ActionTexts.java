package dev.shouli.core.cases;

import dev.shouli.core.domain.Wording;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;

/**
 * The texts of an action as its complainant reads them. A text may come in one variant per language
 * ({@code text@en}): the case's language picks one, the plain field is the fallback, and only the chosen text is
 * kept. Placeholders are filled from the case, so one template serves every case of a batch or an incident:
 * {@code {reference}} {@code {name}} {@code {respondent}} {@code {dueDate}} (or {@code {编号}} {@code {姓名}}
 * {@code {被投诉方}} {@code {期限}}).
 */
final class ActionTexts {

    /** The fields a complainant may read (a reply, its subject, a result, a public note, a phone reply's summary). */
    static final List<String> READ_BY_COMPLAINANT = List.of("text", "subject", "result", "publicNote", "summary");

    /** What the placeholders are filled with; any may be empty. */
    record Facts(String reference, String name, String respondent, String dueDate) {
        Map<String, String> values() {
            return Map.of("{reference}", reference, "{编号}", reference,
                    "{name}", nonNull(name), "{姓名}", nonNull(name),
                    "{respondent}", nonNull(respondent), "{被投诉方}", nonNull(respondent),
                    "{dueDate}", nonNull(dueDate), "{期限}", nonNull(dueDate));
        }
    }

    private ActionTexts() {
    }

    /** A copy of {@code parameters} with one text per field, in the case's language, placeholders filled. */
    static JsonObject personalise(JsonObject parameters, String language, Facts facts) {
        String tag = switch (Wording.of(language)) {
            case HANS -> "zh-Hans";
            case HANT -> "zh-Hant";
            case EN -> "en";
        };
        JsonObject out = new JsonObject();
        for (Map.Entry<String, Object> e : parameters) {
            if (!ActionParameters.VARIANT.matcher(e.getKey()).matches()) {
                out.put(e.getKey(), e.getValue());
            }
        }
        for (String field : READ_BY_COMPLAINANT) {
            Object chosen = parameters.getValue(field + "@" + tag, parameters.getValue(field));
            if (chosen == null) {
                // Only variants in other languages: the first given stands in for the plain field.
                chosen = parameters.fieldNames().stream().filter(f -> f.startsWith(field + "@")).sorted().findFirst()
                        .map(parameters::getValue).orElse(null);
            }
            if (chosen instanceof String text) {
                out.put(field, fill(text, facts));
            }
        }
        return out;
    }

    static String fill(String text, Facts facts) {
        String out = text;
        for (Map.Entry<String, String> p : facts.values().entrySet()) {
            out = out.replace(p.getKey(), p.getValue());
        }
        return out;
    }

    private static String nonNull(String s) {
        return s == null ? "" : s;
    }
}
