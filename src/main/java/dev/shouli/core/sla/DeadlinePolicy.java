package dev.shouli.core.sla;

import dev.shouli.core.domain.Complaint;
import java.util.List;

/**
 * A new case's deadlines: the configured policy (channel × kind × urgency) on business calendars, with a
 * hotline ticket's own time limits winning. The arithmetic lives in {@link SlaPlanner}.
 */
public final class DeadlinePolicy {

    private final SlaPlanner planner;

    public DeadlinePolicy(SlaConfig sla) {
        this.planner = new SlaPlanner(sla.calendars(), sla.policies(), sla.warnShare());
    }

    /** @param receiptQueued whether a receipt goes out; without one there is no receipt clock */
    public List<PlannedDeadline> deadlinesFor(Complaint complaint, boolean receiptQueued) {
        return planner.plan(complaint, receiptQueued);
    }

    public SlaPlanner planner() {
        return planner;
    }
}
