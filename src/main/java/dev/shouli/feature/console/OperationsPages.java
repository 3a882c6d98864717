package dev.shouli.feature.console;

import static dev.shouli.feature.console.Html.attr;
import static dev.shouli.feature.console.Html.text;

import dev.shouli.core.cases.Assignees.Assignee;
import dev.shouli.feature.bulk.CaseBatches.Progress;
import dev.shouli.feature.console.ConsoleCaseStore.StoredSubmission;
import dev.shouli.feature.console.TemplateStore.Template;
import dev.shouli.feature.console.RerunStore.Rerun;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/** Pages for operators: incidents, quarantined submissions (view raw, re-run) and the outbox (retry). */
final class OperationsPages {

    /** The states the outbox page filters by; unsent: no mailer or SMS provider was configured to send it. */
    static final List<String> OUTBOX_STATES = List.of("dead", "failed", "unsent", "in-doubt", "pending", "sent");
    /** What a supervisor may queue again (as POST /api/v1/outbox/{id}/retry takes), besides items in doubt. */
    private static final List<String> RETRYABLE = List.of("dead", "failed", "unsent");

    private final Formats formats;

    OperationsPages(Formats formats) {
        this.formats = formats;
    }

    String incidents(Viewer v, List<JsonObject> items, Long nextBefore) {
        Texts t = v.t();
        StringBuilder b = new StringBuilder("<h1>").append(text(t.get("incidents.title"))).append("</h1>\n");
        if (items.isEmpty()) {
            b.append("<p class=\"card\">").append(text(t.get("incidents.none"))).append("</p>\n");
        } else {
            b.append("<div class=\"tablewrap\"><table><thead><tr>");
            header(b, t, "col.incident", "col.respondent", "incidents.place", "incidents.count", "incidents.first",
                    "incidents.last");
            b.append("</tr></thead><tbody>\n");
            for (JsonObject i : items) {
                b.append("<tr><td><a href=\"/desk/incidents/").append(i.getLong("id")).append("\">#").append(i.getLong("id"))
                        .append(' ').append(text(CaseListPage.shorten(i.getString("title"), 50))).append("</a></td><td>")
                        .append(text(i.getString("respondent"))).append("</td><td>").append(text(i.getString("place")))
                        .append("</td><td>").append(i.getInteger("caseCount")).append("</td><td>")
                        .append(formats.time(instant(i.getString("firstAt")))).append("</td><td>")
                        .append(formats.time(instant(i.getString("lastAt")))).append("</td></tr>\n");
            }
            b.append("</tbody></table></div>\n");
        }
        more(b, t, "/desk/incidents?before=", nextBefore);
        return Layout.page(v, "/desk/incidents", t.get("incidents.title"), b.toString());
    }

    /**
     * An incident: its cases, what the desk's actions on it left standing (told to every member's status page and
     * to cases that join later), its recent batches, and every action for all its cases at once (并案处理).
     */
    String incident(Viewer v, JsonObject i, Optional<JsonObject> standing, List<Progress> batches,
                    List<Assignee> assignees, List<Template> templates) {
        Texts t = v.t();
        StringBuilder b = new StringBuilder("<p class=\"small\"><a href=\"/desk/incidents\">")
                .append(text(t.get("incidents.back"))).append("</a></p>\n<h1>").append(text(t.get("col.incident")))
                .append(" #").append(i.getLong("id")).append(' ').append(text(i.getString("title"))).append("</h1>\n")
                .append("<div class=\"grid\">\n<div>\n<div class=\"card\"><dl class=\"fields\"><dt>")
                .append(text(t.get("col.respondent"))).append("</dt><dd>").append(text(i.getString("respondent")))
                .append("</dd><dt>").append(text(t.get("incidents.place"))).append("</dt><dd>").append(text(i.getString("place")))
                .append("</dd><dt>").append(text(t.get("incidents.count"))).append("</dt><dd>").append(i.getInteger("caseCount"))
                .append("</dd></dl></div>\n");
        standing.ifPresent(s -> standing(b, t, s));
        b.append("<div class=\"tablewrap\"><table><caption class=\"visually-hidden\">").append(text(t.get("incident.caseTable")))
                .append("</caption><thead><tr>");
        header(b, t, "col.reference", "col.received", "col.status", "col.subject");
        b.append("</tr></thead><tbody>\n");
        for (Object o : i.getJsonArray("cases", new JsonArray())) {
            JsonObject c = (JsonObject) o;
            b.append("<tr><td class=\"ref\"><a href=\"/desk/cases/").append(attr(c.getString("reference"))).append("\">")
                    .append(text(c.getString("reference"))).append("</a></td><td>")
                    .append(formats.time(instant(c.getString("receivedAt")))).append("</td><td>")
                    .append(text(t.code("status", c.getString("status")))).append("</td><td>")
                    .append(text(CaseListPage.shorten(c.getString("subject"), 80))).append("</td></tr>\n");
        }
        b.append("</tbody></table></div>\n</div>\n<div>\n");
        b.append("<section class=\"card\" id=\"actions\" tabindex=\"-1\" aria-labelledby=\"h-incident-actions\">")
                .append("<h2 id=\"h-incident-actions\">").append(text(t.get("incident.actions"))).append("</h2>\n<p class=\"small muted\">")
                .append(text(t.get("incident.actionsHint"))).append("</p>\n")
                .append(ActionForms.render(v, "/desk/incidents/" + i.getLong("id") + "/actions/", null, false,
                        assignees, templates))
                .append("</section>\n");
        if (!batches.isEmpty()) {
            b.append("<section class=\"card\" aria-labelledby=\"h-batches\"><h2 id=\"h-batches\">")
                    .append(text(t.get("incident.batches"))).append("</h2>\n<ul>");
            for (Progress p : batches) {
                b.append("<li><a href=\"/desk/batches/").append(p.id()).append("\">").append(text(t.code("action", p.action())))
                        .append(" · ").append(formats.time(p.createdAt())).append("</a> · ")
                        .append(text(t.get("incident.batchCounts", p.done(), p.refused(), p.total()))).append("</li>");
            }
            b.append("</ul>\n</section>\n");
        }
        b.append("</div>\n</div>\n");
        return Layout.page(v, "/desk/incidents", t.get("col.incident") + " #" + i.getLong("id"), b.toString(),
                new String[] {"#actions", t.get("nav.skipActions")});
    }

    private void standing(StringBuilder b, Texts t, JsonObject s) {
        JsonObject texts = s.getJsonObject("texts", new JsonObject());
        b.append("<section class=\"card\" aria-labelledby=\"h-standing\"><h2 id=\"h-standing\">")
                .append(text(t.get("incident.standing"))).append("</h2>\n<dl class=\"fields\">");
        dt(b, t.get("incident.standingStatus"), s.getString("status") == null ? null : t.code("status", s.getString("status")));
        dt(b, t.get("col.assignee"), s.getString("assignee"));
        dt(b, t.get("timeline.publicNote"), texts.getString("publicNote"));
        dt(b, t.get("timeline.result"), texts.getString("result"));
        b.append("<dt>").append(text(t.get("incident.standingBy"))).append("</dt><dd>").append(text(s.getString("actor")))
                .append(" · ").append(formats.time(instant(s.getString("at")))).append("</dd></dl>\n<p class=\"small muted\">")
                .append(text(t.get("incident.standingHint"))).append("</p>\n</section>\n");
    }

    String quarantine(Viewer v, List<JsonObject> items, Long nextBefore) {
        Texts t = v.t();
        StringBuilder b = new StringBuilder("<h1>").append(text(t.get("quarantine.title"))).append("</h1>\n")
                .append("<p class=\"muted\">").append(text(t.get("quarantine.intro"))).append("</p>\n");
        if (items.isEmpty()) {
            b.append("<p class=\"card\">").append(text(t.get("quarantine.none"))).append("</p>\n");
        } else {
            b.append("<div class=\"tablewrap\"><table><thead><tr>");
            header(b, t, "quarantine.id", "col.received", "filter.channel", "quarantine.reason");
            b.append("</tr></thead><tbody>\n");
            for (JsonObject s : items) {
                b.append("<tr><td><a href=\"/desk/quarantine/").append(s.getLong("id")).append("\">#")
                        .append(s.getLong("id")).append("</a></td><td>").append(formats.time(instant(s.getString("receivedAt"))))
                        .append("</td><td>").append(text(s.getString("channel"))).append(" · ")
                        .append(text(s.getString("transport"))).append("</td><td>")
                        .append(text(CaseListPage.shorten(ReasonTexts.of(t, s.getString("reason")), 120)))
                        .append("</td></tr>\n");
            }
            b.append("</tbody></table></div>\n");
        }
        more(b, t, "/desk/quarantine?before=", nextBefore);
        return Layout.page(v, "/desk/quarantine", t.get("quarantine.title"), b.toString());
    }

    String submission(Viewer v, JsonObject s, List<Rerun> reruns, boolean rerunnable, String error) {
        Texts t = v.t();
        long id = s.getLong("id");
        StringBuilder b = new StringBuilder("<p class=\"small\"><a href=\"/desk/quarantine\">")
                .append(text(t.get("quarantine.back"))).append("</a></p>\n<h1>").append(text(t.get("quarantine.one", id)))
                .append("</h1>\n");
        if (error != null) {
            b.append("<div class=\"notice error\" role=\"alert\">").append(text(error)).append("</div>\n");
        }
        b.append("<div class=\"card\"><dl class=\"fields\">");
        dt(b, t.get("filter.channel"), s.getString("channel") + " · " + s.getString("transport"));
        b.append("<dt>").append(text(t.get("col.received"))).append("</dt><dd>")
                .append(formats.time(instant(s.getString("receivedAt")))).append("</dd>");
        dt(b, t.get("quarantine.outcome"), t.code("outcome", s.getString("outcome")));
        dt(b, t.get("quarantine.reason"), s.getString("reason") == null ? null : ReasonTexts.of(t, s.getString("reason")));
        dt(b, t.get("quarantine.error"), s.getString("error"));
        dt(b, t.get("quarantine.key"), s.getString("externalId"));
        b.append("</dl></div>\n<section class=\"card\" aria-labelledby=\"h-raw\"><h2 id=\"h-raw\">")
                .append(text(t.get("quarantine.raw"))).append("</h2>\n");
        StoredSubmission stored = new StoredSubmission(id, s.getString("channel"), s.getString("transport"),
                s.getString("externalId"), instant(s.getString("receivedAt")), s.getString("contentType"),
                s.getJsonObject("headers"), Base64.getDecoder().decode(s.getString("bodyBase64")), s.getString("outcome"),
                null, false, null);
        b.append(VerbatimView.render(t, stored)).append("</section>\n");
        b.append("<section class=\"card\" aria-labelledby=\"h-rerun\"><h2 id=\"h-rerun\">")
                .append(text(t.get("quarantine.rerun"))).append("</h2>\n");
        for (Rerun r : reruns) {
            b.append("<p>").append(formats.time(r.at())).append(" · ").append(text(r.actor())).append(" · ")
                    .append(text(t.code("outcome", r.outcome())));
            if (r.reference() != null) {
                b.append(" · <a href=\"/desk/cases/").append(attr(r.reference())).append("\">").append(text(r.reference()))
                        .append("</a>");
            }
            if (r.reason() != null) {
                b.append("<br><span class=\"small muted\">").append(text(ReasonTexts.of(t, r.reason()))).append("</span>");
            }
            b.append("</p>\n");
        }
        if (!rerunnable) {
            b.append("<p class=\"muted\">").append(text(t.get("quarantine.notRerunnable"))).append("</p>\n");
        } else if (!v.supervisor()) {
            b.append("<p class=\"muted\">").append(text(t.get("error.supervisorOnly"))).append("</p>\n");
        } else {
            b.append("<form method=\"post\" action=\"/desk/quarantine/").append(id).append("/rerun\">").append(Layout.csrf(v))
                    .append("<p class=\"small muted\">").append(text(t.get("quarantine.rerunHint"))).append("</p>")
                    .append("<button type=\"submit\">").append(text(t.get("quarantine.rerunButton")))
                    .append("</button></form>\n");
        }
        b.append("</section>\n");
        return Layout.page(v, "/desk/quarantine", t.get("quarantine.one", id), b.toString());
    }

    String outbox(Viewer v, String status, List<JsonObject> items, Long nextBefore) {
        Texts t = v.t();
        StringBuilder b = new StringBuilder("<h1>").append(text(t.get("outbox.title"))).append("</h1>\n")
                .append("<nav class=\"card actions\" aria-label=\"").append(attr(t.get("outbox.filter"))).append("\">");
        for (String s : OUTBOX_STATES) {
            b.append("<a href=\"/desk/outbox?status=").append(s).append('"')
                    .append(s.equals(status) ? " aria-current=\"page\" class=\"button\"" : " class=\"button secondary\"")
                    .append('>').append(text(t.code("outboxStatus", s))).append("</a>");
        }
        b.append("</nav>\n");
        if (items.isEmpty()) {
            b.append("<p class=\"card\">").append(text(t.get("outbox.none"))).append("</p>\n");
        } else {
            b.append("<div class=\"tablewrap\"><table><thead><tr>");
            header(b, t, "quarantine.id", "col.reference", "outbox.kind", "col.status", "outbox.attempts",
                    "outbox.last", "outbox.action");
            b.append("</tr></thead><tbody>\n");
            for (JsonObject o : items) {
                b.append("<tr><td>#").append(o.getLong("id")).append("</td><td class=\"ref\">");
                if (o.getString("reference") != null) {
                    b.append("<a href=\"/desk/cases/").append(attr(o.getString("reference"))).append("\">")
                            .append(text(o.getString("reference"))).append("</a>");
                }
                b.append("</td><td>").append(text(t.code("outboxKind", o.getString("kind")))).append(" · ")
                        .append(text(t.code("channel", o.getString("channel")))).append("</td><td><span class=\"badge\">")
                        .append(text(t.code("outboxStatus", o.getString("status")))).append("</span></td><td>")
                        .append(o.getInteger("attempts")).append("</td><td class=\"small\">")
                        .append(formats.time(instant(o.getString("createdAt")))).append("<br>")
                        .append(text(CaseListPage.shorten(ReasonTexts.of(t, o.getString("lastError") != null
                                ? o.getString("lastError") : o.getString("result")), 140))).append("</td><td>");
                if ((RETRYABLE.contains(o.getString("status")) || o.getBoolean("inDoubt", false)) && v.supervisor()) {
                    b.append("<form method=\"post\" action=\"/desk/outbox/").append(o.getLong("id")).append("/retry\">")
                            .append(Layout.csrf(v)).append("<button type=\"submit\" class=\"secondary\">")
                            .append(text(t.get("outbox.retry"))).append("</button></form>");
                }
                b.append("</td></tr>\n");
            }
            b.append("</tbody></table></div>\n");
        }
        more(b, t, "/desk/outbox?status=" + status + "&before=", nextBefore);
        return Layout.page(v, "/desk/outbox", t.get("outbox.title"), b.toString());
    }

    private static void header(StringBuilder b, Texts t, String... keys) {
        for (String k : keys) {
            b.append("<th scope=\"col\">").append(text(t.get(k))).append("</th>");
        }
    }

    private static void dt(StringBuilder b, String label, String value) {
        if (value != null && !value.isBlank() && !value.equals("null")) {
            b.append("<dt>").append(text(label)).append("</dt><dd>").append(text(value)).append("</dd>");
        }
    }

    private static void more(StringBuilder b, Texts t, String href, Long nextBefore) {
        if (nextBefore != null) {
            b.append("<div class=\"pager\"><span></span><a class=\"button secondary\" href=\"").append(attr(href + nextBefore))
                    .append("\">").append(text(t.get("cases.next"))).append("</a></div>\n");
        }
    }

    private static Instant instant(String iso) {
        return iso == null ? null : Instant.parse(iso);
    }
}
