package dev.shouli.core.intake;

import dev.shouli.core.domain.IntakeOutcome;
import io.vertx.core.json.JsonObject;

/**
 * A decision that a submission belongs to an existing case.
 *
 * @param outcome      {@code APPENDED} (a follow-up) or {@code MERGED} (a duplicate)
 * @param why          what matched and how well (keys, scores), kept in the case history
 * @param confirmFirst the case was made from a submission that had not proven its contact: whoever made it may not
 *                     own the contact, so nothing joins it without that contact's confirmation (a possible
 *                     duplicate, see {@link IntakeEvent#withheld()}), however well proven the new submission is
 */
public record CaseMatch(long caseId, String reference, IntakeOutcome outcome, JsonObject why, boolean confirmFirst) {

    public CaseMatch {
        if (outcome != IntakeOutcome.APPENDED && outcome != IntakeOutcome.MERGED) {
            throw new IllegalArgumentException("a match appends or merges, not " + outcome);
        }
    }

    /** A match with a case whose contact was proven (every channel matcher's). */
    public CaseMatch(long caseId, String reference, IntakeOutcome outcome, JsonObject why) {
        this(caseId, reference, outcome, why, false);
    }

    /** The submission's role on the case. */
    public String role() {
        return outcome == IntakeOutcome.APPENDED ? "follow_up" : "duplicate";
    }
}
