package dev.shouli.feature.console;

import static dev.shouli.feature.console.Html.attr;
import static dev.shouli.feature.console.Html.text;

import dev.shouli.core.cases.Assignees.Assignee;
import dev.shouli.core.cases.DeskAction;
import dev.shouli.feature.bulk.CaseBatches.Failed;
import dev.shouli.feature.bulk.CaseBatches.Progress;
import dev.shouli.feature.bulk.CaseBatches.Refused;
import dev.shouli.feature.bulk.CaseBatches.Untold;
import dev.shouli.feature.console.TemplateStore.Template;
import java.util.List;

/**
 * A batch from the console: the confirmation before it starts (how many cases, the action's parameters), and its
 * progress — done, refused with the reason, told or not — refreshing itself while it runs (htmx; a link without
 * JavaScript).
 */
final class BatchPage {

    private static final int LISTED_IN_CONFIRMATION = 20;

    private final Formats formats;

    BatchPage(Formats formats) {
        this.formats = formats;
    }

    String confirm(Viewer v, DeskAction action, String scope, String filter, List<String> refs,
                   List<Assignee> assignees, List<Template> templates) {
        Texts t = v.t();
        String actionName = t.code("action", action.code());
        StringBuilder b = new StringBuilder("<h1>").append(text(t.get("bulk.confirmTitle"))).append("</h1>\n")
                .append("<div class=\"card\"><p>").append(text(t.get("bulk.confirmText", refs.size(), actionName)))
                .append("</p><p class=\"small muted refs\">");
        refs.stream().limit(LISTED_IN_CONFIRMATION).forEach(r -> b.append(text(r)).append(' '));
        if (refs.size() > LISTED_IN_CONFIRMATION) {
            b.append("…");
        }
        b.append("</p></div>\n<form method=\"post\" action=\"/desk/bulk/start\" class=\"card stack\">")
                .append(Layout.csrf(v)).append(CaseSections.nonce())
                .append(hidden("action", action.code())).append(hidden("scope", scope)).append(hidden("filter", filter));
        if (!"all".equals(scope)) {
            refs.forEach(r -> b.append(hidden("ref", r)));
        }
        ActionForms.fields(b, v, "bulk", action, assignees, templates, false);
        b.append("<div class=\"actions\"><button type=\"submit\">").append(text(t.get("bulk.go", refs.size())))
                .append("</button><a class=\"button secondary\" href=\"/desk/cases").append(filter.isEmpty() ? "" : "?")
                .append(attr(filter)).append("\">").append(text(t.get("bulk.cancel"))).append("</a></div>\n</form>\n");
        return Layout.page(v, "/desk/cases", t.get("bulk.confirmTitle"), b.toString());
    }

    String progress(Viewer v, Progress p) {
        Texts t = v.t();
        String title = t.get("batch.title", p.id());
        long settled = p.done() + p.refused() + p.failed();
        StringBuilder b = new StringBuilder("<h1>").append(text(title)).append("</h1>\n");
        b.append("<section id=\"batch-progress\" class=\"card\" aria-live=\"polite\"");
        if (!p.finished()) {
            b.append(" hx-get=\"/desk/batches/").append(p.id()).append("\" hx-select=\"#batch-progress\" ")
                    .append("hx-target=\"this\" hx-swap=\"outerHTML\" hx-trigger=\"every 1s\"");
        }
        b.append(">\n<p>").append(text(t.code("action", p.action()))).append(" · ").append(origin(t, p.origin()))
                .append(" · ").append(text(p.actor())).append(" · ").append(formats.time(p.createdAt())).append("</p>\n")
                .append("<p><label for=\"batch-bar\">").append(text(t.get(p.finished() ? "batch.finished" : "batch.running")))
                .append("</label> <progress id=\"batch-bar\" max=\"").append(Math.max(1, p.total())).append("\" value=\"")
                .append(settled).append("\">").append(settled).append(" / ").append(p.total())
                .append("</progress></p>\n<dl class=\"fields\">");
        count(b, t.get("batch.total"), p.total());
        count(b, t.get("batch.done"), p.done());
        count(b, t.get("batch.refused"), p.refused());
        if (p.failed() > 0) {
            count(b, t.get("batch.failed"), p.failed());
        }
        count(b, t.get("batch.told"), p.told());
        b.append("</dl>\n");
        if (!p.refusedItems().isEmpty()) {
            b.append("<h2>").append(text(t.get("batch.refusedTitle"))).append("</h2>\n<table><thead><tr><th scope=\"col\">")
                    .append(text(t.get("col.reference"))).append("</th><th scope=\"col\">").append(text(t.get("batch.why")))
                    .append("</th></tr></thead><tbody>");
            for (Refused r : p.refusedItems()) {
                b.append("<tr><td class=\"ref\"><a href=\"/desk/cases/").append(attr(r.reference())).append("\">")
                        .append(text(r.reference())).append("</a></td><td>")
                        .append(text(Refusals.ofItem(t, r.code(), p.action(), r.caseStatus(), r.reason())))
                        .append("</td></tr>");
            }
            b.append("</tbody></table>\n");
        }
        if (!p.failedItems().isEmpty()) {
            b.append("<h2>").append(text(t.get("batch.failedTitle"))).append("</h2>\n<ul>");
            for (Failed f : p.failedItems()) {
                b.append("<li><a class=\"ref\" href=\"/desk/cases/").append(attr(f.reference())).append("\">")
                        .append(text(f.reference())).append("</a> · ")
                        .append(text(t.get("batch.failedWhy", f.attempts(), f.reason()))).append("</li>");
            }
            b.append("</ul>\n");
        }
        if (!p.untoldItems().isEmpty()) {
            b.append("<h2>").append(text(t.get("batch.untoldTitle"))).append("</h2>\n<ul>");
            for (Untold u : p.untoldItems()) {
                b.append("<li><a class=\"ref\" href=\"/desk/cases/").append(attr(u.reference())).append("\">")
                        .append(text(u.reference())).append("</a> · ").append(text(t.code("refusalWhy", u.refusal())))
                        .append("</li>");
            }
            b.append("</ul>\n");
        }
        if (!p.finished()) {
            b.append("<p><a href=\"/desk/batches/").append(p.id()).append("\">").append(text(t.get("batch.refresh")))
                    .append("</a></p>\n");
        }
        b.append("</section>\n");
        return Layout.page(v, p.origin().startsWith("incident:") ? "/desk/incidents" : "/desk/cases", title, b.toString());
    }

    /** Where the batch came from, as a link when it is an incident. */
    private static String origin(Texts t, String origin) {
        if (origin.startsWith("incident:")) {
            String id = origin.split(":")[1];
            return "<a href=\"/desk/incidents/" + attr(id) + "\">" + text(t.get(origin.endsWith(":join")
                    ? "batch.fromIncidentJoin" : "batch.fromIncident", id)) + "</a>";
        }
        return text(t.get("batch.fromSelection"));
    }

    private static void count(StringBuilder b, String label, long n) {
        b.append("<dt>").append(text(label)).append("</dt><dd>").append(n).append("</dd>");
    }

    private static String hidden(String name, String value) {
        return "<input type=\"hidden\" name=\"" + name + "\" value=\"" + attr(value) + "\">";
    }
}
