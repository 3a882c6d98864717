package dev.shouli.dedup;

import java.time.Instant;
import java.util.List;

/**
 * A stored case as dedup sees it: a candidate for a new submission, or a case waiting for incident linking.
 *
 * @param foldedText the start of its text, folded, to find a respondent or place it names only in the text
 * @param point      where it happened, when coordinates were given, else null
 * @param category   its category code, folded, or null
 * @param addresses  its street addresses down to the house number
 */
public record StoredCase(long caseId, String reference, String channel, Long personId, Instant receivedAt,
                         RespondentKey respondent, String place, List<String> placeKeys, String orderNumber,
                         int[] shingles, Long incidentId, String foldedText, int textChars, GeoPoint point,
                         String category, List<String> addresses) {

    /** The profile the rules compare, rebuilt from what was stored (identity keys are not needed to link). */
    public CaseProfile profile() {
        return new CaseProfile(channel, receivedAt, List.of(), respondent, place, placeKeys, orderNumber,
                TextFingerprint.ofShingles(shingles), foldedText, textChars, false, point, category, addresses);
    }

    public StoredCase inIncident(Long incident) {
        return new StoredCase(caseId, reference, channel, personId, receivedAt, respondent, place, placeKeys,
                orderNumber, shingles, incident, foldedText, textChars, point, category, addresses);
    }
}
