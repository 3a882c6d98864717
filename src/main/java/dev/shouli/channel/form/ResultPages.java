package dev.shouli.channel.form;

import static dev.shouli.channel.form.Html.text;

import dev.shouli.config.ShouliConfig.SlaConfig;
import dev.shouli.domain.Urgency;
import java.time.Duration;

/** The pages a submission can end on: receipt, neutral thanks, and the friendly refusals. */
final class ResultPages {

    private final SlaConfig sla;

    ResultPages(SlaConfig sla) {
        this.sla = sla;
    }

    /**
     * The reference in large type and what happens next. Times are said as "within N hours" from the SLA
     * policy rather than as clock times, so a resubmitted form shows the very same page. Form submissions
     * carry no urgency, so the normal deadlines apply.
     */
    String receipt(FormLanguage language, String reference, boolean existingCase) {
        Messages m = Messages.of(language);
        String body = "<main>\n<h1>" + text(m.get("receipt.title")) + "</h1>\n"
                + "<p>" + text(m.get(existingCase ? "receipt.leadExisting" : "receipt.lead")) + "</p>\n"
                + "<p class=\"reference\" id=\"reference\">" + text(reference) + "</p>\n"
                + "<p><strong>" + text(m.get("receipt.keep")) + "</strong></p>\n"
                + "<h2>" + text(m.get("receipt.next")) + "</h2>\n<ul>\n"
                + "<li>" + text(m.get("receipt.ack", duration(m, sla.acknowledge()))) + "</li>\n"
                + "<li>" + text(m.get("receipt.firstResponse", duration(m, sla.firstResponse().get(Urgency.NORMAL))))
                + "</li>\n"
                + "<li>" + text(m.get("receipt.resolve", duration(m, sla.resolve().get(Urgency.NORMAL)))) + "</li>\n"
                + "</ul>\n" + link(language, "receipt.another") + "</main>\n";
        return Html.page(language, m.get("receipt.title") + " " + reference, body);
    }

    String message(FormLanguage language, String titleKey, String bodyKey, String linkKey, Object... args) {
        Messages m = Messages.of(language);
        String body = FormPage.languageSwitcher(language, m) + "<main>\n<h1>" + text(m.get(titleKey)) + "</h1>\n"
                + "<p>" + text(m.get(bodyKey, args)) + "</p>\n" + link(language, linkKey) + "</main>\n";
        return Html.page(language, m.get(titleKey), body);
    }

    private static String link(FormLanguage language, String key) {
        return "<p><a href=\"/?lang=" + language.tag() + "\">" + text(Messages.of(language).get(key)) + "</a></p>\n";
    }

    /** Whole days when it is a number of days, else hours, else minutes. */
    static String duration(Messages m, Duration d) {
        if (d.toHours() >= 48 && d.toHours() % 24 == 0) {
            return m.get("duration.days", d.toDays());
        }
        if (d.toMinutes() >= 60 && d.toMinutes() % 60 == 0) {
            return m.get("duration.hours", d.toHours());
        }
        return m.get("duration.minutes", Math.max(1, d.toMinutes()));
    }

    /** Sizes as people read them: "10 MB", "512 KB". */
    static String size(long bytes) {
        if (bytes >= 1024 * 1024 && bytes % (1024 * 1024) == 0) {
            return bytes / (1024 * 1024) + " MB";
        }
        if (bytes >= 1024 * 1024) {
            return String.format(java.util.Locale.ROOT, "%.1f MB", bytes / (1024.0 * 1024));
        }
        if (bytes >= 1024) {
            return bytes / 1024 + " KB";
        }
        return bytes + " B";
    }
}
