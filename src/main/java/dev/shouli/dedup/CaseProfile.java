package dev.shouli.dedup;

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
 */
public record CaseProfile(String channel, Instant receivedAt, List<String> identityKeys, RespondentKey respondent,
                          String place, List<String> placeKeys, String orderNumber, TextFingerprint fingerprint,
                          String foldedText, int textChars, boolean reply) {
}
