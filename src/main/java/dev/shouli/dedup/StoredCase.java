package dev.shouli.dedup;

import java.time.Instant;
import java.util.List;

/**
 * A stored case as dedup sees it, found as a candidate for a new submission.
 *
 * @param foldedText the start of its text, folded, to find a respondent or place it names only in the text
 */
public record StoredCase(long caseId, String reference, String channel, Long personId, Instant receivedAt,
                         RespondentKey respondent, String place, List<String> placeKeys, String orderNumber,
                         int[] shingles, Long incidentId, String foldedText) {
}
