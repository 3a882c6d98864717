package dev.shouli.feature.console;

import static dev.shouli.feature.console.Html.attr;
import static dev.shouli.feature.console.Html.text;

import dev.shouli.core.cases.Masking;
import dev.shouli.core.domain.CaseStatus;
import dev.shouli.core.domain.ComplaintKind;
import dev.shouli.core.domain.Urgency;
import dev.shouli.feature.console.ConsoleCaseQueries.CaseRow;
import dev.shouli.feature.console.ConsoleCaseQueries.Page;
import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonObject;
import java.util.Arrays;
import java.util.List;

/**
 * The case list: a filter form (a plain GET form; with htmx only the results are swapped), the table with a
 * coloured SLA countdown per row, and a link to the next page. Each row has an id so live updates replace it.
 */
final class CaseListPage {

    static final List<String> CHANNELS = List.of("form", "api", "email", "sms", "hotline", "open311");
    static final List<String> SLA_STATES = List.of("breached", "warning", "on_time", "paused", "none");
    static final String RESULTS_ID = "case-results";

    private final Formats formats;

    CaseListPage(Formats formats) {
        this.formats = formats;
    }

    String render(Viewer v, MultiMap query, Page page, String nextHref, String notice) {
        Texts t = v.t();
        StringBuilder b = new StringBuilder(32 * 1024);
        b.append("<h1>").append(text(t.get("cases.title"))).append("</h1>\n");
        filters(b, t, query);
        b.append("<section id=\"").append(RESULTS_ID).append("\" aria-live=\"polite\" data-live-list>\n");
        if (notice != null) {
            b.append("<p class=\"notice live\">").append(text(notice)).append("</p>\n");
        }
        if (page.rows().isEmpty()) {
            b.append("<p class=\"card\">").append(text(t.get("cases.none"))).append("</p>\n");
        } else {
            b.append("<div class=\"tablewrap\"><table>\n<caption class=\"visually-hidden\">")
                    .append(text(t.get("cases.title"))).append("</caption>\n<thead><tr>");
            for (String h : List.of("col.reference", "col.received", "col.kind", "col.status", "col.subject",
                    "col.complainant", "col.respondent", "col.assignee", "col.sla")) {
                b.append("<th scope=\"col\">").append(text(t.get(h))).append("</th>");
            }
            b.append("</tr></thead>\n<tbody>\n");
            for (CaseRow row : page.rows()) {
                b.append(row(t, row));
            }
            b.append("</tbody>\n</table></div>\n");
        }
        b.append("<div class=\"pager\"><span class=\"muted small\">").append(text(t.get("cases.shown", page.rows().size())))
                .append("</span>");
        if (nextHref != null) {
            b.append("<a class=\"button secondary\" href=\"").append(attr(nextHref)).append("\">")
                    .append(text(t.get("cases.next"))).append("</a>");
        }
        b.append("</div>\n</section>\n");
        return Layout.page(v, "/desk/cases", t.get("cases.title"), b.toString());
    }

    /** One table row; also the answer to a live update of that row. */
    String row(Texts t, CaseRow row) {
        JsonObject complainant = Masking.complainant(row.complainant());
        String who = complainant == null ? "" : complainant.getString("name", "");
        if (who.isEmpty() && complainant != null) {
            // Already masked above when the complainant is confidential, as the desk API shows it.
            who = complainant.getString("phone") != null ? complainant.getString("phone")
                    : complainant.getString("email", "");
        }
        boolean confidential = row.complainant() != null && row.complainant().getBoolean("confidential", false);
        StringBuilder b = new StringBuilder(1024);
        b.append("<tr id=\"").append(Html.id("row-", row.reference())).append("\" data-reference=\"")
                .append(attr(row.reference())).append("\">")
                .append("<td class=\"ref\"><a href=\"/desk/cases/").append(attr(row.reference())).append("\">")
                .append(text(row.reference())).append("</a></td>")
                .append("<td class=\"when\">").append(formats.time(row.receivedAt())).append("</td>")
                .append("<td>").append(text(t.code("kind", row.kind()))).append("<br><span class=\"muted small\">")
                .append(text(t.code("channel", channelGroup(row.channel())))).append("</span></td>")
                .append("<td><span class=\"badge status-").append(attr(row.status())).append("\">")
                .append(text(t.code("status", row.status()))).append("</span>");
        if (!"normal".equals(row.urgency())) {
            b.append(" <span class=\"badge urgency-").append(attr(row.urgency())).append("\">")
                    .append(text(t.code("urgency", row.urgency()))).append("</span>");
        }
        b.append("</td><td>").append(text(shorten(row.subject(), 60))).append("</td>")
                .append("<td>").append(text(who));
        if (confidential) {
            b.append(" <span class=\"badge\">").append(text(t.get("case.confidential"))).append("</span>");
        }
        b.append("</td><td>").append(text(row.respondent())).append("</td>")
                .append("<td>").append(row.assignee() == null ? "<span class=\"muted\">" + text(t.get("cases.unassigned"))
                        + "</span>" : text(row.assignee())).append("</td>")
                .append("<td>").append(formats.slaBadge(t, row.deadlines())).append("</td></tr>\n");
        return b.toString();
    }

    private void filters(StringBuilder b, Texts t, MultiMap q) {
        b.append("<form class=\"card filters\" method=\"get\" action=\"/desk/cases\" role=\"search\" hx-boost=\"true\"")
                .append(" hx-target=\"#").append(RESULTS_ID).append("\" hx-select=\"#").append(RESULTS_ID)
                .append("\" hx-swap=\"outerHTML\" hx-push-url=\"true\">\n");
        b.append("<div class=\"wide\"><label for=\"f-q\">").append(text(t.get("filter.search"))).append("</label>")
                .append("<input type=\"search\" id=\"f-q\" name=\"q\" maxlength=\"100\" value=\"")
                .append(attr(q.get("q"))).append("\" placeholder=\"").append(attr(t.get("filter.searchHint")))
                .append("\"></div>\n");
        select(b, t, q, "status", "filter.status", Arrays.stream(CaseStatus.values()).map(CaseStatus::code).toList(),
                "status");
        select(b, t, q, "channel", "filter.channel", CHANNELS, "channel");
        select(b, t, q, "kind", "filter.kind", Arrays.stream(ComplaintKind.values()).map(ComplaintKind::code).toList(),
                "kind");
        select(b, t, q, "urgency", "filter.urgency", Arrays.stream(Urgency.values()).map(Urgency::code).toList(),
                "urgency");
        select(b, t, q, "sla", "filter.sla", SLA_STATES, "slaState");
        input(b, t, q, "assignee", "filter.assignee", "text");
        input(b, t, q, "respondent", "filter.respondent", "text");
        input(b, t, q, "from", "filter.from", "date");
        input(b, t, q, "to", "filter.to", "date");
        b.append("<div class=\"actions\"><button type=\"submit\">").append(text(t.get("filter.apply")))
                .append("</button><a class=\"button secondary\" href=\"/desk/cases\">").append(text(t.get("filter.reset")))
                .append("</a></div>\n</form>\n");
    }

    private static void select(StringBuilder b, Texts t, MultiMap q, String name, String labelKey, List<String> codes,
                               String group) {
        String chosen = q.get(name);
        b.append("<div><label for=\"f-").append(name).append("\">").append(text(t.get(labelKey))).append("</label>")
                .append("<select id=\"f-").append(name).append("\" name=\"").append(name).append("\">")
                .append("<option value=\"\">").append(text(t.get("filter.any"))).append("</option>");
        for (String code : codes) {
            b.append("<option value=\"").append(attr(code)).append('"').append(code.equals(chosen) ? " selected" : "")
                    .append('>').append(text(t.code(group, code))).append("</option>");
        }
        b.append("</select></div>\n");
    }

    private static void input(StringBuilder b, Texts t, MultiMap q, String name, String labelKey, String type) {
        b.append("<div><label for=\"f-").append(name).append("\">").append(text(t.get(labelKey))).append("</label>")
                .append("<input type=\"").append(type).append("\" id=\"f-").append(name).append("\" name=\"")
                .append(name).append("\" maxlength=\"100\" value=\"").append(attr(q.get(name))).append("\"></div>\n");
    }

    static String channelGroup(String channel) {
        int colon = channel == null ? -1 : channel.indexOf(':');
        return colon < 0 ? channel : channel.substring(0, colon);
    }

    static String shorten(String s, int max) {
        if (s == null) {
            return "";
        }
        return s.codePointCount(0, s.length()) <= max ? s : s.substring(0, s.offsetByCodePoints(0, max)) + "…";
    }
}
