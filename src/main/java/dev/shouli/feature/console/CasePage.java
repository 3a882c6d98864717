package dev.shouli.feature.console;

import static dev.shouli.feature.console.Html.attr;
import static dev.shouli.feature.console.Html.text;

import dev.shouli.core.cases.Assignees.Assignee;
import dev.shouli.core.domain.Masking;
import dev.shouli.core.cases.ReplyRoute;
import dev.shouli.feature.console.ConsoleCaseStore.Note;
import dev.shouli.feature.console.ConsoleCaseStore.StoredSubmission;
import dev.shouli.feature.console.TemplateStore.Template;
import dev.shouli.feature.dedup.PossibleDuplicate;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Optional;

/**
 * The case page: the normalised record, every submission verbatim, history, deadlines with business time
 * left, hotline tickets, deliveries, incident, possible duplicates, actions, notes and the reply form. The status and history
 * sections have ids so live updates can replace them without touching forms being filled in.
 */
final class CasePage {

    /** Everything the page shows, gathered by the handler. */
    record Data(JsonObject record, List<StoredSubmission> submissions, Optional<JsonObject> incident,
                List<Note> notes, ReplyRoute reply, List<PossibleDuplicate> possibleDuplicates,
                List<Assignee> assignees, List<Template> templates, String prefill) {
    }

    private final CaseSections sections;
    private final Timeline timeline;

    CasePage(Formats formats) {
        this.sections = new CaseSections(formats);
        this.timeline = new Timeline(formats);
    }

    /** @param extensionSections what other modules show about the case ({@link ConsoleExtension#caseSection}) */
    String render(Viewer v, Data d, String notice, String error, String extensionSections) {
        Texts t = v.t();
        JsonObject c = d.record();
        String ref = c.getString("reference");
        StringBuilder b = new StringBuilder(64 * 1024);
        b.append("<div data-live-case=\"").append(attr(ref)).append("\">\n");
        b.append("<p class=\"small\"><a href=\"/desk/cases\">").append(text(t.get("case.back"))).append("</a></p>\n");
        b.append("<h1><span class=\"ref\">").append(text(ref)).append("</span> ")
                .append(text(CaseListPage.shorten(c.getString("subject"), 60))).append("</h1>\n");
        if (notice != null) {
            b.append("<p class=\"notice ok\" role=\"status\">").append(text(notice)).append("</p>\n");
        }
        if (error != null) {
            b.append("<div class=\"notice error\" role=\"alert\">").append(text(error)).append("</div>\n");
        }
        b.append("<div class=\"grid\">\n<div>\n");
        sections.record(b, t, c, Masking.complainant(c.getJsonObject("complainant")));
        timeline.render(b, t, c, d.submissions(), d.notes());
        sections.reply(b, v, ref, d.reply(), d.prefill(), d.templates());
        sections.notes(b, v, ref, d.notes());
        sections.submissions(b, v, ref, d.submissions(), confidential(c));
        b.append("</div>\n<div>\n");
        String assignee = c.getString("assignee");
        sections.status(b, t, c, assignee == null ? null : d.assignees().stream()
                .filter(a -> a.username().equals(assignee)).map(Assignee::displayName).findFirst().orElse(assignee));
        b.append("<section class=\"card\" id=\"actions\" tabindex=\"-1\" aria-labelledby=\"h-actions\"><h2 id=\"h-actions\">")
                .append(text(t.get("case.actions"))).append("</h2>\n");
        QuickActions.render(b, v, ref, c.getString("status"), d.reply(), d.templates());
        b.append(ActionForms.render(v, "/desk/cases/" + ref + "/actions/", c.getString("status"),
                        c.getJsonObject("sla").getString("waitingSince") != null, d.assignees(), d.templates()))
                .append("</section>\n");
        sections.tickets(b, t, c.getJsonArray("hotlineTickets", new JsonArray()));
        sections.deliveries(b, t, c.getJsonArray("deliveries", new JsonArray()));
        sections.incident(b, t, d.incident());
        sections.possibleDuplicates(b, v, ref, d.possibleDuplicates());
        b.append(extensionSections);
        b.append("</div>\n</div>\n</div>\n");
        return Layout.page(v, "/desk/cases", ref, b.toString(), new String[] {"#actions", t.get("nav.skipActions")});
    }

    static boolean confidential(JsonObject c) {
        JsonObject complainant = c.getJsonObject("complainant");
        return complainant != null && complainant.getBoolean("confidential", false);
    }
}
