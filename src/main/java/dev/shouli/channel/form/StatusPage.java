package dev.shouli.channel.form;

import static dev.shouli.channel.form.Html.attr;
import static dev.shouli.channel.form.Html.text;

import dev.shouli.channel.form.FormReader.Problem;
import dev.shouli.channel.form.StatusLookup.View;
import dev.shouli.channel.form.StatusStore.Note;
import dev.shouli.channel.form.StatusStore.StatusCase;
import dev.shouli.core.domain.ComplaintKind;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;

/** The status page: the question (reference and contact) and the answer, as plain HTML without script. */
final class StatusPage {

    private static final DateTimeFormatter CHINESE = DateTimeFormatter.ofPattern("yyyy年M月d日 HH:mm", Locale.CHINA);
    private static final DateTimeFormatter ENGLISH = DateTimeFormatter.ofPattern("d MMM yyyy, HH:mm", Locale.ENGLISH);

    private final ZoneId zone;

    StatusPage(ZoneId zone) {
        this.zone = zone;
    }

    /**
     * The question, with what was typed; a notice (no match, too many tries) or field errors on top, focused on
     * load like the form's error summary.
     */
    String question(FormLanguage language, String reference, String contact, Map<String, Problem> errors,
                    Problem notice) {
        Messages m = Messages.of(language);
        StringBuilder b = new StringBuilder(FormPage.languageSwitcher(language, m, "/status"));
        b.append("<main>\n<h1>").append(text(m.get("status.title"))).append("</h1>\n");
        b.append("<p>").append(text(m.get("status.intro"))).append("</p>\n");
        if (notice != null || !errors.isEmpty()) {
            b.append("<div class=\"summary\" id=\"summary\" role=\"alert\" tabindex=\"-1\" autofocus "
                    + "aria-labelledby=\"summary-title\">\n<h2 id=\"summary-title\">")
                    .append(text(notice != null ? m.get(notice.key(), notice.args()) : m.get("errors.summary")))
                    .append("</h2>\n");
            if (!errors.isEmpty()) {
                b.append("<ul>\n");
                errors.forEach((field, problem) -> b.append("<li><a href=\"#f-").append(field).append("\">")
                        .append(text(m.get("status.field." + field))).append("</a>")
                        .append(text(m.get("errors.separator"))).append(text(m.get(problem.key(), problem.args())))
                        .append("</li>\n"));
                b.append("</ul>\n");
            }
            b.append("</div>\n");
        }
        b.append("<form method=\"post\" action=\"/status?lang=").append(language.tag())
                .append("\" accept-charset=\"UTF-8\" novalidate>\n");
        field(b, m, errors, "reference", reference, "off", "text");
        field(b, m, errors, "contact", contact, "off", "text");
        b.append("<button type=\"submit\">").append(text(m.get("status.submit"))).append("</button>\n</form>\n");
        b.append("<p><a href=\"/?lang=").append(language.tag()).append("\">").append(text(m.get("status.form")))
                .append("</a></p>\n</main>\n");
        String title = m.get("status.title");
        return Html.page(language, notice != null || !errors.isEmpty() ? m.get("title.error") + title : title,
                b.toString());
    }

    private static void field(StringBuilder b, Messages m, Map<String, Problem> errors, String name, String value,
                              String autocomplete, String type) {
        Problem problem = errors.get(name);
        b.append("<label for=\"f-").append(name).append("\">").append(text(m.get("status.field." + name)))
                .append(" <span class=\"req\">*</span></label>\n")
                .append("<p class=\"hint\" id=\"h-").append(name).append("\">")
                .append(text(m.get("status.hint." + name))).append("</p>\n");
        if (problem != null) {
            b.append("<p class=\"error\" id=\"e-").append(name).append("\">")
                    .append(text(m.get(problem.key(), problem.args()))).append("</p>\n");
        }
        b.append("<input type=\"").append(type).append("\" id=\"f-").append(name).append("\" name=\"").append(name)
                .append("\" value=\"").append(attr(value)).append("\" autocomplete=\"").append(autocomplete)
                .append("\" required maxlength=\"").append(FormReader.MAX_LINE).append("\" aria-describedby=\"h-")
                .append(name).append(problem != null ? " e-" + name + "\" aria-invalid=\"true\"" : "\"").append(">\n");
    }

    /**
     * The answer. A confidential (保密) case shows no names and not the subject (which may name people); no case
     * ever shows the complainant's name or contact: a reference and four digits are a thin proof.
     *
     * @param extras what features add ({@code surveyLink}, {@code surveyAnswer})
     * @param proof    the token that lets the person add to the case without proving it again; null when the case
     *                 takes no additions (it is resolved or closed)
     */
    String answer(FormLanguage language, View view, JsonObject extras, String proof) {
        Messages m = Messages.of(language);
        StatusCase c = view.c();
        StringBuilder b = new StringBuilder(FormPage.languageSwitcher(language, m, "/status"));
        b.append("<main>\n<h1>").append(text(m.get("status.case.title"))).append("</h1>\n<dl class=\"case\">\n");
        row(b, m.get("status.field.reference"), "<span class=\"nowrap\">" + text(c.reference()) + "</span>");
        row(b, m.get("status.case.kind"), text(m.get("kind." + ComplaintKind.parse(c.kind())
                .orElse(ComplaintKind.COMPLAINT).code())));
        row(b, m.get("status.case.received"), time(language, c.receivedAt()));
        row(b, m.get("status.case.status"), "<strong>" + text(m.get("status.state." + c.status())) + "</strong>");
        String respondent = join(c.organisation(), c.branch());
        if (!respondent.isEmpty()) {
            row(b, m.get("status.case.respondent"), text(respondent));
        }
        if (!c.confidential() && c.subject() != null) {
            row(b, m.get("status.case.subject"), text(c.subject()));
        }
        if (view.waiting()) {
            row(b, m.get("status.case.next"), text(m.get("status.case.waiting")));
        } else if (view.next() != null) {
            row(b, m.get("status.case.next"), text(m.get("status.deadline." + view.next().kind())) + text(
                    m.get("errors.separator")) + text(m.get("status.deadline.due", format(language, view.next().dueAt()))));
        }
        b.append("</dl>\n");
        if (view.result() != null) {
            b.append("<h2>").append(text(m.get("status.case.result"))).append("</h2>\n<p class=\"result\">")
                    .append(text(view.result().text())).append("</p>\n");
        }
        JsonObject answered = extras.getJsonObject("surveyAnswer");
        String surveyLink = extras.getString("surveyLink");
        if (answered != null) {
            b.append("<h2>").append(text(m.get("status.survey.title"))).append("</h2>\n<p>")
                    .append(text(m.get("status.survey.answered", m.get("status.verdict." + answered.getString("verdict")),
                            format(language, Instant.parse(answered.getString("answeredAt"))))))
                    .append("</p>\n");
        } else if (surveyLink != null) {
            // Our own page: the link's path, so it stays on the address the person used.
            b.append("<h2>").append(text(m.get("status.survey.title"))).append("</h2>\n<p>")
                    .append(text(m.get("status.survey.body"))).append(" <a href=\"")
                    .append(attr(java.net.URI.create(surveyLink).getRawPath())).append("\">")
                    .append(text(m.get("status.survey.link"))).append("</a></p>\n");
        }
        b.append("<h2>").append(text(m.get("status.case.notes"))).append("</h2>\n");
        if (view.notes().isEmpty()) {
            b.append("<p>").append(text(m.get("status.case.noNotes"))).append("</p>\n");
        } else {
            b.append("<ol class=\"notes\">\n");
            for (Note n : view.notes()) {
                b.append("<li>").append(time(language, n.at())).append(text(n.text())).append("</li>\n");
            }
            b.append("</ol>\n");
        }
        if (proof != null) {
            additionFields(b, m, language, c.reference(), proof, "", null);
        }
        b.append("<p><a href=\"/status?lang=").append(language.tag()).append("\">").append(text(m.get("status.again")))
                .append("</a></p>\n</main>\n");
        return Html.page(language, m.get("status.case.title") + " " + c.reference(), b.toString());
    }

    /** The form to add text and files to the case, again, with what was typed and what was wrong with it. */
    String additionForm(FormLanguage language, String reference, String proof, String text, Problem problem) {
        Messages m = Messages.of(language);
        StringBuilder b = new StringBuilder(FormPage.languageSwitcher(language, m, "/status"));
        b.append("<main>\n<h1>").append(text(m.get("status.add.title"))).append("</h1>\n");
        additionFields(b, m, language, reference, proof, text, problem);
        b.append("</main>\n");
        return Html.page(language, m.get("title.error") + m.get("status.add.title"), b.toString());
    }

    private static void additionFields(StringBuilder b, Messages m, FormLanguage language, String reference,
                                       String proof, String typed, Problem problem) {
        b.append("<section aria-labelledby=\"add-title\">\n<h2 id=\"add-title\">")
                .append(text(m.get("status.add.title"))).append("</h2>\n<p id=\"add-hint\">")
                .append(text(m.get("status.add.intro", reference))).append("</p>\n");
        if (problem != null) {
            b.append("<p class=\"error\" id=\"add-error\" role=\"alert\">")
                    .append(text(m.get(problem.key(), problem.args()))).append("</p>\n");
        }
        b.append("<form method=\"post\" action=\"").append(StatusAdditions.PATH).append("?lang=")
                .append(language.tag()).append("\" enctype=\"multipart/form-data\" accept-charset=\"UTF-8\">\n")
                .append("<input type=\"hidden\" name=\"").append(StatusAdditions.TOKEN).append("\" value=\"")
                .append(attr(proof)).append("\">\n")
                .append("<label for=\"add-text\">").append(text(m.get("status.add.text"))).append("</label>\n")
                .append("<textarea id=\"add-text\" name=\"").append(StatusAdditions.TEXT).append("\" rows=\"5\" ")
                .append("maxlength=\"").append(StatusAdditions.MAX_TEXT).append("\" aria-describedby=\"add-hint")
                .append(problem != null ? " add-error\" aria-invalid=\"true\"" : "\"").append(">")
                .append(text(typed)).append("</textarea>\n")
                .append("<label for=\"add-files\">").append(text(m.get("status.add.files"))).append("</label>\n")
                .append("<input type=\"file\" id=\"add-files\" name=\"").append(FormInput.ATTACHMENTS)
                .append("\" multiple accept=\"image/*,application/pdf\">\n")
                .append("<button type=\"submit\">").append(text(m.get("status.add.submit"))).append("</button>\n")
                .append("</form>\n</section>\n");
    }

    /** What was added is on the case now. */
    String added(FormLanguage language, String reference) {
        Messages m = Messages.of(language);
        StringBuilder b = new StringBuilder(FormPage.languageSwitcher(language, m, "/status"));
        b.append("<main>\n<h1>").append(text(m.get("status.add.done.title"))).append("</h1>\n<p role=\"status\">")
                .append(text(m.get("status.add.done.body", reference))).append("</p>\n")
                .append("<p><a href=\"/status?lang=").append(language.tag()).append("&amp;reference=")
                .append(attr(reference)).append("\">").append(text(m.get("status.add.done.back"))).append("</a></p>\n")
                .append("</main>\n");
        return Html.page(language, m.get("status.add.done.title"), b.toString());
    }

    /** The proof expired, was altered, or the case is gone: prove the contact again. */
    String additionRefused(FormLanguage language) {
        Messages m = Messages.of(language);
        StringBuilder b = new StringBuilder(FormPage.languageSwitcher(language, m, "/status"));
        b.append("<main>\n<h1>").append(text(m.get("status.add.refused.title"))).append("</h1>\n<p>")
                .append(text(m.get("status.add.refused.body"))).append("</p>\n<p><a href=\"/status?lang=")
                .append(language.tag()).append("\">").append(text(m.get("status.again"))).append("</a></p>\n</main>\n");
        return Html.page(language, m.get("status.add.refused.title"), b.toString());
    }

    private static void row(StringBuilder b, String term, String html) {
        b.append("<dt>").append(text(term)).append("</dt><dd>").append(html).append("</dd>\n");
    }

    private String time(FormLanguage language, Instant at) {
        return "<time datetime=\"" + at.atZone(zone).toOffsetDateTime() + "\">" + text(format(language, at)) + "</time>";
    }

    String format(FormLanguage language, Instant at) {
        return (language == FormLanguage.EN ? ENGLISH : CHINESE).format(at.atZone(zone));
    }

    private static String join(String a, String b) {
        return ((a == null ? "" : a) + " " + (b == null ? "" : b)).strip();
    }
}
