package dev.shouli.dedup;

import java.time.Instant;

/** A stored case as dedup sees it, found as a candidate for a new submission. */
public record StoredCase(long caseId, String reference, String channel, Long personId, Instant receivedAt,
                         RespondentKey respondent, String place, String orderNumber, int[] shingles,
                         Long incidentId) {
}
