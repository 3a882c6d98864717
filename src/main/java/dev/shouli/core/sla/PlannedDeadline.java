package dev.shouli.core.sla;

import java.time.Instant;

/**
 * A deadline as set on intake.
 *
 * @param warnAt when the configured share of its business time is used up
 * @param source "policy", or "source" when the hotline ticket set it
 */
public record PlannedDeadline(DeadlineKind kind, String calendar, Instant startedAt, Instant dueAt, Instant warnAt,
                              String source) {
}
