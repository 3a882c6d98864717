package dev.shouli.core.sla;

import java.time.Duration;
import java.util.List;

/**
 * Deadlines on business calendars (see {@code sla:} in config/shouli.yaml).
 *
 * @param policies    in order; the first rule covering a case sets its deadlines, the last covers all
 * @param warnShare   share of a deadline's business time after which it is in warning
 * @param supervisors email addresses told when a deadline is breached
 */
public record SlaConfig(Calendars calendars, List<PolicyRule> policies, double warnShare,
                        Duration monitorInterval, int monitorBatch, List<String> supervisors) {
}
