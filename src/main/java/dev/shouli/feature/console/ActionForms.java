package dev.shouli.feature.console;

import static dev.shouli.feature.console.Html.attr;
import static dev.shouli.feature.console.Html.text;

import dev.shouli.core.cases.Assignees.Assignee;
import dev.shouli.core.cases.DeskAction;
import dev.shouli.core.domain.CaseStatus;
import java.util.List;
import java.util.Map;

/**
 * One small form per desk action the case allows now, each with that action's parameters (the same ones the
 * desk API takes), posted to {@code /desk/cases/{ref}/actions/{action}} and carried out by CaseActionService.
 */
final class ActionForms {

    /**
     * The parameters each action's form asks for, in order; the first of RETURN and EXTEND is required. Every
     * action ends with {@code publicNote}, the one text the complainant sees on the status page ({@code note}
     * stays internal).
     */
    private static final Map<DeskAction, List<String>> FIELDS = Map.of(
            DeskAction.ACKNOWLEDGE, List.of("note", "publicNote"),
            DeskAction.ASSIGN, List.of("assignee", "note", "publicNote"),
            DeskAction.START, List.of("note", "publicNote"),
            DeskAction.PAUSE, List.of("reason", "note", "publicNote"),
            DeskAction.RESUME, List.of("note", "publicNote"),
            DeskAction.EXTEND, List.of("reason", "deadline", "by", "until", "publicNote"),
            DeskAction.RETURN, List.of("reason", "note", "publicNote"),
            DeskAction.RESOLVE, List.of("result", "note", "publicNote"),
            DeskAction.CLOSE, List.of("note", "publicNote"),
            DeskAction.REOPEN, List.of("reason", "note", "publicNote"));

    private ActionForms() {
    }

    /** @param assignees the active desk users, the only names 分派 takes */
    static String render(Viewer v, String reference, String status, boolean waiting, List<Assignee> assignees) {
        Texts t = v.t();
        CaseStatus current = CaseStatus.parse(status).orElse(CaseStatus.NEW);
        StringBuilder b = new StringBuilder();
        for (DeskAction action : DeskAction.values()) {
            // Replies have a card of their own (the reply, the phone reply).
            if (!FIELDS.containsKey(action) || !action.allowedFrom().contains(current)
                    || action == DeskAction.PAUSE && waiting || action == DeskAction.RESUME && !waiting) {
                continue;
            }
            String id = "a-" + action.code();
            b.append("<details class=\"action\"><summary>").append(text(t.get("action." + action.code())))
                    .append("</summary>\n<form method=\"post\" action=\"/desk/cases/").append(attr(reference))
                    .append("/actions/").append(action.code()).append("\">").append(Layout.csrf(v)).append('\n');
            for (String field : FIELDS.get(action)) {
                field(b, t, v, id, action, field, assignees);
            }
            b.append("<div><button type=\"submit\">").append(text(t.get("action." + action.code())))
                    .append("</button></div>\n</form></details>\n");
        }
        return b.toString();
    }

    /** The active users by display name, the viewer first chosen; the value sent is the user name. */
    static void assigneeSelect(StringBuilder b, String fieldId, String chosen, List<Assignee> assignees) {
        b.append("<select id=\"").append(fieldId).append("\" name=\"assignee\" required>");
        for (Assignee a : assignees) {
            b.append("<option value=\"").append(attr(a.username())).append('"')
                    .append(a.username().equals(chosen) ? " selected" : "").append('>').append(text(a.displayName()));
            if (!a.displayName().equals(a.username())) {
                b.append(" (").append(text(a.username())).append(')');
            }
            b.append("</option>");
        }
        b.append("</select>");
    }

    private static void field(StringBuilder b, Texts t, Viewer v, String id, DeskAction action, String field,
                              List<Assignee> assignees) {
        String fieldId = id + "-" + field;
        b.append("<div><label for=\"").append(fieldId).append("\">").append(text(t.get("param." + field)))
                .append("</label>");
        boolean required = field.equals("assignee") || field.equals("reason")
                && (action == DeskAction.RETURN || action == DeskAction.EXTEND);
        switch (field) {
            case "deadline" -> {
                b.append("<select id=\"").append(fieldId).append("\" name=\"deadline\">");
                for (String kind : List.of("resolution", "reply", "first_response")) {
                    b.append("<option value=\"").append(kind).append("\">").append(text(t.code("deadline", kind)))
                            .append("</option>");
                }
                b.append("</select>");
            }
            case "until" -> b.append("<input type=\"datetime-local\" id=\"").append(fieldId).append("\" name=\"until\">");
            case "by" -> b.append("<input type=\"text\" id=\"").append(fieldId)
                    .append("\" name=\"by\" placeholder=\"3wd\" maxlength=\"20\">");
            case "assignee" -> assigneeSelect(b, fieldId, v.actor(), assignees);
            case "note", "result", "publicNote" -> b.append("<textarea id=\"").append(fieldId).append("\" name=\"")
                    .append(field).append("\" maxlength=\"2000\" rows=\"3\"")
                    .append("></textarea>");
            default -> b.append("<input type=\"text\" id=\"").append(fieldId).append("\" name=\"").append(field)
                    .append("\" maxlength=\"2000\"").append(required ? " required" : "").append('>');
        }
        b.append("</div>\n");
    }
}
