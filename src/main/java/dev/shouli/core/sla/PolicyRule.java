package dev.shouli.core.sla;

import dev.shouli.core.domain.ComplaintKind;
import dev.shouli.core.domain.Urgency;
import java.util.EnumMap;
import java.util.Map;

/**
 * One line of the SLA policy: which cases it covers (null = any channel / kind / urgency), the calendar its
 * clocks run on, and the allowance per deadline. A deadline the rule does not name is not tracked.
 */
public record PolicyRule(String channel, ComplaintKind kind, Urgency urgency, String calendar,
                         Map<DeadlineKind, SlaAmount> allowances) {

    public PolicyRule {
        allowances = allowances.isEmpty() ? Map.of() : new EnumMap<>(allowances);
    }

    public boolean covers(String caseChannel, ComplaintKind caseKind, Urgency caseUrgency) {
        return (channel == null || channel.equals(caseChannel))
                && (kind == null || kind == caseKind)
                && (urgency == null || urgency == caseUrgency);
    }

    public boolean coversEverything() {
        return channel == null && kind == null && urgency == null;
    }

    /** The calendar a deadline of this rule runs on: its own, else the rule's. */
    public String calendarFor(DeadlineKind deadline) {
        SlaAmount amount = allowances.get(deadline);
        return amount != null && amount.calendar() != null ? amount.calendar() : calendar;
    }
}
