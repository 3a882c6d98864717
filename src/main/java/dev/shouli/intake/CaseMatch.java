package dev.shouli.intake;

import dev.shouli.domain.IntakeOutcome;
import io.vertx.core.json.JsonObject;

/**
 * A decision that a submission belongs to an existing case.
 *
 * @param outcome {@code APPENDED} (a follow-up) or {@code MERGED} (a duplicate)
 * @param why     what matched and how well (keys, scores), kept in the case history
 */
public record CaseMatch(long caseId, String reference, IntakeOutcome outcome, JsonObject why) {

    public CaseMatch {
        if (outcome != IntakeOutcome.APPENDED && outcome != IntakeOutcome.MERGED) {
            throw new IllegalArgumentException("a match appends or merges, not " + outcome);
        }
    }

    /** The submission's role on the case. */
    public String role() {
        return outcome == IntakeOutcome.APPENDED ? "follow_up" : "duplicate";
    }
}
