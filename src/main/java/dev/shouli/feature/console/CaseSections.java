package dev.shouli.feature.console;

import static dev.shouli.feature.console.Html.attr;
import static dev.shouli.feature.console.Html.text;

import dev.shouli.core.domain.Masking;
import dev.shouli.core.cases.ReplyRoute;
import dev.shouli.core.sla.SlaDeadline;
import dev.shouli.feature.console.ConsoleCaseStore.Note;
import dev.shouli.feature.console.ConsoleCaseStore.StoredSubmission;
import dev.shouli.feature.console.TemplateStore.Template;
import dev.shouli.feature.dedup.PossibleDuplicate;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The sections of the case page, each a card; every value is escaped on the way out. */
final class CaseSections {

    private final Formats formats;

    CaseSections(Formats formats) {
        this.formats = formats;
    }

    void record(StringBuilder b, Texts t, JsonObject c, JsonObject complainant) {
        open(b, "h-record", t.get("case.record"));
        b.append("<dl class=\"fields\">\n");
        field(b, t.get("filter.kind"), t.code("kind", c.getString("kind")));
        field(b, t.get("filter.channel"), t.code("channel", CaseListPage.channelGroup(c.getString("channel")))
                + " (" + c.getString("channel") + ")");
        b.append("<dt>").append(text(t.get("col.received"))).append("</dt><dd>")
                .append(formats.time(instant(c.getString("receivedAt")))).append("</dd>\n");
        if (c.getString("occurredAt") != null) {
            b.append("<dt>").append(text(t.get("case.occurred"))).append("</dt><dd>")
                    .append(formats.time(instant(c.getString("occurredAt")))).append("</dd>\n");
        }
        field(b, t.get("filter.urgency"), t.code("urgency", c.getString("urgency")));
        field(b, t.get("case.category"), c.getString("category"));
        field(b, t.get("col.subject"), c.getString("subject"));
        b.append("<dt>").append(text(t.get("case.description"))).append("</dt><dd><p class=\"verbatim-text\">")
                .append(text(c.getString("description")).replace("\n", "<br>")).append("</p></dd>\n");
        if (complainant != null) {
            String name = complainant.getString("name");
            if (complainant.getBoolean("confidential", false)) {
                name = (name == null ? "" : name + " ") + "(" + t.get("case.confidential") + ")";
            }
            field(b, t.get("col.complainant"), name);
            field(b, t.get("case.phone"), complainant.getString("phone"));
            field(b, t.get("case.email"), complainant.getString("email"));
            field(b, t.get("case.address"), complainant.getString("address"));
            field(b, t.get("case.customerId"), complainant.getString("customerId"));
        }
        JsonObject r = c.getJsonObject("respondent", new JsonObject());
        field(b, t.get("col.respondent"), join(r.getString("organisation"), r.getString("branch")));
        field(b, t.get("case.respondentAddress"), r.getString("address"));
        field(b, t.get("case.staff"), r.getString("staff"));
        JsonObject demand = c.getJsonObject("demand", new JsonObject());
        field(b, t.get("case.demand"), demand.getString("text"));
        JsonArray types = demand.getJsonArray("types", new JsonArray());
        if (!types.isEmpty()) {
            StringBuilder names = new StringBuilder();
            types.forEach(type -> names.append(names.isEmpty() ? "" : "、").append(t.code("demandType", String.valueOf(type))));
            field(b, t.get("case.demandTypes"), names.toString());
        }
        if (demand.getString("amount") != null) {
            field(b, t.get("case.amount"), demand.getString("amount") + " " + demand.getString("currency", ""));
        }
        JsonObject p = c.getJsonObject("product");
        if (p != null) {
            field(b, t.get("case.product"), join(p.getString("brand"), p.getString("model"),
                    p.getString("orderNumber"), p.getValue("price") == null ? null : String.valueOf(p.getValue("price"))));
        }
        JsonObject location = c.getJsonObject("location");
        if (location != null) {
            field(b, t.get("case.location"), join(location.getString("address"),
                    location.getValue("lat") == null ? null : location.getValue("lat") + "," + location.getValue("long")));
        }
        b.append("</dl>\n");
        JsonArray attachments = c.getJsonArray("attachments", new JsonArray());
        if (!attachments.isEmpty()) {
            b.append("<h3>").append(text(t.get("case.attachments"))).append("</h3><ul>");
            for (Object o : attachments) {
                JsonObject a = (JsonObject) o;
                b.append("<li><a href=\"/desk/cases/").append(attr(c.getString("reference"))).append("/attachments/")
                        .append(a.getLong("id")).append("\" download>").append(text(a.getString("name")))
                        .append("</a> <span class=\"muted small\">").append(text(a.getString("contentType"))).append(", ")
                        .append(a.getLong("size")).append(" B</span></li>");
            }
            b.append("</ul>\n");
        }
        close(b);
    }

    void submissions(StringBuilder b, Viewer v, String ref, List<StoredSubmission> submissions, boolean confidential) {
        Texts t = v.t();
        open(b, "h-submissions", t.get("case.submissions", submissions.size()));
        for (StoredSubmission s : submissions) {
            b.append("<details class=\"action\"><summary>").append(text(t.code("channel",
                            CaseListPage.channelGroup(s.channel())))).append(" · ").append(text(s.transport()))
                    .append(" · ").append(formats.time(s.receivedAt())).append(" · ")
                    .append(text(t.code("role", s.role()))).append(" <span class=\"muted small\">#").append(s.id())
                    .append("</span></summary>\n");
            if (confidential && !v.supervisor()) {
                b.append("<p class=\"muted\">").append(text(t.get("verbatim.confidential"))).append("</p>\n");
            } else {
                b.append(VerbatimView.render(t, s));
            }
            if (s.joined() && v.supervisor()) {
                b.append("<form method=\"post\" action=\"/desk/cases/").append(attr(ref)).append("/unmerge\">")
                        .append(Layout.csrf(v)).append("<input type=\"hidden\" name=\"submissionId\" value=\"")
                        .append(s.id()).append("\"><label for=\"unmerge-").append(s.id()).append("\">")
                        .append(text(t.get("param.reason"))).append("</label><input type=\"text\" id=\"unmerge-")
                        .append(s.id()).append("\" name=\"reason\" maxlength=\"500\"><button type=\"submit\" class=\"secondary\">")
                        .append(text(t.get("case.unmerge"))).append("</button></form>\n");
            }
            b.append("</details>\n");
        }
        close(b);
    }

    /**
     * Possible duplicates this case is part of: a submission that had not proven its contact kept out of an
     * existing case. The other case, what dedup found, the state, and for a pending pair the two decisions.
     */
    void possibleDuplicates(StringBuilder b, Viewer v, String ref, List<PossibleDuplicate> pairs) {
        if (pairs.isEmpty()) {
            return;
        }
        Texts t = v.t();
        open(b, "h-duplicates", t.get("case.duplicates"));
        b.append("<ul>\n");
        for (PossibleDuplicate p : pairs) {
            boolean isNew = ref.equals(p.reference());
            String other = isNew ? p.existingReference() : p.reference();
            b.append("<li><p>").append(text(t.get(isNew ? "duplicates.ofExisting" : "duplicates.ofNew")))
                    .append(" <a class=\"ref\" href=\"/desk/cases/").append(attr(other)).append("\">").append(text(other))
                    .append("</a> · ").append(text(t.code("duplicateState", p.state()))).append("<br><span class=\"small muted\">")
                    .append(text(t.code("rule", EventDetails.slug(p.why().getString("rule", ""))))).append(" · ").append(formats.time(p.createdAt()))
                    .append(p.decidedBy() == null ? "" : " · " + text(p.decidedBy())).append("</span></p>\n");
            if ("pending".equals(p.state())) {
                for (String decision : List.of("confirm", "dismiss")) {
                    b.append("<form method=\"post\" class=\"inline\" action=\"/desk/cases/").append(attr(ref))
                            .append("/possible-duplicates/").append(p.id()).append('/').append(decision).append("\">")
                            .append(Layout.csrf(v)).append("<button type=\"submit\"")
                            .append("dismiss".equals(decision) ? " class=\"secondary\"" : "").append(">")
                            .append(text(t.get("duplicates." + decision, p.reference(), p.existingReference())))
                            .append("</button></form>\n");
                }
            }
            b.append("</li>\n");
        }
        b.append("</ul>\n");
        close(b);
    }

    /**
     * The reply to the complainant: said before anyone writes whether it can reach them (and why not), with the
     * phone reply (电话回复) to record instead — or as well, when the desk phoned.
     */
    void reply(StringBuilder b, Viewer v, String ref, ReplyRoute route, String prefill, List<Template> templates) {
        Texts t = v.t();
        b.append("<section class=\"card\" id=\"reply\" aria-labelledby=\"h-reply\"><h2 id=\"h-reply\">")
                .append(text(t.get("case.reply"))).append("</h2>\n");
        if (!route.deliverable()) {
            b.append("<p class=\"notice warn\" id=\"reply-cannot\">").append(text(t.get("reply." + route.refusal())))
                    .append("</p>\n");
        } else {
            b.append("<p class=\"small muted\">").append(text(t.get("reply.to", t.code("channel", route.channel()),
                    "email".equals(route.channel()) ? Masking.email(route.to()) : Masking.phone(route.to()))))
                    .append("</p>\n<form method=\"get\" action=\"/desk/cases/").append(attr(ref))
                    .append("\" class=\"inline-form\"><label for=\"reply-template\">").append(text(t.get("template.reply")))
                    .append("</label>");
            ActionForms.templateSelect(b, t, "reply-template", "reply", templates);
            b.append("<button type=\"submit\" class=\"secondary\">").append(text(t.get("template.use")))
                    .append("</button></form>\n<p class=\"small muted\">").append(text(t.get("template.placeholders")))
                    .append("</p>\n<form method=\"post\" action=\"/desk/cases/").append(attr(ref)).append("/reply\">")
                    .append(Layout.csrf(v)).append(nonce());
            if ("email".equals(route.channel())) {
                b.append("<div><label for=\"reply-subject\">").append(text(t.get("reply.subject")))
                        .append("</label><input type=\"text\" id=\"reply-subject\" name=\"subject\" maxlength=\"200\""
                                + " value=\"").append(attr(t.get("reply.defaultSubject", ref))).append("\"></div>\n");
            }
            b.append("<div><label for=\"reply-text\">").append(text(t.get("reply.text"))).append("</label>")
                    .append("<textarea id=\"reply-text\" name=\"text\" required maxlength=\"")
                    .append("sms".equals(route.channel()) ? 500 : 10000).append("\" rows=\"5\">")
                    .append(text(prefill == null ? "" : prefill)).append("</textarea></div>\n")
                    .append("<div><button type=\"submit\">").append(text(t.get("reply.send"))).append("</button></div>\n</form>\n");
        }
        b.append(route.deliverable() ? "<details class=\"action\"><summary>" + text(t.get("phone.title")) + "</summary>\n"
                : "<h3>" + text(t.get("phone.title")) + "</h3>\n");
        b.append("<form method=\"post\" action=\"/desk/cases/").append(attr(ref)).append("/phone-reply\">")
                .append(Layout.csrf(v)).append(nonce())
                .append("<div><label for=\"phone-caller\">").append(text(t.get("phone.caller"))).append("</label>")
                .append("<input type=\"text\" id=\"phone-caller\" name=\"caller\" maxlength=\"100\" value=\"")
                .append(attr(v.session().displayName())).append("\"></div>\n")
                .append("<div><label for=\"phone-at\">").append(text(t.get("phone.calledAt"))).append("</label>")
                .append("<input type=\"datetime-local\" id=\"phone-at\" name=\"calledAt\"></div>\n")
                .append("<div><label for=\"phone-summary\">").append(text(t.get("phone.summary"))).append("</label>")
                .append("<textarea id=\"phone-summary\" name=\"summary\" required maxlength=\"2000\" rows=\"3\"></textarea>")
                .append("</div>\n<div><button type=\"submit\" class=\"secondary\">").append(text(t.get("phone.record")))
                .append("</button></div>\n</form>\n").append(route.deliverable() ? "</details>\n" : "");
        close(b);
    }

    /** A fresh request key per rendered form: submitting it twice is one action. */
    static String nonce() {
        return "<input type=\"hidden\" name=\"nonce\" value=\"" + ConsoleSessions.randomToken() + "\">";
    }

    void notes(StringBuilder b, Viewer v, String ref, List<Note> notes) {
        Texts t = v.t();
        open(b, "h-notes", t.get("case.notes"));
        if (notes.isEmpty()) {
            b.append("<p class=\"muted\">").append(text(t.get("case.noNotes"))).append("</p>\n");
        }
        for (Note n : notes) {
            b.append("<div class=\"note\"><p class=\"small muted\">").append(text(n.author())).append(" · ")
                    .append(formats.time(n.at())).append("</p><p>").append(text(n.body()).replace("\n", "<br>"))
                    .append("</p></div>\n");
        }
        b.append("<form method=\"post\" action=\"/desk/cases/").append(attr(ref)).append("/notes\">").append(Layout.csrf(v))
                .append("<label for=\"note-body\">").append(text(t.get("case.newNote"))).append("</label>")
                .append("<textarea id=\"note-body\" name=\"body\" required maxlength=\"5000\" rows=\"3\"></textarea>")
                .append("<div><button type=\"submit\" class=\"secondary\">").append(text(t.get("case.addNote")))
                .append("</button></div></form>\n");
        close(b);
    }

    /** @param assigneeName the assignee's display name (their user name when unknown) */
    void status(StringBuilder b, Texts t, JsonObject c, String assigneeName) {
        JsonObject sla = c.getJsonObject("sla", new JsonObject());
        b.append("<section class=\"card\" id=\"case-status\" aria-labelledby=\"h-status\"><h2 id=\"h-status\">")
                .append(text(t.get("case.status"))).append("</h2>\n<dl class=\"fields\">")
                .append("<dt>").append(text(t.get("col.status"))).append("</dt><dd><span class=\"badge status-")
                .append(attr(c.getString("status"))).append("\">").append(text(t.code("status", c.getString("status"))))
                .append("</span></dd>");
        field(b, t.get("col.assignee"), assigneeName == null ? t.get("cases.unassigned") : assigneeName);
        if (sla.getString("waitingSince") != null) {
            b.append("<dt>").append(text(t.get("case.waitingSince"))).append("</dt><dd>")
                    .append(formats.time(instant(sla.getString("waitingSince")))).append("</dd>");
        }
        b.append("</dl>\n<h3>").append(text(t.get("case.deadlines"))).append("</h3>\n");
        JsonArray deadlines = sla.getJsonArray("deadlines", new JsonArray());
        if (deadlines.isEmpty()) {
            b.append("<p class=\"muted\">").append(text(t.get("sla.none"))).append("</p>");
        } else {
            b.append("<table><thead><tr><th scope=\"col\">").append(text(t.get("case.deadline")))
                    .append("</th><th scope=\"col\">").append(text(t.get("sla.due"))).append("</th><th scope=\"col\">")
                    .append(text(t.get("case.state"))).append("</th></tr></thead><tbody>");
            for (Object o : deadlines) {
                JsonObject d = (JsonObject) o;
                b.append("<tr><td>").append(text(t.code("deadline", d.getString("kind"))));
                if (d.getInteger("extensions", 0) > 0) {
                    b.append(" <span class=\"muted small\">").append(text(t.get("case.extended", d.getString("extendedBy", ""))))
                            .append("</span>");
                }
                b.append("</td><td>").append(formats.time(instant(d.getString("dueAt")))).append("</td><td>")
                        .append(deadlineState(t, d)).append("</td></tr>");
            }
            b.append("</tbody></table>\n");
        }
        b.append("</section>\n");
    }

    /** The state, with the business time left (or over) while the clock runs; the API computed it. */
    private static String deadlineState(Texts t, JsonObject d) {
        String state = d.getString("state");
        Long seconds = d.getLong("remainingBusinessSeconds");
        String what = t.code("slaState", state);
        if (seconds != null) {
            Duration left = Duration.ofSeconds(seconds);
            what = SlaDeadline.PAUSED.equals(state) ? t.get("sla.pausedLeft", Formats.duration(t, left))
                    : left.isNegative() ? t.get("sla.overdue", Formats.duration(t, left))
                    : t.get("sla.left", Formats.duration(t, left));
        }
        return "<span class=\"sla sla-" + attr(state) + "\">" + text(what) + "</span>";
    }

    void tickets(StringBuilder b, Texts t, JsonArray tickets) {
        if (tickets.isEmpty()) {
            return;
        }
        open(b, "h-tickets", t.get("case.tickets"));
        b.append("<table><thead><tr><th scope=\"col\">").append(text(t.get("ticket.number"))).append("</th><th scope=\"col\">")
                .append(text(t.get("case.state"))).append("</th><th scope=\"col\">").append(text(t.get("ticket.due")))
                .append("</th></tr></thead><tbody>");
        for (Object o : tickets) {
            JsonObject k = (JsonObject) o;
            b.append("<tr><td>").append(text(k.getString("source"))).append(" ").append(text(k.getString("ticketNumber")))
                    .append("</td><td>").append(text(t.code("ticketState", k.getString("state")))).append("</td><td>")
                    .append(formats.time(instant(k.getString("signForDueAt")))).append(" / ")
                    .append(formats.time(instant(k.getString("replyDueAt")))).append("</td></tr>");
        }
        b.append("</tbody></table>\n");
        close(b);
    }

    void deliveries(StringBuilder b, Texts t, JsonArray deliveries) {
        open(b, "h-deliveries", t.get("case.deliveries"));
        if (deliveries.isEmpty()) {
            b.append("<p class=\"muted\">").append(text(t.get("case.noDeliveries"))).append("</p>\n");
        } else {
            b.append("<ul>");
            for (Object o : deliveries) {
                JsonObject d = (JsonObject) o;
                b.append("<li>").append(text(t.code("outboxKind", d.getString("kind")))).append(" · ")
                        .append(text(t.code("channel", d.getString("channel")))).append(" · <span class=\"badge\">")
                        .append(text(t.code("outboxStatus", d.getString("status")))).append("</span> ")
                        .append(formats.time(instant(d.getString(d.getString("deliveredAt") != null ? "deliveredAt"
                                : "createdAt"))));
                String note = d.getString("lastError") != null ? d.getString("lastError") : d.getString("result");
                if (note != null && !note.isBlank()) {
                    b.append("<br><span class=\"small muted\">").append(text(CaseListPage.shorten(ReasonTexts.of(t, note),
                            160))).append("</span>");
                }
                b.append("</li>");
            }
            b.append("</ul>\n");
        }
        close(b);
    }

    void incident(StringBuilder b, Texts t, Optional<JsonObject> incident) {
        if (incident.isEmpty()) {
            return;
        }
        JsonObject i = incident.get();
        open(b, "h-incident", t.get("case.incident"));
        b.append("<p><a href=\"/desk/incidents/").append(i.getLong("id")).append("\">")
                .append(text(join(i.getString("respondent"), i.getString("place"), i.getString("title"))))
                .append("</a> · ").append(text(t.get("incident.cases", i.getInteger("caseCount")))).append("</p>\n");
        close(b);
    }

    private static void open(StringBuilder b, String id, String title) {
        b.append("<section class=\"card\" aria-labelledby=\"").append(id).append("\"><h2 id=\"").append(id).append("\">")
                .append(text(title)).append("</h2>\n");
    }

    private static void close(StringBuilder b) {
        b.append("</section>\n");
    }

    private static void field(StringBuilder b, String label, String value) {
        if (value == null || value.isBlank()) {
            return;
        }
        b.append("<dt>").append(text(label)).append("</dt><dd>").append(text(value)).append("</dd>\n");
    }

    private static String join(String... parts) {
        StringBuilder out = new StringBuilder();
        for (String p : parts) {
            if (p != null && !p.isBlank()) {
                out.append(out.isEmpty() ? "" : " · ").append(p);
            }
        }
        return out.toString();
    }

    static Instant instant(String iso) {
        return iso == null ? null : Instant.parse(iso);
    }

}
