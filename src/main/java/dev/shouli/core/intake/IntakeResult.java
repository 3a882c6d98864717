package dev.shouli.core.intake;

import dev.shouli.core.domain.IntakeOutcome;

/**
 * The answer owed to a source: {@code {"outcome", "reference", "reason"}}. A redelivery gets the original
 * answer again, so {@code redelivery} is for logs and metrics only, never for the body.
 */
public record IntakeResult(IntakeOutcome outcome, String reference, String reason, boolean redelivery) {
}
