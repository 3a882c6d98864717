package dev.shouli.channel.form;

import static dev.shouli.channel.form.Html.attr;
import static dev.shouli.channel.form.Html.text;

import dev.shouli.channel.form.FormStore.Receipt;
import dev.shouli.core.domain.ComplaintKind;
import dev.shouli.core.domain.Urgency;
import dev.shouli.core.sla.Calendars;
import dev.shouli.core.sla.DeadlineKind;
import dev.shouli.core.sla.PolicyRule;
import dev.shouli.core.sla.SlaAmount;
import dev.shouli.core.sla.SlaConfig;
import dev.shouli.core.sla.SlaPlanner;
import java.time.Duration;
import java.util.Locale;

/** The pages a submission can end on: receipt, neutral thanks, the friendly refusals, and "no such page". */
final class ResultPages {

    private final SlaPlanner planner;
    private final Calendars calendars;

    ResultPages(SlaConfig sla) {
        this.calendars = sla.calendars();
        this.planner = new SlaPlanner(sla.calendars(), sla.policies(), sla.warnShare());
    }

    /**
     * The reference in large type and what happens next, worded for the kind of matter (praise is not a
     * complaint). Times are said as "within N hours" from the SLA policy of a form matter of that kind rather
     * than as clock times, so the page reads the same whenever it is reloaded. Form submissions carry no
     * urgency, so the normal deadlines apply. The acknowledgement is promised only when one will be sent.
     */
    String receipt(FormLanguage language, Receipt receipt) {
        Messages m = Messages.of(language);
        ComplaintKind kind = ComplaintKind.parse(receipt.kind()).orElse(ComplaintKind.COMPLAINT);
        PolicyRule rule = planner.ruleFor("form", kind, Urgency.NORMAL);
        String reference = receipt.reference();
        String body = "<main>\n<h1>" + text(m.get("receipt.title")) + "</h1>\n"
                + "<p>" + text(m.get(receipt.existingCase() ? "receipt.leadExisting" : "receipt.lead." + kind.code()))
                + "</p>\n"
                + "<p class=\"reference\" id=\"reference\">" + text(reference) + "</p>\n"
                + "<p><strong>" + text(m.get("receipt.keep")) + "</strong></p>\n"
                + "<h2>" + text(m.get("receipt.next")) + "</h2>\n<ul>\n"
                + (receipt.acknowledged() ? promise(m, rule, "receipt.ack", DeadlineKind.RECEIPT) : "")
                + promise(m, rule, "receipt.firstResponse", DeadlineKind.FIRST_RESPONSE)
                + promise(m, rule, "receipt.resolve", DeadlineKind.RESOLUTION)
                + "</ul>\n"
                + "<p><a href=\"/status?lang=" + language.tag() + "&amp;reference=" + attr(reference) + "\">"
                + text(m.get("receipt.status")) + "</a></p>\n"
                + link(language, "receipt.another") + "</main>\n";
        return Html.page(language, m.get("receipt.title") + " " + reference, body);
    }

    String message(FormLanguage language, String titleKey, String bodyKey, String linkKey, Object... args) {
        Messages m = Messages.of(language);
        String body = FormPage.languageSwitcher(language, m) + "<main>\n<h1>" + text(m.get(titleKey)) + "</h1>\n"
                + "<p>" + text(m.get(bodyKey, args)) + "</p>\n" + link(language, linkKey) + "</main>\n";
        return Html.page(language, m.get("title.error") + m.get(titleKey), body);
    }

    /** A changed form sent again: what it was registered as, with its receipt, when we know it. */
    String alreadySent(FormLanguage language, Receipt receipt, String receiptPath) {
        if (receipt == null) {
            return message(language, "used.title", "used.body", "receipt.another");
        }
        Messages m = Messages.of(language);
        String body = FormPage.languageSwitcher(language, m) + "<main>\n<h1>" + text(m.get("used.title")) + "</h1>\n"
                + "<p>" + text(m.get("used.bodyReference", receipt.reference())) + "</p>\n"
                + "<p><a href=\"" + attr(receiptPath) + "\">" + text(m.get("used.receipt")) + "</a></p>\n"
                + link(language, "receipt.another") + "</main>\n";
        return Html.page(language, m.get("title.error") + m.get("used.title"), body);
    }

    /** No page here (404), or an address that is not a page (405 for a browser's GET). */
    String notFound(FormLanguage language, boolean notAPage) {
        Messages m = Messages.of(language);
        String title = notAPage ? "notAPage.title" : "notFound.title";
        String body = FormPage.languageSwitcher(language, m) + "<main>\n<h1>" + text(m.get(title)) + "</h1>\n"
                + "<p>" + text(m.get(notAPage ? "notAPage.body" : "notFound.body")) + "</p>\n<ul>\n"
                + "<li><a href=\"/?lang=" + language.tag() + "\">" + text(m.get("receipt.another")) + "</a></li>\n"
                + "<li><a href=\"/status?lang=" + language.tag() + "\">" + text(m.get("receipt.status")) + "</a></li>\n"
                + "</ul>\n</main>\n";
        return Html.page(language, m.get("title.error") + m.get(title), body);
    }

    private static String link(FormLanguage language, String key) {
        return "<p><a href=\"/?lang=" + language.tag() + "\">" + text(Messages.of(language).get(key)) + "</a></p>\n";
    }

    /** One "within …" line, in working days or hours when the allowance runs on a business calendar. */
    private String promise(Messages m, PolicyRule rule, String key, DeadlineKind kind) {
        SlaAmount amount = rule.allowances().get(kind);
        if (amount == null) {
            return "";
        }
        boolean working = !calendars.get(rule.calendarFor(kind)).isRoundTheClock();
        String said = switch (amount.unit()) {
            case WORKING_DAYS -> m.plural("duration.workingDays", amount.value());
            case HOURS -> working ? m.plural("duration.workingHours", amount.value())
                    : duration(m, Duration.ofHours(amount.value()));
            case MINUTES -> duration(m, Duration.ofMinutes(amount.value()));
        };
        return "<li>" + text(m.get(key, said)) + "</li>\n";
    }

    /** Whole days when it is a number of days, else hours, else minutes. */
    static String duration(Messages m, Duration d) {
        if (d.toHours() >= 48 && d.toHours() % 24 == 0) {
            return m.plural("duration.days", d.toDays());
        }
        if (d.toMinutes() >= 60 && d.toMinutes() % 60 == 0) {
            return m.plural("duration.hours", d.toHours());
        }
        return m.plural("duration.minutes", Math.max(1, d.toMinutes()));
    }

    /** Sizes as people read them: "10 MB", "512 KB". */
    static String size(long bytes) {
        if (bytes >= 1024 * 1024 && bytes % (1024 * 1024) == 0) {
            return bytes / (1024 * 1024) + " MB";
        }
        if (bytes >= 1024 * 1024) {
            return String.format(Locale.ROOT, "%.1f MB", bytes / (1024.0 * 1024));
        }
        if (bytes >= 1024) {
            return bytes / 1024 + " KB";
        }
        return bytes + " B";
    }
}
