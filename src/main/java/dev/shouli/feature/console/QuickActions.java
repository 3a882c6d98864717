package dev.shouli.feature.console;

import static dev.shouli.feature.console.Html.attr;
import static dev.shouli.feature.console.Html.text;

import dev.shouli.core.cases.ReplyRoute;
import dev.shouli.feature.console.TemplateStore.Template;
import java.util.List;
import java.util.Set;

/**
 * The first thing under "to the actions": one step for what most cases need — 签收 + 分派给我 + a reply from a
 * template (the first template chosen), and 办结 with a result template — so a case can be worked with a few key
 * presses. Every other action, with all its parameters, follows below.
 */
final class QuickActions {

    private static final Set<String> OPEN = Set.of("new", "acknowledged", "in_progress");

    private QuickActions() {
    }

    static void render(StringBuilder b, Viewer v, String ref, String status, ReplyRoute route, List<Template> templates) {
        Texts t = v.t();
        if (!OPEN.contains(status)) {
            return;
        }
        boolean reply = route.deliverable() && templates.stream().anyMatch(tpl -> "reply".equals(tpl.kind()));
        b.append("<div class=\"quick\">\n<form method=\"post\" action=\"/desk/cases/").append(attr(ref))
                .append("/macro\" class=\"inline-form\">").append(Layout.csrf(v)).append(CaseSections.nonce());
        if (reply) {
            b.append("<label for=\"macro-template\">").append(text(t.get("template.reply"))).append("</label>");
            select(b, "macro-template", "reply", templates);
        }
        b.append("<button type=\"submit\">").append(text(t.get(reply ? "macro.all" : "macro.noReply"))).append("</button>")
                .append("</form>\n");
        if (!"new".equals(status)) {
            b.append("<form method=\"post\" action=\"/desk/cases/").append(attr(ref))
                    .append("/actions/resolve\" class=\"inline-form\">").append(Layout.csrf(v)).append(CaseSections.nonce())
                    .append("<label for=\"quick-result\">").append(text(t.get("template.result"))).append("</label>");
            select(b, "quick-result", "result", templates);
            b.append("<button type=\"submit\">").append(text(t.get("action.resolve"))).append("</button></form>\n");
        }
        b.append("</div>\n");
    }

    /** The templates of a kind, the first chosen; "none" last, for an action without one. */
    private static void select(StringBuilder b, String id, String kind, List<Template> templates) {
        b.append("<select id=\"").append(id).append("\" name=\"template\">");
        boolean first = true;
        for (Template tpl : templates) {
            if (tpl.kind().equals(kind)) {
                b.append("<option value=\"").append(tpl.id()).append('"').append(first ? " selected" : "").append('>')
                        .append(text(tpl.name())).append("</option>");
                first = false;
            }
        }
        b.append("<option value=\"\">—</option></select>");
    }
}
