package dev.shouli.feature.console;

import dev.shouli.core.http.HttpProblem;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * Why the desk's action was refused, in the console's language: the API's problem keeps its machine codes
 * (invalid-transition with the case's status, cannot-deliver with why, invalid-fields with each field), and the
 * console says them in words.
 */
final class Refusals {

    private Refusals() {
    }

    static String of(Texts t, HttpProblem p) {
        JsonObject json = p.toJson();
        String type = p.type().substring(p.type().lastIndexOf('/') + 1);
        return of(t, type, json.getString("action"), json.getString("caseStatus"), json.getString("refusal"),
                json.getJsonArray("errors"), p.getMessage());
    }

    /** The same from a batch item's recorded refusal (its code, the case's status then, the detail). */
    static String ofItem(Texts t, String code, String action, String caseStatus, String detail) {
        String base = code == null ? "" : code;
        String refusal = base.startsWith("cannot-deliver:") ? base.substring("cannot-deliver:".length()) : null;
        return of(t, refusal != null ? "cannot-deliver" : base, action, caseStatus, refusal, null, detail);
    }

    private static String of(Texts t, String type, String action, String caseStatus, String refusal, JsonArray errors,
                             String detail) {
        return switch (type) {
            case "invalid-transition" -> caseStatus == null ? t.get("refusal.transitionNow", t.code("action", action))
                    : t.get("refusal.transition", t.code("status", caseStatus), t.code("action", action));
            case "cannot-deliver" -> t.get("refusal.cannotDeliver", t.code("refusalWhy", refusal));
            case "invalid-fields" -> t.get("refusal.fields", fields(t, errors));
            case "not-found" -> t.get("error.notFound");
            case "possible-duplicate" -> t.get("refusal.duplicateDecided");
            default -> t.get("refusal.other", detail == null ? "" : detail);
        };
    }

    private static String fields(Texts t, JsonArray errors) {
        if (errors == null || errors.isEmpty()) {
            return "";
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < errors.size(); i++) {
            String field = errors.getJsonObject(i).getString("field", "");
            String base = field.contains("@") ? field.substring(0, field.indexOf('@')) : field;
            out.append(out.isEmpty() ? "" : "、").append(t.code("param", base));
        }
        return out.toString();
    }
}
