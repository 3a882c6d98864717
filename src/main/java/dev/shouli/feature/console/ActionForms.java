package dev.shouli.feature.console;

import static dev.shouli.feature.console.Html.attr;
import static dev.shouli.feature.console.Html.text;

import dev.shouli.core.cases.Assignees.Assignee;
import dev.shouli.core.cases.DeskAction;
import dev.shouli.core.domain.CaseStatus;
import dev.shouli.feature.console.TemplateStore.Template;
import java.util.List;
import java.util.Map;

/**
 * One small form per desk action, each with that action's parameters (the same ones the desk API takes): on a
 * case, the actions it allows now, posted to {@code /desk/cases/{ref}/actions/{action}}; on an incident, every
 * action, posted to {@code /desk/incidents/{id}/actions/{action}} for all its cases. Carried out by
 * CaseActionService. A reply or result can start from a template (one text per language, placeholders filled per
 * case); the complainant can be told the public note through their own channel.
 */
final class ActionForms {

    /**
     * The parameters each action's form asks for, in order; the first of RETURN and EXTEND is required. Every
     * action ends with {@code publicNote}, the one text the complainant sees on the status page ({@code note}
     * stays internal).
     */
    private static final Map<DeskAction, List<String>> FIELDS = Map.ofEntries(
            Map.entry(DeskAction.ACKNOWLEDGE, List.of("note", "publicNote")),
            Map.entry(DeskAction.ASSIGN, List.of("assignee", "note", "publicNote")),
            Map.entry(DeskAction.START, List.of("note", "publicNote")),
            Map.entry(DeskAction.PAUSE, List.of("reason", "note", "publicNote")),
            Map.entry(DeskAction.RESUME, List.of("note", "publicNote")),
            Map.entry(DeskAction.EXTEND, List.of("reason", "deadline", "by", "until", "publicNote")),
            Map.entry(DeskAction.RETURN, List.of("reason", "note", "publicNote")),
            Map.entry(DeskAction.RESOLVE, List.of("template", "result", "note", "publicNote")),
            Map.entry(DeskAction.CLOSE, List.of("note", "publicNote")),
            Map.entry(DeskAction.REOPEN, List.of("reason", "note", "publicNote")),
            Map.entry(DeskAction.NOTE, List.of("template", "publicNote", "note")),
            Map.entry(DeskAction.REPLY, List.of("template", "subject", "text", "note")));

    private ActionForms() {
    }

    /**
     * The forms of a case's actions allowed now (replies have their card), or of all an incident's actions.
     *
     * @param postBase {@code /desk/cases/{ref}/actions/} or {@code /desk/incidents/{id}/actions/}
     * @param status   the case's status; null for an incident (every action, for whichever cases can take it)
     */
    static String render(Viewer v, String postBase, String status, boolean waiting, List<Assignee> assignees,
                         List<Template> templates) {
        Texts t = v.t();
        boolean incident = status == null;
        CaseStatus current = incident ? null : CaseStatus.parse(status).orElse(CaseStatus.NEW);
        StringBuilder b = new StringBuilder();
        for (DeskAction action : DeskAction.values()) {
            if (!FIELDS.containsKey(action) || !incident && action == DeskAction.REPLY
                    || !incident && (!action.allowedFrom().contains(current)
                    || action == DeskAction.PAUSE && waiting || action == DeskAction.RESUME && !waiting)) {
                continue;
            }
            String id = (incident ? "i-" : "a-") + action.code();
            b.append("<details class=\"action\"><summary>").append(text(t.get("action." + action.code())))
                    .append("</summary>\n<form method=\"post\" action=\"").append(attr(postBase)).append(action.code())
                    .append("\" class=\"stack\">").append(Layout.csrf(v)).append(CaseSections.nonce()).append('\n');
            fields(b, v, id, action, assignees, templates, incident);
            b.append("<div><button type=\"submit\">").append(text(t.get(incident ? "incident.doAll" : "action." + action.code(),
                            t.get("action." + action.code()))))
                    .append("</button></div>\n</form></details>\n");
        }
        return b.toString();
    }

    /** The fields of one action's form; {@code notifyChecked}: the "tell the complainant" box starts ticked. */
    static void fields(StringBuilder b, Viewer v, String id, DeskAction action, List<Assignee> assignees,
                       List<Template> templates, boolean notifyChecked) {
        for (String field : FIELDS.getOrDefault(action, List.of("note", "publicNote"))) {
            field(b, v, id, action, field, assignees, templates);
        }
        if (action != DeskAction.REPLY && action != DeskAction.PHONE_REPLY) {
            // An unticked box sends nothing; this says "no" then, where an incident's action would tell by default.
            b.append("<input type=\"hidden\" name=\"notify\" value=\"false\">");
            b.append("<div class=\"check\"><input type=\"checkbox\" id=\"").append(id).append("-notify\" name=\"notify\" ")
                    .append("value=\"true\"").append(notifyChecked ? " checked" : "").append("><label for=\"").append(id)
                    .append("-notify\">").append(text(v.t().get("param.notifyBox"))).append("</label></div>\n");
        }
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

    /** The templates of the kind an action's text takes, by name; none chosen by default. */
    static void templateSelect(StringBuilder b, Texts t, String fieldId, String kind, List<Template> templates) {
        b.append("<select id=\"").append(fieldId).append("\" name=\"template\"><option value=\"\">")
                .append(text(t.get("template.none"))).append("</option>");
        for (Template tpl : templates) {
            if (tpl.kind().equals(kind)) {
                b.append("<option value=\"").append(tpl.id()).append("\">").append(text(tpl.name())).append("</option>");
            }
        }
        b.append("</select>");
    }

    private static void field(StringBuilder b, Viewer v, String id, DeskAction action, String field,
                              List<Assignee> assignees, List<Template> templates) {
        Texts t = v.t();
        String fieldId = id + "-" + field;
        b.append("<div><label for=\"").append(fieldId).append("\">").append(text(t.get(field.equals("template")
                        ? action == DeskAction.RESOLVE ? "template.result" : "template.reply" : "param." + field)))
                .append("</label>");
        boolean required = field.equals("assignee") || field.equals("reason")
                && (action == DeskAction.RETURN || action == DeskAction.EXTEND);
        switch (field) {
            case "template" -> templateSelect(b, t, fieldId, action == DeskAction.RESOLVE ? "result" : "reply", templates);
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
            case "note", "result", "publicNote", "text" -> b.append("<textarea id=\"").append(fieldId).append("\" name=\"")
                    .append(field).append("\" maxlength=\"").append(field.equals("text") ? 10000 : 2000)
                    .append("\" rows=\"3\"></textarea>");
            default -> b.append("<input type=\"text\" id=\"").append(fieldId).append("\" name=\"").append(field)
                    .append("\" maxlength=\"2000\"").append(required ? " required" : "").append('>');
        }
        b.append("</div>\n");
    }
}
