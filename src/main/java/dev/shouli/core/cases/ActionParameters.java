package dev.shouli.core.cases;

import dev.shouli.core.http.HttpProblem;
import dev.shouli.core.sla.DeadlineKind;
import dev.shouli.core.sla.SlaAmount;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Set;

/**
 * Checks what the desk sent with an action before anything is locked: which fields each action takes, which
 * it needs, and their forms. Every problem is reported at once as 422 with one entry per field.
 */
public final class ActionParameters {

    private static final int MAX_TEXT = 2000;
    static final String PUBLIC_NOTE = "publicNote";

    private static final Map<DeskAction, Set<String>> ACCEPTED = Map.of(
            DeskAction.ASSIGN, Set.of("assignee", "note"),
            DeskAction.PAUSE, Set.of("reason", "note"),
            // newDeadline and reasonCode are the hotline vocabulary (延期 date, 退单 reason code); hooks read them.
            DeskAction.EXTEND, Set.of("deadline", "until", "newDeadline", "by", "reason", "note"),
            DeskAction.RETURN, Set.of("reason", "reasonCode", "note"),
            DeskAction.RESOLVE, Set.of("result", "note"),
            DeskAction.REOPEN, Set.of("reason", "note"));

    private ActionParameters() {
    }

    public static JsonObject check(DeskAction action, JsonObject body) {
        JsonArray errors = new JsonArray();
        Set<String> accepted = new java.util.TreeSet<>(ACCEPTED.getOrDefault(action, Set.of("note")));
        // Every action may carry a note for the complainant: shown on the citizen status page (note stays internal).
        accepted.add(PUBLIC_NOTE);
        for (String field : body.fieldNames()) {
            if (!accepted.contains(field)) {
                errors.add(error(field, "is not taken by " + action.code() + "; it takes " + accepted));
            } else if (!(body.getValue(field) instanceof String s) || s.isBlank() || s.length() > MAX_TEXT) {
                errors.add(error(field, "must be a non-empty string of at most " + MAX_TEXT + " characters"));
            }
        }
        if (!errors.isEmpty()) {
            throw HttpProblem.invalidFields(errors);
        }
        switch (action) {
            case ASSIGN -> required(body, "assignee", errors);
            case RETURN -> {
                if (!body.containsKey("reason") && !body.containsKey("reasonCode")) {
                    errors.add(error("reason", "is required (or reasonCode for a hotline ticket)"));
                }
            }
            case EXTEND -> checkExtension(body, errors);
            default -> { }
        }
        if (!errors.isEmpty()) {
            throw HttpProblem.invalidFields(errors);
        }
        return body;
    }

    private static void checkExtension(JsonObject body, JsonArray errors) {
        required(body, "reason", errors);
        String deadline = body.getString("deadline", "resolution");
        if (DeadlineKind.parse(deadline).filter(k -> k != DeadlineKind.RECEIPT).isEmpty()) {
            errors.add(error("deadline", "must be first_response, reply or resolution"));
        }
        String untilField = body.containsKey("until") ? "until" : "newDeadline";
        boolean absolute = body.containsKey("until") || body.containsKey("newDeadline");
        if (absolute == body.containsKey("by") || body.containsKey("until") && body.containsKey("newDeadline")) {
            errors.add(error("until", "give either until (a date-time) or by (an allowance such as 3wd), not both"));
            return;
        }
        if (absolute) {
            try {
                body.put("until", OffsetDateTime.parse(body.getString(untilField)).toInstant().toString());
            } catch (DateTimeParseException e) {
                errors.add(error(untilField, "must be an ISO-8601 date-time with offset, e.g. 2026-10-09T18:00:00+08:00"));
            }
        } else {
            try {
                SlaAmount.parse(body.getString("by"));
            } catch (IllegalArgumentException e) {
                errors.add(error("by", e.getMessage()));
            }
        }
    }

    private static void required(JsonObject body, String field, JsonArray errors) {
        if (!body.containsKey(field)) {
            errors.add(error(field, "is required"));
        }
    }

    private static JsonObject error(String field, String message) {
        return new JsonObject().put("field", field).put("message", message);
    }
}
