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

    public Deadlines deadlinesFor(Complaint complaint) {
        Instant received = complaint.receivedAt();
        return new Deadlines(
                received.plus(sla.acknowledge()),
                received.plus(sla.firstResponse().get(complaint.urgency())),
                received.plus(sla.resolve().get(complaint.urgency())));
    }
}
