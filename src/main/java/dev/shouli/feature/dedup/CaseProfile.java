package dev.shouli.feature.dedup;

import java.time.Instant;
import java.util.List;

/**
 * What dedup compares of one complaint: who (identity keys), about whom (respondent), where, which order,
 * what (fingerprint), and whether it reads like a follow-up.
 *
 * @param place       the location field, folded, when given
 * @param placeKeys   keys of the place from the location field and from place names in the text ({@link Places})
 * @param foldedText  the whole text folded and squashed, to find a respondent named in free text
 * @param textChars   length of the complainant's text, to tell a short message
 * @param reply       a reply or an addition ("Re:", "回复：", "补充：") rather than a new matter
 * @param point       coordinates of where it happened, when given (Open311 lat/long), else null
 * @param category    the category code (GB/T 39666, an Open311 service code), folded, or null
 * @param addresses   street addresses down to the house number, from the location field and the text
 *                    ({@link Addresses})
 */
public record CaseProfile(String channel, Instant receivedAt, List<String> identityKeys, RespondentKey respondent,
                          String place, List<String> placeKeys, String orderNumber, TextFingerprint fingerprint,
                          String foldedText, int textChars, boolean reply, GeoPoint point, String category,
                          List<String> addresses) {

    /** The keys this case is found by when another case looks for cases at the same place. */
    public List<String> storedPlaceKeys() {
        if (point == null) {
            return placeKeys;
        }
        List<String> keys = new java.util.ArrayList<>(placeKeys);
        keys.add(point.cell());
        return keys;
    }

    /** The keys this case looks for: its own places, and the cells around its coordinates. */
    public List<String> probePlaceKeys() {
        if (point == null) {
            return placeKeys;
        }
        List<String> keys = new java.util.ArrayList<>(placeKeys);
        keys.addAll(point.nearbyCells());
        return keys;
    }
}
