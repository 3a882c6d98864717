package dev.shouli.feature.console;

import dev.shouli.core.cases.DeskAction;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.List;

/**
 * An action's parameters as a console form sends them: the fields filled in, a local date-time read in
 * {@code intake.timeZone}, the "tell the complainant" box (ticked or not: always said), and a chosen template turned
 * into one text per language ({@code text@zh-Hans}, …) for the action to pick from by each case's language — unless
 * the text was written by hand. The action checks them ({@code ActionParameters}).
 */
final class ActionFormFields {

    /** Every parameter a console form may carry. */
    static final List<String> FIELDS = List.of("assignee", "note", "publicNote", "reason", "result", "deadline", "by",
            "until", "text", "subject", "summary", "caller", "calledAt");
    private static final List<String> TIMES = List.of("until", "calledAt");

    private final ZoneId zone;
    private final TemplateStore templates;

    ActionFormFields(ZoneId zone, TemplateStore templates) {
        this.zone = zone;
        this.templates = templates;
    }

    Future<JsonObject> read(RoutingContext ctx, DeskAction action) {
        JsonObject p = new JsonObject();
        for (String field : FIELDS) {
            String value = ctx.request().getFormAttribute(field);
            if (value != null && !value.isBlank()) {
                p.put(field, TIMES.contains(field) ? localToOffset(value) : value.strip());
            }
        }
        // The form sends notify=false always and notify=true as well when the box is ticked.
        List<String> notify = ctx.request().formAttributes().getAll("notify");
        if (!notify.isEmpty()) {
            p.put("notify", notify.contains("true") || notify.contains("on"));
        }
        String template = ctx.request().getFormAttribute("template");
        String field = templated(action);
        if (template == null || !template.matches("\\d{1,12}") || field == null || p.containsKey(field)) {
            return Future.succeededFuture(p);
        }
        return templates.byId(Long.parseLong(template)).map(found -> {
            found.ifPresent(t -> t.bodies().forEach(e -> {
                p.put(field + "@" + e.getKey(), e.getValue());
                if ("zh-Hans".equals(e.getKey())) {
                    p.put(field, e.getValue());
                }
            }));
            return p;
        });
    }

    /** Which text of an action a template fills: a reply's text, a resolve's result, else the public note. */
    static String templated(DeskAction action) {
        return switch (action) {
            case REPLY -> "text";
            case RESOLVE -> "result";
            case PHONE_REPLY -> null;
            default -> "publicNote";
        };
    }

    String localToOffset(String value) {
        try {
            return LocalDateTime.parse(value.strip()).atZone(zone).toOffsetDateTime().toString();
        } catch (DateTimeParseException e) {
            return value;
        }
    }
}
