package dev.shouli.channel.form;

import static dev.shouli.channel.form.FormInput.*;
import static dev.shouli.channel.form.Html.attr;
import static dev.shouli.channel.form.Html.text;

import dev.shouli.channel.form.FormReader.Problem;
import dev.shouli.domain.ComplaintKind;
import dev.shouli.domain.DemandType;
import java.util.Map;

/**
 * Renders the complaint form: plain HTML that works without JavaScript, a label for every field, fieldsets
 * with legends, and each error next to its field (linked by aria-describedby) and listed at the top.
 */
final class FormPage {

    private final int maxAttachments;
    private final long maxAttachmentBytes;

    FormPage(int maxAttachments, long maxAttachmentBytes) {
        this.maxAttachments = maxAttachments;
        this.maxAttachmentBytes = maxAttachmentBytes;
    }

    String render(FormLanguage language, FormInput values, Map<String, Problem> errors, String token, String csrf) {
        Messages m = Messages.of(language);
        Writer w = new Writer(m, values, errors);
        StringBuilder b = w.out;
        b.append(languageSwitcher(language, m));
        b.append("<main>\n<h1>").append(text(m.get("page.title"))).append("</h1>\n");
        b.append("<p>").append(text(m.get("page.intro"))).append("</p>\n");
        w.summary();
        // multipart always, so attachments work; the action carries the language so every answer uses it.
        b.append("<form method=\"post\" action=\"/form?lang=").append(language.tag())
                .append("\" enctype=\"multipart/form-data\" accept-charset=\"UTF-8\">\n");
        b.append("<input type=\"hidden\" name=\"").append(TOKEN).append("\" value=\"").append(attr(token)).append("\">\n");
        b.append("<input type=\"hidden\" name=\"").append(CSRF).append("\" value=\"").append(attr(csrf)).append("\">\n");

        w.open("section.kind");
        w.select(KIND);
        w.close();

        w.open("section.complainant");
        b.append("<p class=\"hint\" id=\"h-contact\">").append(text(m.get("hint.contact"))).append("</p>\n");
        w.input(NAME, "text", "name", false, null);
        w.input(PHONE, "tel", "tel", false, "h-contact");
        w.input(EMAIL, "email", "email", false, "h-contact");
        w.checkbox(CONFIDENTIAL, "yes", "field.confidential");
        w.close();

        w.open("section.respondent");
        w.input(ORGANISATION, "text", "organization", false, "hint.organisation");
        w.input(BRANCH, "text", "off", false, null);
        w.input(RESPONDENT_ADDRESS, "text", "off", false, null);
        w.close();

        w.open("section.matter");
        w.input(OCCURRED_AT, "datetime-local", "off", false, null);
        w.input(SUBJECT, "text", "off", false, null);
        w.textarea(DESCRIPTION, true, "hint.description");
        w.close();

        w.open("section.demand");
        w.demandTypes();
        w.textarea(DEMAND_TEXT, false, null);
        w.input(AMOUNT, "text", "off", false, null);
        w.close();

        w.open("section.product");
        w.input(PURCHASED_AT, "date", "off", false, null);
        w.input(BRAND, "text", "off", false, null);
        w.input(MODEL, "text", "off", false, null);
        w.input(ORDER_NUMBER, "text", "off", false, null);
        w.input(PRICE, "text", "off", false, null);
        w.close();

        w.open("section.attachments");
        b.append("<label for=\"f-attachments\">").append(text(m.get("field.attachments"))).append("</label>\n")
                .append("<p class=\"hint\" id=\"h-attachments\">")
                .append(text(m.get("hint.attachments", maxAttachments, ResultPages.size(maxAttachmentBytes))))
                .append("</p>\n<input type=\"file\" id=\"f-attachments\" name=\"").append(ATTACHMENTS)
                .append("\" multiple accept=\"image/*,application/pdf\" aria-describedby=\"h-attachments\">\n");
        w.close();

        // The honeypot: off-screen and hidden from assistive technology, skipped by Tab, never autofilled.
        b.append("<div class=\"hp\" aria-hidden=\"true\"><label for=\"f-website\">").append(text(m.get("field.website")))
                .append("</label><input type=\"text\" id=\"f-website\" name=\"").append(HONEYPOT)
                .append("\" value=\"\" tabindex=\"-1\" autocomplete=\"off\"></div>\n");
        b.append("<button type=\"submit\">").append(text(m.get("submit"))).append("</button>\n</form>\n</main>\n");
        return Html.page(language, m.get("page.title"), b.toString());
    }

    static String languageSwitcher(FormLanguage current, Messages m) {
        StringBuilder b = new StringBuilder("<nav aria-label=\"").append(attr(m.get("page.language"))).append("\">");
        for (FormLanguage l : FormLanguage.values()) {
            b.append("<a href=\"/?lang=").append(l.tag()).append("\" hreflang=\"").append(l.tag())
                    .append("\" lang=\"").append(l.tag()).append('"')
                    .append(l == current ? " aria-current=\"page\"" : "").append('>')
                    .append(text(l.nativeName())).append("</a>");
        }
        return b.append("</nav>\n").toString();
    }

    /** Writes fields with their label, hint and error wired together. */
    private static final class Writer {
        final StringBuilder out = new StringBuilder(16 * 1024);
        final Messages m;
        final FormInput values;
        final Map<String, Problem> errors;

        Writer(Messages m, FormInput values, Map<String, Problem> errors) {
            this.m = m;
            this.values = values;
            this.errors = errors;
        }

        void summary() {
            if (errors.isEmpty()) {
                return;
            }
            out.append("<div class=\"summary\" role=\"alert\">\n<p><strong>").append(text(m.get("errors.summary")))
                    .append("</strong></p>\n<ul>\n");
            errors.forEach((field, problem) -> out.append("<li><a href=\"#f-").append(attr(field)).append("\">")
                    .append(text(label(field))).append("</a>: ").append(text(m.get(problem.key(), problem.args())))
                    .append("</li>\n"));
            out.append("</ul>\n</div>\n");
        }

        void open(String legendKey) {
            out.append("<fieldset>\n<legend>").append(text(m.get(legendKey))).append("</legend>\n");
        }

        void close() {
            out.append("</fieldset>\n");
        }

        void input(String field, String type, String autocomplete, boolean required, String hint) {
            String described = labelAndNotes(field, required, hint);
            out.append("<input type=\"").append(type).append("\" id=\"f-").append(field).append("\" name=\"")
                    .append(field).append("\" value=\"").append(attr(values.one(field))).append("\" autocomplete=\"")
                    .append(autocomplete).append('"');
            if (!"date".equals(type) && !"datetime-local".equals(type)) {
                out.append(" maxlength=\"").append(FormReader.MAX_LINE).append('"');
            }
            attributes(field, required, described);
            out.append(">\n");
        }

        void textarea(String field, boolean required, String hint) {
            String described = labelAndNotes(field, required, hint);
            out.append("<textarea id=\"f-").append(field).append("\" name=\"").append(field)
                    .append("\" rows=\"8\" maxlength=\"").append(FormReader.MAX_TEXT).append('"');
            attributes(field, required, described);
            out.append('>').append(text(values.all(field).isEmpty() ? "" : values.all(field).get(0)))
                    .append("</textarea>\n");
        }

        void select(String field) {
            String described = labelAndNotes(field, false, null);
            out.append("<select id=\"f-").append(field).append("\" name=\"").append(field).append('"');
            attributes(field, false, described);
            out.append(">\n");
            String chosen = values.one(field) == null ? ComplaintKind.COMPLAINT.code() : values.one(field);
            for (ComplaintKind k : ComplaintKind.values()) {
                out.append("<option value=\"").append(k.code()).append('"')
                        .append(k.code().equals(chosen) ? " selected" : "").append('>')
                        .append(text(m.get("kind." + k.code()))).append("</option>\n");
            }
            out.append("</select>\n");
        }

        void checkbox(String field, String value, String labelKey) {
            out.append("<div class=\"choice\"><input type=\"checkbox\" id=\"f-").append(field).append("\" name=\"")
                    .append(field).append("\" value=\"").append(value).append('"')
                    .append(values.checked(field) ? " checked" : "").append("><label for=\"f-").append(field)
                    .append("\">").append(text(m.get(labelKey))).append("</label></div>\n");
        }

        /** A group of checkboxes is its own fieldset, so the legend is read with every box. */
        void demandTypes() {
            Problem problem = errors.get(DEMAND_TYPES);
            out.append("<fieldset id=\"f-").append(DEMAND_TYPES).append('"')
                    .append(problem == null ? "" : " aria-describedby=\"e-" + DEMAND_TYPES + "\"")
                    .append(">\n<legend>").append(text(m.get("field.demandTypes"))).append("</legend>\n");
            error(DEMAND_TYPES);
            for (DemandType t : DemandType.values()) {
                String id = "f-demand-" + t.code();
                out.append("<div class=\"choice\"><input type=\"checkbox\" id=\"").append(id).append("\" name=\"")
                        .append(DEMAND_TYPES).append("\" value=\"").append(t.code()).append('"')
                        .append(values.all(DEMAND_TYPES).contains(t.code()) ? " checked" : "")
                        .append("><label for=\"").append(id).append("\">").append(text(m.get("demand." + t.code())))
                        .append("</label></div>\n");
            }
            out.append("</fieldset>\n");
        }

        /** Label, hint and error; returns the ids the field must name in aria-describedby. */
        private String labelAndNotes(String field, boolean required, String hint) {
            out.append("<label for=\"f-").append(field).append("\">").append(text(label(field)));
            if (required) {
                out.append(" <span class=\"req\">*</span>");
            }
            out.append("</label>\n");
            StringBuilder described = new StringBuilder();
            if (hint != null && hint.startsWith("hint.")) {
                out.append("<p class=\"hint\" id=\"h-").append(field).append("\">").append(text(m.get(hint)))
                        .append("</p>\n");
                described.append("h-").append(field);
            } else if (hint != null) {
                described.append(hint); // a hint shared by several fields, written once by the caller
            }
            if (error(field)) {
                described.append(described.isEmpty() ? "" : " ").append("e-").append(field);
            }
            return described.toString();
        }

        private boolean error(String field) {
            Problem problem = errors.get(field);
            if (problem == null) {
                return false;
            }
            out.append("<p class=\"error\" id=\"e-").append(field).append("\">")
                    .append(text(m.get(problem.key(), problem.args()))).append("</p>\n");
            return true;
        }

        private void attributes(String field, boolean required, String described) {
            if (required) {
                out.append(" required");
            }
            if (!described.isEmpty()) {
                out.append(" aria-describedby=\"").append(described).append('"');
            }
            if (errors.containsKey(field)) {
                out.append(" aria-invalid=\"true\"");
            }
        }

        private String label(String field) {
            return m.get("field." + field);
        }
    }
}
