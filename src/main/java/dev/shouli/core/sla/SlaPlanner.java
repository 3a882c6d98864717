package dev.shouli.core.sla;

import dev.shouli.core.domain.Complaint;
import dev.shouli.core.domain.ComplaintKind;
import dev.shouli.core.domain.Deadlines;
import dev.shouli.core.domain.Urgency;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Sets a new case's deadlines from the first policy rule that covers its channel, kind and urgency, each on
 * its calendar. A hotline ticket's own time limits win over the policy.
 */
public final class SlaPlanner {

    private final Calendars calendars;
    private final List<PolicyRule> rules;
    private final double warnShare;

    /** @param rules in order, the last one covering everything */
    public SlaPlanner(Calendars calendars, List<PolicyRule> rules, double warnShare) {
        if (rules.isEmpty() || !rules.get(rules.size() - 1).coversEverything()) {
            throw new IllegalArgumentException("the last SLA policy rule must cover every case (no channel, kind "
                    + "or urgency), so every case gets deadlines");
        }
        for (PolicyRule rule : rules) {
            for (DeadlineKind kind : rule.allowances().keySet()) {
                calendars.get(rule.calendarFor(kind));
            }
        }
        this.calendars = calendars;
        this.rules = List.copyOf(rules);
        this.warnShare = warnShare;
    }

    public Calendars calendars() {
        return calendars;
    }

    public double warnShare() {
        return warnShare;
    }

    public PolicyRule ruleFor(Complaint complaint) {
        return ruleFor(complaint.channel(), complaint.kind(), complaint.urgency());
    }

    public PolicyRule ruleFor(String channel, ComplaintKind kind, Urgency urgency) {
        return rules.stream().filter(r -> r.covers(channel, kind, urgency)).findFirst().orElseThrow();
    }

    /**
     * @param receiptQueued whether a receipt will be sent; with nobody to tell there is no receipt clock
     */
    public List<PlannedDeadline> plan(Complaint complaint, boolean receiptQueued) {
        PolicyRule rule = ruleFor(complaint);
        Instant start = complaint.receivedAt();
        Deadlines own = complaint.sourceDeadlines();
        List<PlannedDeadline> planned = new ArrayList<>();
        for (Map.Entry<DeadlineKind, SlaAmount> e : rule.allowances().entrySet()) {
            DeadlineKind kind = e.getKey();
            if (kind == DeadlineKind.RECEIPT && !receiptQueued) {
                continue;
            }
            BusinessCalendar calendar = calendars.get(rule.calendarFor(kind));
            Instant policyDue = e.getValue().dueAfter(calendar, start);
            Instant sourceDue = sourceDue(own, kind, policyDue);
            Instant due = sourceDue != null ? sourceDue : policyDue;
            planned.add(new PlannedDeadline(kind, calendar.name(), start, due, warnAt(calendar, start, due),
                    sourceDue != null ? "source" : "policy"));
        }
        return planned;
    }

    /** The ticket's limit for this deadline; the reply is due by the ticket's reply/closure limit at the latest. */
    private static Instant sourceDue(Deadlines own, DeadlineKind kind, Instant policyDue) {
        if (own == null) {
            return null;
        }
        return switch (kind) {
            case RECEIPT -> own.acknowledgeBy();
            case FIRST_RESPONSE -> own.firstResponseBy();
            case RESOLUTION -> own.resolveBy();
            case REPLY -> own.resolveBy() != null && own.resolveBy().isBefore(policyDue) ? own.resolveBy() : null;
        };
    }

    /** When {@code warnShare} of the business time from start to due is used. */
    public Instant warnAt(BusinessCalendar calendar, Instant start, Instant due) {
        Duration total = calendar.workingTimeBetween(start, due);
        if (total.isZero()) {
            return due;
        }
        Instant warn = calendar.plusWorkingTime(start, Duration.ofSeconds((long) (total.getSeconds() * warnShare)));
        return warn.isAfter(due) ? due : warn;
    }

    /**
     * The case's columns acknowledge / first response / resolve, kept for list views and filters: the tracked
     * deadlines, else the source's own limits (a hotline ticket's sign-for time when no receipt is sent).
     */
    public static Deadlines summary(List<PlannedDeadline> planned, Deadlines own) {
        Instant receipt = own == null ? null : own.acknowledgeBy();
        Instant first = own == null ? null : own.firstResponseBy();
        Instant resolve = own == null ? null : own.resolveBy();
        for (PlannedDeadline d : planned) {
            switch (d.kind()) {
                case RECEIPT -> receipt = d.dueAt();
                case FIRST_RESPONSE -> first = d.dueAt();
                case RESOLUTION -> resolve = d.dueAt();
                default -> { }
            }
        }
        return new Deadlines(receipt, first, resolve);
    }
}
