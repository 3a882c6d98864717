package dev.shouli.intake;

import dev.shouli.config.ShouliConfig.SlaConfig;
import dev.shouli.domain.Complaint;
import dev.shouli.domain.Deadlines;
import java.time.Instant;

/**
 * First deadlines from the configured policy, counted in wall-clock time from receipt. The business
 * calendar (working hours, holidays, 调休) replaces this arithmetic later; the call stays the same.
 */
public final class DeadlinePolicy {

    private final SlaConfig sla;

    public DeadlinePolicy(SlaConfig sla) {
        this.sla = sla;
    }

    /** Policy deadlines, each replaced by the source's own where the source set one. */
    public Deadlines deadlinesFor(Complaint complaint) {
        Instant received = complaint.receivedAt();
        Deadlines source = complaint.sourceDeadlines();
        return new Deadlines(
                source != null && source.acknowledgeBy() != null ? source.acknowledgeBy()
                        : received.plus(sla.acknowledge()),
                source != null && source.firstResponseBy() != null ? source.firstResponseBy()
                        : received.plus(sla.firstResponse().get(complaint.urgency())),
                source != null && source.resolveBy() != null ? source.resolveBy()
                        : received.plus(sla.resolve().get(complaint.urgency())));
    }
}
