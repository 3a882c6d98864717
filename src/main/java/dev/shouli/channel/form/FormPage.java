package dev.shouli.channel.form;

import static dev.shouli.channel.form.FormInput.*;
import static dev.shouli.channel.form.Html.attr;
import static dev.shouli.channel.form.Html.text;

import dev.shouli.channel.form.FormReader.Problem;
import dev.shouli.core.domain.ComplaintKind;
import dev.shouli.core.domain.DemandType;
import java.util.List;
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

    /** A file the server holds for this form; the form sends its token back to keep it. */
    record KeptFile(String token, String name, long size) {
    }

    /**
     * What the form shows: the values typed, errors per field (extra problems of one field under
     * {@code field.1}, {@code field.2}, …), files held from an earlier post, and a notice on top (the form expired,
     * the database was away, the files were too large) — any of them empty.
     */
    record View(FormInput values, Map<String, Problem> errors, List<KeptFile> kept, Problem notice) {
        static View empty() {
            return new View(FormInput.empty(), Map.of(), List.of(), null);
        }

        boolean hasSummary() {
            return notice != null || !errors.isEmpty();
        }
    }

    String render(FormLanguage language, View view, String token, String csrf) {
        Messages m = Messages.of(language);
        Writer w = new Writer(m, view.values(), view.errors());
        StringBuilder b = w.out;
        b.append(languageSwitcher(language, m, "/"));
        b.append("<main>\n<h1>").append(text(m.get("page.title"))).append("</h1>\n");
        // Someone who complained before looks for their case here first.
        b.append("<p class=\"lookup\"><a href=\"/status?lang=").append(language.tag()).append("\">")
                .append(text(m.get("page.status"))).append("</a></p>\n");
        b.append("<p>").append(text(m.get("page.intro"))).append("</p>\n");
        w.summary(view.notice());
        // multipart always, so attachments work; the action carries the language so every answer uses it.
        // novalidate: the server checks everything and reports every problem at once, in the page's language,
        // instead of the browser stopping at the first empty required field.
        b.append("<form method=\"post\" action=\"/form?lang=").append(language.tag())
                .append("\" enctype=\"multipart/form-data\" accept-charset=\"UTF-8\" novalidate>\n");
        b.append("<input type=\"hidden\" name=\"").append(TOKEN).append("\" value=\"").append(attr(token)).append("\">\n");
        b.append("<input type=\"hidden\" name=\"").append(CSRF).append("\" value=\"").append(attr(csrf)).append("\">\n");

        w.open("section.kind");
        w.select(KIND);
        w.close();

        w.open("section.complainant");
        b.append("<p class=\"hint\" id=\"h-contact\">").append(text(m.get("hint.contact"))).append("</p>\n");
        w.input(NAME, "text", "name", false, null, null);
        w.input(PHONE, "tel", "tel", false, "hint.phone", "h-contact");
        w.input(EMAIL, "email", "email", false, "hint.email", "h-contact");
        w.checkbox(CONFIDENTIAL, "yes", "field.confidential", "hint.confidential");
        w.close();

        w.open("section.respondent");
        w.input(ORGANISATION, "text", "organization", true, "hint.organisation", null);
        w.input(BRANCH, "text", "off", false, null, null);
        w.input(RESPONDENT_ADDRESS, "text", "off", false, null, null);
        w.close();

        w.open("section.matter");
        w.input(OCCURRED_AT, "datetime-local", "off", false, null, null);
        w.input(SUBJECT, "text", "off", false, null, null);
        w.textarea(DESCRIPTION, true, "hint.description");
        w.close();

        w.open("section.demand");
        w.demandTypes();
        w.textarea(DEMAND_TEXT, false, null);
        w.input(AMOUNT, "text", "off", false, null, null);
        w.close();

        w.open("section.product");
        w.input(PURCHASED_AT, "date", "off", false, null, null);
        w.input(BRAND, "text", "off", false, null, null);
        w.input(MODEL, "text", "off", false, null, null);
        w.input(ORDER_NUMBER, "text", "off", false, null, null);
        w.input(PRICE, "text", "off", false, null, null);
        w.close();

        w.open("section.attachments");
        w.kept(view.kept());
        w.fileInput(maxAttachments, maxAttachmentBytes);
        w.close();

        // The honeypot: off-screen and hidden from assistive technology, skipped by Tab, never autofilled.
        b.append("<div class=\"hp\" aria-hidden=\"true\"><label for=\"f-website\">").append(text(m.get("field.website")))
                .append("</label><input type=\"text\" id=\"f-website\" name=\"").append(HONEYPOT)
                .append("\" value=\"\" tabindex=\"-1\" autocomplete=\"off\"></div>\n");
        b.append("<section class=\"privacy\" aria-labelledby=\"privacy-title\">\n<h2 id=\"privacy-title\">")
                .append(text(m.get("privacy.title"))).append("</h2>\n<p>").append(text(m.get("privacy.body")))
                .append("</p>\n</section>\n");
        b.append("<button type=\"submit\">").append(text(m.get("submit"))).append("</button>\n</form>\n</main>\n");
        String title = m.get("page.title");
        return Html.page(language, view.hasSummary() ? m.get("title.error") + title : title, b.toString());
    }

    static String languageSwitcher(FormLanguage current, Messages m) {
        return languageSwitcher(current, m, "/");
    }

    /** Links to {@code path} in each language; {@code path} is ours, never from the request. */
    static String languageSwitcher(FormLanguage current, Messages m, String path) {
        StringBuilder b = new StringBuilder("<nav aria-label=\"").append(attr(m.get("page.language"))).append("\">");
        for (FormLanguage l : FormLanguage.values()) {
            b.append("<a href=\"").append(attr(path)).append(path.contains("?") ? "&amp;" : "?").append("lang=").append(l.tag()).append("\" hreflang=\"").append(l.tag())
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

        /**
         * The box on top when something needs the reader's attention: focused when the page loads (autofocus on
         * a tabindex=-1 element works without script), listing each error as a link to its field.
         */
        void summary(Problem notice) {
            if (errors.isEmpty() && notice == null) {
                return;
            }
            out.append("<div class=\"summary\" id=\"summary\" role=\"alert\" tabindex=\"-1\" autofocus "
                    + "aria-labelledby=\"summary-title\">\n<h2 id=\"summary-title\">")
                    .append(text(notice != null ? m.get(notice.key(), notice.args()) : m.get("errors.summary")))
                    .append("</h2>\n");
            if (!errors.isEmpty()) {
                if (notice != null) {
                    out.append("<p>").append(text(m.get("errors.summary"))).append("</p>\n");
                }
                out.append("<ul>\n");
                errors.forEach((key, problem) -> {
                    String field = fieldOf(key);
                    out.append("<li><a href=\"#f-").append(attr(field)).append("\">").append(text(label(field)))
                            .append("</a>").append(text(m.get("errors.separator")))
                            .append(text(m.get(problem.key(), problem.args()))).append("</li>\n");
                });
                out.append("</ul>\n");
            }
            out.append("</div>\n");
        }

        void open(String legendKey) {
            out.append("<fieldset>\n<legend>").append(text(m.get(legendKey))).append("</legend>\n");
        }

        void close() {
            out.append("</fieldset>\n");
        }

        /** @param sharedHint the id of a hint written once for several fields (or null) */
        void input(String field, String type, String autocomplete, boolean required, String hint, String sharedHint) {
            String described = labelAndNotes(field, required, hint, sharedHint);
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
            String described = labelAndNotes(field, required, hint, null);
            out.append("<textarea id=\"f-").append(field).append("\" name=\"").append(field)
                    .append("\" rows=\"8\" maxlength=\"").append(FormReader.MAX_TEXT).append('"');
            attributes(field, required, described);
            out.append('>').append(text(values.all(field).isEmpty() ? "" : values.all(field).get(0)))
                    .append("</textarea>\n");
        }

        void select(String field) {
            String described = labelAndNotes(field, false, null, null);
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

        void checkbox(String field, String value, String labelKey, String hintKey) {
            out.append("<div class=\"choice\"><input type=\"checkbox\" id=\"f-").append(field).append("\" name=\"")
                    .append(field).append("\" value=\"").append(value).append('"')
                    .append(values.checked(field) ? " checked" : "")
                    .append(" aria-describedby=\"h-").append(field).append("\"><label for=\"f-").append(field)
                    .append("\">").append(text(m.get(labelKey))).append("</label></div>\n")
                    .append("<p class=\"hint\" id=\"h-").append(field).append("\">").append(text(m.get(hintKey)))
                    .append("</p>\n");
        }

        /** Files held from an earlier post, each a ticked box that sends its token back; untick to drop it. */
        void kept(List<KeptFile> kept) {
            if (kept.isEmpty()) {
                return;
            }
            out.append("<fieldset class=\"kept\" aria-describedby=\"h-kept\">\n<legend>")
                    .append(text(m.get("kept.title"))).append("</legend>\n<p class=\"hint\" id=\"h-kept\">")
                    .append(text(m.get("kept.hint"))).append("</p>\n");
            for (int i = 0; i < kept.size(); i++) {
                KeptFile f = kept.get(i);
                out.append("<div class=\"choice\"><input type=\"checkbox\" id=\"f-kept-").append(i)
                        .append("\" name=\"").append(KEPT).append("\" value=\"").append(attr(f.token()))
                        .append("\" checked><label for=\"f-kept-").append(i).append("\">")
                        .append(text(m.get("kept.item", f.name(), ResultPages.size(f.size())))).append("</label></div>\n");
            }
            out.append("</fieldset>\n");
        }

        void fileInput(int maxAttachments, long maxAttachmentBytes) {
            out.append("<label for=\"f-").append(ATTACHMENTS).append("\">").append(text(label(ATTACHMENTS)))
                    .append("</label>\n<p class=\"hint\" id=\"h-").append(ATTACHMENTS).append("\">")
                    .append(text(m.get("hint.attachments", maxAttachments, ResultPages.size(maxAttachmentBytes))))
                    .append("</p>\n");
            boolean failed = error(ATTACHMENTS);
            out.append("<input type=\"file\" id=\"f-").append(ATTACHMENTS).append("\" name=\"").append(ATTACHMENTS)
                    .append("\" multiple accept=\"").append(FileTypes.ACCEPT).append("\" aria-describedby=\"h-")
                    .append(ATTACHMENTS).append(failed ? " e-" + ATTACHMENTS : "").append('"')
                    .append(failed ? " aria-invalid=\"true\"" : "").append(">\n");
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

        /** Label, hints and error; returns the ids the field must name in aria-describedby. */
        private String labelAndNotes(String field, boolean required, String hint, String sharedHint) {
            out.append("<label for=\"f-").append(field).append("\">").append(text(label(field)));
            if (required) {
                out.append(" <span class=\"req\">*</span>");
            }
            out.append("</label>\n");
            StringBuilder described = new StringBuilder();
            if (sharedHint != null) {
                described.append(sharedHint); // written once by the caller
            }
            if (hint != null) {
                out.append("<p class=\"hint\" id=\"h-").append(field).append("\">").append(text(m.get(hint)))
                        .append("</p>\n");
                described.append(described.isEmpty() ? "" : " ").append("h-").append(field);
            }
            if (error(field)) {
                described.append(described.isEmpty() ? "" : " ").append("e-").append(field);
            } else if (EMAIL.equals(field) && isContactMissing()) {
                // "Give a phone or an email" is one problem, shown once at the phone field; the email field
                // is just as much the answer to it.
                described.append(described.isEmpty() ? "" : " ").append("e-").append(PHONE);
            }
            return described.toString();
        }

        private boolean isContactMissing() {
            Problem phone = errors.get(PHONE);
            return phone != null && FormReader.CONTACT_MISSING.equals(phone.key());
        }

        /** The error paragraph of a field: every problem filed under it, in order. */
        private boolean error(String field) {
            StringBuilder message = new StringBuilder();
            errors.forEach((key, problem) -> {
                if (fieldOf(key).equals(field)) {
                    message.append(message.isEmpty() ? "" : " ").append(m.get(problem.key(), problem.args()));
                }
            });
            if (message.isEmpty()) {
                return false;
            }
            out.append("<p class=\"error\" id=\"e-").append(field).append("\">").append(text(message.toString()))
                    .append("</p>\n");
            return true;
        }

        private void attributes(String field, boolean required, String described) {
            if (required) {
                out.append(" required");
            }
            if (!described.isEmpty()) {
                out.append(" aria-describedby=\"").append(described).append('"');
            }
            if (errors.containsKey(field) || EMAIL.equals(field) && isContactMissing()) {
                out.append(" aria-invalid=\"true\"");
            }
        }

        private String label(String field) {
            return m.get("field." + field);
        }

        /** "attachments.1" → "attachments": further problems of one field. */
        private static String fieldOf(String key) {
            int dot = key.indexOf('.');
            return dot < 0 ? key : key.substring(0, dot);
        }
    }
}
