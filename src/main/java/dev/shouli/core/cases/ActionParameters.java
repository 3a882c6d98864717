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
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Checks what the desk sent with an action before anything is locked: which fields each action takes, which
 * it needs, and their forms. Every problem is reported at once as 422 with one entry per field.
 *
 * <p>Every action also takes {@code publicNote} (shown on the citizen status page), {@code notify} ({@code true}:
 * tell the complainant the public note or result through their own channel as well), {@code requestKey} (the same
 * key on the same case a second time is the same action: a double submit, a batch run again after a crash) and,
 * for the texts a complainant reads, one variant per language ({@code text@en}, {@code publicNote@zh-Hant}): the
 * case's language picks one (see {@link ActionTexts}).
 */
public final class ActionParameters {

    private static final int MAX_TEXT = 2000;
    /** A reply by e-mail may be a letter; an SMS reply is held to {@link #MAX_SMS_REPLY} when the channel is known. */
    static final int MAX_REPLY = 10_000;
    static final int MAX_SMS_REPLY = 500;
    static final String PUBLIC_NOTE = "publicNote";
    static final String NOTIFY = "notify";
    static final String REQUEST_KEY = "requestKey";
    /** {@code text@en}: a text in one language; the plain field is the fallback. */
    static final Pattern VARIANT = Pattern.compile("(text|subject|result|publicNote)@(zh-Hans|zh-Hant|en)");

    private static final Map<DeskAction, Set<String>> ACCEPTED = Map.of(
            DeskAction.ASSIGN, Set.of("assignee", "note"),
            DeskAction.PAUSE, Set.of("reason", "note"),
            // newDeadline and reasonCode are the hotline vocabulary (延期 date, 退单 reason code); hooks read them.
            DeskAction.EXTEND, Set.of("deadline", "until", "newDeadline", "by", "reason", "note"),
            DeskAction.RETURN, Set.of("reason", "reasonCode", "note"),
            DeskAction.RESOLVE, Set.of("result", "note"),
            DeskAction.REOPEN, Set.of("reason", "note"),
            DeskAction.REPLY, Set.of("text", "subject", "note"),
            // 电话回复: what was said, who called, when (default: the actor, now).
            DeskAction.PHONE_REPLY, Set.of("summary", "caller", "calledAt", "note"));

    private ActionParameters() {
    }

    public static JsonObject check(DeskAction action, JsonObject body) {
        JsonArray errors = new JsonArray();
        Set<String> accepted = new TreeSet<>(ACCEPTED.getOrDefault(action, Set.of("note")));
        accepted.add(PUBLIC_NOTE);
        accepted.add(NOTIFY);
        accepted.add(REQUEST_KEY);
        for (String field : body.fieldNames()) {
            String base = VARIANT.matcher(field).matches() ? field.substring(0, field.indexOf('@')) : null;
            if (!accepted.contains(field) && (base == null || !accepted.contains(base))) {
                errors.add(error(field, "is not taken by " + action.code() + "; it takes " + accepted
                        + " (texts also as text@zh-Hans, text@zh-Hant, text@en)"));
            } else if (field.equals(NOTIFY)) {
                Object v = body.getValue(field);
                if (!(v instanceof Boolean) && !"true".equals(v) && !"false".equals(v)) {
                    errors.add(error(field, "must be true or false"));
                }
            } else if (!(body.getValue(field) instanceof String s) || s.isBlank() || s.length() > max(field)) {
                errors.add(error(field, "must be a non-empty string of at most " + max(field) + " characters"));
            }
        }
        if (!errors.isEmpty()) {
            throw HttpProblem.invalidFields(errors);
        }
        if (body.getValue(NOTIFY) instanceof String s) {
            body.put(NOTIFY, Boolean.parseBoolean(s));
        }
        switch (action) {
            case ASSIGN -> required(body, "assignee", errors);
            case RETURN -> {
                if (!body.containsKey("reason") && !body.containsKey("reasonCode")) {
                    errors.add(error("reason", "is required (or reasonCode for a hotline ticket)"));
                }
            }
            case EXTEND -> checkExtension(body, errors);
            case REPLY -> required(body, "text", errors);
            case PHONE_REPLY -> {
                required(body, "summary", errors);
                dateTime(body, "calledAt", errors);
            }
            case NOTE -> {
                if (body.fieldNames().stream().noneMatch(f -> f.equals("note") || f.startsWith(PUBLIC_NOTE))) {
                    errors.add(error(PUBLIC_NOTE, "is required (or note, for the desk only)"));
                }
            }
            default -> { }
        }
        if (!errors.isEmpty()) {
            throw HttpProblem.invalidFields(errors);
        }
        return body;
    }

    /** Whether the action asks for the complainant to be told its public note or result. */
    static boolean notify(JsonObject parameters) {
        return Boolean.TRUE.equals(parameters.getValue(NOTIFY));
    }

    private static int max(String field) {
        return field.equals("text") || field.startsWith("text@") ? MAX_REPLY : MAX_TEXT;
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

    /** An optional ISO-8601 date-time with offset, normalised to UTC. */
    private static void dateTime(JsonObject body, String field, JsonArray errors) {
        if (!body.containsKey(field)) {
            return;
        }
        try {
            body.put(field, OffsetDateTime.parse(body.getString(field)).toInstant().toString());
        } catch (DateTimeParseException e) {
            errors.add(error(field, "must be an ISO-8601 date-time with offset, e.g. 2026-10-09T18:00:00+08:00"));
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
