package dev.shouli.feature.dedup;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A stored case as dedup sees it: a candidate for a new submission, or a case waiting for incident linking.
 *
 * @param foldedText the start of its text, folded, to find a respondent or place it names only in the text
 * @param point      where it happened, when coordinates were given, else null
 * @param category   its category code, folded, or null
 * @param addresses  its street addresses down to the house number
 * @param claimedKeys for a case made from a submission that had not proven its contact (no person): the keys it
 *                    typed; empty otherwise
 * @param claimedPersonId the person those keys belong to now, if any (never proven to be this case's)
 */
public record StoredCase(long caseId, String reference, String channel, Long personId, Instant receivedAt,
                         RespondentKey respondent, String place, List<String> placeKeys, String orderNumber,
                         int[] shingles, Long incidentId, String foldedText, int textChars, GeoPoint point,
                         String category, List<String> addresses, List<String> claimedKeys, Long claimedPersonId) {

    /** A case of a person (or of nobody), with no claimed keys. */
    public StoredCase(long caseId, String reference, String channel, Long personId, Instant receivedAt,
                      RespondentKey respondent, String place, List<String> placeKeys, String orderNumber,
                      int[] shingles, Long incidentId, String foldedText, int textChars, GeoPoint point,
                      String category, List<String> addresses) {
        this(caseId, reference, channel, personId, receivedAt, respondent, place, placeKeys, orderNumber, shingles,
                incidentId, foldedText, textChars, point, category, addresses, List.of(), null);
    }

    /**
     * Whether the two cases are, as far as anyone proved or typed, one person's: then they are never an incident
     * (many people, one problem), however alike. A case without a person counts as the person its typed keys
     * belong to, and two such cases that typed a key in common as one person.
     */
    public boolean samePersonAs(StoredCase other) {
        Long mine = personId != null ? personId : claimedPersonId;
        Long theirs = other.personId != null ? other.personId : other.claimedPersonId;
        if (mine != null && mine.equals(theirs)) {
            return true;
        }
        // Asked for every pair the linker compares; nearly every case has no claimed keys.
        if (claimedKeys.isEmpty() || other.claimedKeys.isEmpty()) {
            return false;
        }
        for (String key : claimedKeys) {
            if (other.claimedKeys.contains(key)) {
                return true;
            }
        }
        return false;
    }

    /** The profile the rules compare, rebuilt from what was stored (identity keys are not needed to link). */
    public CaseProfile profile() {
        return new CaseProfile(channel, receivedAt, List.of(), respondent, place, placeKeys, orderNumber,
                TextFingerprint.ofShingles(shingles), foldedText, textChars, false, point, category, addresses);
    }

    /** This case as it stands now: in {@code incident}, its typed keys now {@code claimedPerson}'s. */
    public StoredCase now(Long incident, Long claimedPerson) {
        return Objects.equals(incident, incidentId) && Objects.equals(claimedPerson, claimedPersonId)
                ? this
                : new StoredCase(caseId, reference, channel, personId, receivedAt, respondent, place, placeKeys,
                        orderNumber, shingles, incident, foldedText, textChars, point, category, addresses,
                        claimedKeys, claimedPerson);
    }

    public StoredCase inIncident(Long incident) {
        return new StoredCase(caseId, reference, channel, personId, receivedAt, respondent, place, placeKeys,
                orderNumber, shingles, incident, foldedText, textChars, point, category, addresses, claimedKeys,
                claimedPersonId);
    }
}
