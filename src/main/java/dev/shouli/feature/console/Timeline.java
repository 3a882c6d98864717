package dev.shouli.feature.console;

import static dev.shouli.feature.console.Html.attr;
import static dev.shouli.feature.console.Html.text;

import dev.shouli.feature.console.ConsoleCaseStore.Note;
import dev.shouli.feature.console.ConsoleCaseStore.StoredSubmission;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The case as a conversation, in time order: every submission that came in (its text), every reply sent (the whole
 * text, the channel, whether it was delivered), phone replies, public and internal notes, the other messages we
 * sent (receipts, 回访 questions), status changes and everything else the history holds. The section keeps the id
 * of the old history so live updates refresh it.
 */
final class Timeline {

    /** One line of the conversation. */
    private record Entry(Instant at, int order, String css, String html) {
    }

    /** History kinds whose text the desk wrote for the complainant (their delivery is the reply's, below). */
    private static final Set<String> SHOWN_WITH_EVENT = Set.of("reply", "public-note");
    /** Parameters shown as the entry's text rather than as details. */
    private static final Set<String> TEXTS = Set.of("text", "subject", "summary", "publicNote", "result", "note",
            "caller", "calledAt", "requestKey", "notify");

    private final Formats formats;

    Timeline(Formats formats) {
        this.formats = formats;
    }

    void render(StringBuilder b, Texts t, JsonObject c, List<StoredSubmission> submissions, List<Note> notes) {
        Map<String, JsonObject> deliveries = new HashMap<>();
        for (Object o : c.getJsonArray("deliveries", new JsonArray())) {
            JsonObject d = (JsonObject) o;
            if (d.getString("idempotencyKey") != null) {
                deliveries.put(d.getString("idempotencyKey"), d);
            }
        }
        List<Entry> entries = new ArrayList<>();
        int order = 0;
        for (StoredSubmission s : submissions) {
            entries.add(new Entry(s.receivedAt(), order++, "tl-in", incoming(t, c, s)));
        }
        for (Object o : c.getJsonArray("history", new JsonArray())) {
            JsonObject e = (JsonObject) o;
            String kind = e.getString("kind");
            if ("received".equals(kind) || "note_added".equals(kind)) {
                continue;
            }
            entries.add(new Entry(CaseSections.instant(e.getString("at")), order++, css(kind), event(t, e, deliveries)));
        }
        for (Note n : notes) {
            entries.add(new Entry(n.at(), order++, "tl-internal", "<p class=\"tl-head\"><span class=\"what\">"
                    + text(t.get("timeline.internalNote")) + "</span> · " + text(n.author()) + " · " + formats.time(n.at())
                    + "</p><p class=\"tl-text\">" + text(n.body()) + "</p>"));
        }
        for (Object o : c.getJsonArray("deliveries", new JsonArray())) {
            JsonObject d = (JsonObject) o;
            if (!SHOWN_WITH_EVENT.contains(d.getString("kind")) && !"desk-event".equals(d.getString("kind"))) {
                entries.add(new Entry(CaseSections.instant(d.getString("createdAt")), order++, "tl-out",
                        "<p class=\"tl-head\"><span class=\"what\">" + text(t.get("timeline.sent", t.code("outboxKind",
                                d.getString("kind")))) + "</span> · " + text(t.code("channel", d.getString("channel")))
                                + " · " + formats.time(CaseSections.instant(d.getString("createdAt"))) + " "
                                + delivery(t, d) + "</p>"));
            }
        }
        entries.sort(Comparator.comparing(Entry::at, Comparator.nullsFirst(Comparator.naturalOrder()))
                .thenComparingInt(Entry::order));
        b.append("<section class=\"card\" id=\"case-history\" aria-labelledby=\"h-history\"><h2 id=\"h-history\">")
                .append(text(t.get("case.timeline"))).append("</h2>\n<ol class=\"timeline\">\n");
        for (Entry e : entries) {
            b.append("<li class=\"").append(e.css()).append("\">").append(e.html()).append("</li>\n");
        }
        b.append("</ol>\n</section>\n");
    }

    private String incoming(Texts t, JsonObject c, StoredSubmission s) {
        String body = "origin".equals(s.role()) ? c.getString("description") : s.text();
        StringBuilder b = new StringBuilder("<p class=\"tl-head\"><span class=\"what\">")
                .append(text(t.get("timeline.in", t.code("role", s.role())))).append("</span> · ")
                .append(text(t.code("channel", CaseListPage.channelGroup(s.channel())))).append(" · ")
                .append(formats.time(s.receivedAt())).append(" <span class=\"muted small\">#").append(s.id())
                .append("</span></p>");
        if (body != null && !body.isBlank()) {
            b.append("<p class=\"tl-text\">").append(text(CaseListPage.shorten(body, 4000))).append("</p>");
        } else {
            b.append("<p class=\"small muted\">").append(text(t.get("timeline.seeVerbatim"))).append("</p>");
        }
        return b.toString();
    }

    private String event(Texts t, JsonObject e, Map<String, JsonObject> deliveries) {
        String kind = e.getString("kind");
        JsonObject detail = e.getJsonObject("detail", new JsonObject());
        JsonObject p = detail.getJsonObject("parameters", new JsonObject());
        StringBuilder b = new StringBuilder("<p class=\"tl-head\"><span class=\"what\">")
                .append(text(t.code("event", kind))).append("</span> · ").append(text(e.getString("actor"))).append(" · ")
                .append(formats.time(CaseSections.instant(e.getString("at"))));
        // "via" is an object for actions done through an incident or a batch (a 回访 answer's is its channel).
        JsonObject via = detail.getValue("via") instanceof JsonObject v ? v : null;
        if (via != null && via.getValue("incident") != null) {
            b.append(" · <a href=\"/desk/incidents/").append(via.getValue("incident")).append("\">")
                    .append(text(t.get(via.getBoolean("joined", false) ? "timeline.viaIncidentJoin" : "timeline.viaIncident",
                            via.getValue("incident")))).append("</a>");
        } else if (via != null && via.getValue("batch") != null) {
            b.append(" · <a href=\"/desk/batches/").append(via.getValue("batch")).append("\">")
                    .append(text(t.get("timeline.viaBatch", via.getValue("batch")))).append("</a>");
        }
        String from = detail.getString("from");
        String to = detail.getString("to");
        if (from != null && to != null && !from.equals(to)) {
            b.append(" · ").append(text(t.code("status", from))).append(" → ").append(text(t.code("status", to)));
        }
        b.append("</p>");
        if ("reply".equals(kind)) {
            if (p.getString("subject") != null) {
                b.append("<p class=\"small\"><span class=\"muted\">").append(text(t.get("reply.subject"))).append("：</span>")
                        .append(text(p.getString("subject"))).append("</p>");
            }
            b.append("<p class=\"tl-text\">").append(text(p.getString("text"))).append("</p>");
        } else if ("phone-reply".equals(kind)) {
            b.append("<p class=\"small muted\">").append(text(t.get("timeline.phone", p.getString("caller", ""),
                    formats.plainTime(CaseSections.instant(p.getString("calledAt")))))).append("</p>")
                    .append("<p class=\"tl-text\">").append(text(p.getString("summary"))).append("</p>");
        } else if ("replied".equals(kind)) {
            // A console reply before replies were desk actions: its text went out with the mail only.
            b.append("<p class=\"small muted\">").append(text(t.get("timeline.oldReply"))).append("</p>");
        }
        for (String field : new String[] {"result", "publicNote", "note"}) {
            if (p.getString(field) != null) {
                b.append("<p class=\"tl-text ").append("note".equals(field) ? "tl-internal-text" : "tl-public").append("\">")
                        .append("<span class=\"muted small\">").append(text(t.get("timeline." + field))).append("</span> ")
                        .append(text(p.getString(field))).append("</p>");
            }
        }
        JsonObject notice = detail.getJsonObject("notice");
        String key = notice != null ? notice.getString("outboxKey") : detail.getString("outboxKey");
        if (key != null) {
            JsonObject d = deliveries.get(key);
            b.append("<p class=\"small\">").append(text(t.get("timeline.toldBy", t.code("channel",
                    notice != null ? notice.getString("channel") : detail.getString("channel"))))).append(' ')
                    .append(d == null ? "" : delivery(t, d)).append("</p>");
        } else if (notice != null && notice.getString("refusal") != null) {
            b.append("<p class=\"small muted\">").append(text(t.get("timeline.notTold",
                    t.code("refusalWhy", notice.getString("refusal"))))).append("</p>");
        }
        String rest = EventDetails.of(t, kind, detail, TEXTS);
        if (!rest.isEmpty()) {
            b.append("<p class=\"small muted\">").append(text(rest)).append("</p>");
        }
        return b.toString();
    }

    /** A delivery's state as a badge, with why it was not sent, in the console's language. */
    static String delivery(Texts t, JsonObject d) {
        String status = d.getString("status");
        StringBuilder b = new StringBuilder("<span class=\"badge delivery-").append(attr(status)).append("\">")
                .append(text(t.code("outboxStatus", status))).append("</span>");
        String why = d.getString("lastError") != null ? d.getString("lastError") : d.getString("result");
        if (why != null && !why.isBlank() && !"sent".equals(status)) {
            b.append(" <span class=\"small muted\">").append(text(ReasonTexts.of(t, why))).append("</span>");
        }
        return b.toString();
    }

    private static String css(String kind) {
        return switch (kind) {
            case "reply", "phone-reply" -> "tl-out";
            case "merged", "appended" -> "tl-in";
            default -> "tl-event";
        };
    }
}
