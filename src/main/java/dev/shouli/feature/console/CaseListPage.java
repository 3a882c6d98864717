package dev.shouli.feature.console;

import static dev.shouli.feature.console.Html.attr;
import static dev.shouli.feature.console.Html.text;

import dev.shouli.core.cases.Assignees.Assignee;
import dev.shouli.core.domain.Masking;
import dev.shouli.core.domain.CaseStatus;
import dev.shouli.core.domain.ComplaintKind;
import dev.shouli.core.domain.Urgency;
import dev.shouli.feature.console.ConsoleCaseQueries.CaseRow;
import dev.shouli.feature.console.ConsoleCaseQueries.Page;
import dev.shouli.feature.console.ConsoleCaseQueries.QueueCounts;
import dev.shouli.feature.console.ConsoleCaseQueries.Sort;
import dev.shouli.feature.console.SavedFilterStore.SavedFilter;
import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonObject;
import java.util.Arrays;
import java.util.List;

/**
 * The case list: the work queues with their counts, a filter form (a plain GET form; with htmx only the results
 * are swapped) with the order and the user's saved filters, the total, and the table — each row with a box to
 * select it for a batch, its markers (new citizen input, re-opened) and a coloured SLA countdown — then the next
 * page. Each row has an id so live updates replace it.
 */
final class CaseListPage {

    static final List<String> CHANNELS = List.of("form", "api", "email", "sms", "hotline", "open311");
    static final List<String> SLA_STATES = List.of("breached", "warning", "on_time", "paused", "none");
    static final String RESULTS_ID = "case-results";
    /** The actions a selection of cases can be given at once. */
    static final List<String> BULK_ACTIONS = List.of("acknowledge", "assign", "note", "reply", "resolve", "close");

    /** Everything the list shows besides the query. */
    record Shown(Page page, QueueCounts counts, List<SavedFilter> saved, List<Assignee> assignees, Sort sort) {
    }

    private final Formats formats;

    CaseListPage(Formats formats) {
        this.formats = formats;
    }

    String render(Viewer v, MultiMap query, Shown shown, String nextHref, String notice) {
        Texts t = v.t();
        StringBuilder b = new StringBuilder(48 * 1024);
        b.append("<h1>").append(text(t.get("cases.title"))).append("</h1>\n");
        queues(b, t, query.get("queue"), shown.counts());
        filters(b, v, query, shown);
        Page page = shown.page();
        b.append("<section id=\"").append(RESULTS_ID).append("\" aria-live=\"polite\" data-live-list tabindex=\"-1\">\n");
        if (notice != null) {
            b.append("<p class=\"notice live\">").append(text(notice)).append("</p>\n");
        }
        b.append("<p class=\"small muted\" id=\"cases-total\">").append(text(t.get("cases.total", page.total(),
                page.rows().size()))).append("</p>\n");
        if (page.rows().isEmpty()) {
            b.append("<p class=\"card\">").append(text(t.get("cases.none"))).append("</p>\n");
        } else {
            b.append("<form method=\"post\" action=\"/desk/bulk\" id=\"bulk\">").append(Layout.csrf(v))
                    .append("<input type=\"hidden\" name=\"filter\" value=\"").append(attr(queryString(query)))
                    .append("\">\n");
            bulkBar(b, t, page.total());
            b.append("<div class=\"tablewrap\" id=\"case-table\" tabindex=\"-1\"><table>\n<caption class=\"visually-hidden\">")
                    .append(text(t.get("cases.title"))).append("</caption>\n<thead><tr><th scope=\"col\">")
                    .append("<span class=\"visually-hidden\">").append(text(t.get("bulk.select"))).append("</span></th>");
            for (String h : List.of("col.reference", "col.received", "col.kind", "col.status", "col.subject",
                    "col.complainant", "col.respondent", "col.assignee", "col.sla")) {
                b.append("<th scope=\"col\">").append(text(t.get(h))).append("</th>");
            }
            b.append("</tr></thead>\n<tbody>\n");
            for (CaseRow row : page.rows()) {
                b.append(row(t, row));
            }
            b.append("</tbody>\n</table></div>\n</form>\n");
        }
        b.append("<div class=\"pager\"><span class=\"muted small\">").append(text(t.get("cases.shown", page.rows().size())))
                .append("</span>");
        if (nextHref != null) {
            b.append("<a class=\"button secondary\" href=\"").append(attr(nextHref)).append("\">")
                    .append(text(t.get("cases.next"))).append("</a>");
        }
        b.append("</div>\n</section>\n");
        return Layout.page(v, "/desk/cases", t.get("cases.title"), b.toString(),
                new String[] {page.rows().isEmpty() ? "#" + RESULTS_ID : "#case-table", t.get("nav.skipResults")});
    }

    private static void queues(StringBuilder b, Texts t, String current, QueueCounts counts) {
        b.append("<nav class=\"queues\" aria-label=\"").append(attr(t.get("queues.label"))).append("\"><ul>");
        b.append("<li><a href=\"/desk/cases\"").append(current == null ? " aria-current=\"page\"" : "").append('>')
                .append(text(t.get("queue.all"))).append("</a></li>");
        for (String queue : ConsoleCaseQueries.QUEUES) {
            long n = counts.of(queue);
            b.append("<li><a href=\"/desk/cases?queue=").append(queue).append('"')
                    .append(queue.equals(current) ? " aria-current=\"page\"" : "")
                    .append(n > 0 && ("overdue".equals(queue) || "new-input".equals(queue)) ? " class=\"hot\"" : "")
                    .append('>').append(text(t.get("queue." + queue))).append(" <span class=\"count\">").append(n)
                    .append("</span></a></li>");
        }
        b.append("</ul></nav>\n");
    }

    private static void bulkBar(StringBuilder b, Texts t, long total) {
        b.append("<div class=\"bulkbar\" role=\"group\" aria-labelledby=\"bulk-label\"><span id=\"bulk-label\">")
                .append(text(t.get("bulk.label"))).append("</span><label for=\"bulk-action\" class=\"visually-hidden\">")
                .append(text(t.get("bulk.action"))).append("</label><select id=\"bulk-action\" name=\"action\">");
        for (String action : BULK_ACTIONS) {
            b.append("<option value=\"").append(action).append("\">").append(text(t.get("action." + action)))
                    .append("</option>");
        }
        b.append("</select><button type=\"submit\" name=\"scope\" value=\"selected\" class=\"secondary\">")
                .append(text(t.get("bulk.selected"))).append("</button><button type=\"submit\" name=\"scope\" value=\"all\" "
                        + "class=\"secondary\">").append(text(t.get("bulk.all", total))).append("</button></div>\n");
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
                .append(attr(row.reference())).append("\"").append(row.newInput() ? " class=\"new-input\"" : "").append('>')
                .append("<td><input type=\"checkbox\" name=\"ref\" form=\"bulk\" value=\"").append(attr(row.reference()))
                .append("\" aria-label=\"").append(attr(t.get("bulk.selectOne", row.reference()))).append("\"></td>")
                .append("<td class=\"ref\"><a href=\"/desk/cases/").append(attr(row.reference())).append("\">")
                .append(text(row.reference())).append("</a>");
        if (row.newInput()) {
            b.append("<br><span class=\"badge marker-input\">").append(text(t.code("inputKind", row.inputKind())))
                    .append("</span>");
        }
        if (row.reopened()) {
            b.append(" <span class=\"badge marker-reopened\">").append(text(t.get(AttentionHooks.citizenSide(row.reopenedBy())
                    ? "marker.reopenedDissatisfied" : "marker.reopened"))).append("</span>");
        }
        b.append("</td><td class=\"when\">").append(formats.time(row.receivedAt())).append("</td>")
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

    private void filters(StringBuilder b, Viewer v, MultiMap q, Shown shown) {
        Texts t = v.t();
        b.append("<form class=\"card filters\" method=\"get\" action=\"/desk/cases\" role=\"search\" hx-boost=\"true\"")
                .append(" hx-target=\"#").append(RESULTS_ID).append("\" hx-select=\"#").append(RESULTS_ID)
                .append("\" hx-swap=\"outerHTML\" hx-push-url=\"true\">\n");
        if (q.get("queue") != null) {
            b.append("<input type=\"hidden\" name=\"queue\" value=\"").append(attr(q.get("queue"))).append("\">");
        }
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
        assignee(b, t, q.get("assignee"), shown.assignees());
        input(b, t, q, "respondent", "filter.respondent", "text");
        input(b, t, q, "from", "filter.from", "date");
        input(b, t, q, "to", "filter.to", "date");
        b.append("<div><label for=\"f-sort\">").append(text(t.get("filter.sort"))).append("</label><select id=\"f-sort\" ")
                .append("name=\"sort\">");
        for (Sort s : Sort.values()) {
            b.append("<option value=\"").append(s.code).append('"').append(s == shown.sort() ? " selected" : "")
                    .append('>').append(text(t.get("sort." + s.code))).append("</option>");
        }
        b.append("</select></div>\n<div class=\"actions\"><button type=\"submit\">").append(text(t.get("filter.apply")))
                .append("</button><a class=\"button secondary\" href=\"/desk/cases\">").append(text(t.get("filter.reset")))
                .append("</a></div>\n</form>\n");
        savedFilters(b, v, q, shown.saved());
    }

    private static void savedFilters(StringBuilder b, Viewer v, MultiMap q, List<SavedFilter> saved) {
        Texts t = v.t();
        b.append("<details class=\"card saved\"><summary>").append(text(t.get("filters.title", saved.size())))
                .append("</summary>\n");
        if (!saved.isEmpty()) {
            b.append("<ul class=\"saved-list\">");
            for (SavedFilter f : saved) {
                b.append("<li><a href=\"/desk/cases").append(f.query().isEmpty() ? "" : "?" + attr(f.query())).append("\">")
                        .append(text(f.name())).append("</a><form method=\"post\" class=\"inline\" action=\"/desk/filters/")
                        .append(f.id()).append("/delete\">").append(Layout.csrf(v))
                        .append("<button type=\"submit\" class=\"link\">").append(text(t.get("filters.delete")))
                        .append("<span class=\"visually-hidden\"> ").append(text(f.name())).append("</span></button></form></li>");
            }
            b.append("</ul>\n");
        }
        b.append("<form method=\"post\" action=\"/desk/filters\" class=\"inline-form\">").append(Layout.csrf(v))
                .append("<input type=\"hidden\" name=\"query\" value=\"").append(attr(queryString(q))).append("\">")
                .append("<label for=\"filter-name\">").append(text(t.get("filters.name"))).append("</label>")
                .append("<input type=\"text\" id=\"filter-name\" name=\"name\" maxlength=\"60\" required>")
                .append("<button type=\"submit\" class=\"secondary\">").append(text(t.get("filters.save")))
                .append("</button></form>\n</details>\n");
    }

    /** The list's own query string (without the page cursor): what a saved filter and "all N" reproduce. */
    static String queryString(MultiMap q) {
        StringBuilder out = new StringBuilder();
        q.forEach(e -> {
            if (!e.getKey().equals("cursor") && !e.getValue().isBlank()) {
                out.append(out.isEmpty() ? "" : "&").append(Html.url(e.getKey())).append('=').append(Html.url(e.getValue()));
            }
        });
        return out.toString();
    }

    private static void assignee(StringBuilder b, Texts t, String chosen, List<Assignee> assignees) {
        b.append("<div><label for=\"f-assignee\">").append(text(t.get("filter.assignee"))).append("</label>")
                .append("<select id=\"f-assignee\" name=\"assignee\"><option value=\"\">").append(text(t.get("filter.any")))
                .append("</option><option value=\"-\"").append("-".equals(chosen) ? " selected" : "").append('>')
                .append(text(t.get("cases.unassigned"))).append("</option>");
        for (Assignee a : assignees) {
            b.append("<option value=\"").append(attr(a.username())).append('"')
                    .append(a.username().equals(chosen) ? " selected" : "").append('>').append(text(a.displayName()))
                    .append("</option>");
        }
        b.append("</select></div>\n");
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
