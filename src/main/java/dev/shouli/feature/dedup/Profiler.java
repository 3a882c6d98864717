package dev.shouli.feature.dedup;

import dev.shouli.core.domain.Complaint;
import dev.shouli.core.intake.IntakeUnit;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Builds the {@link CaseProfile} of a normalised complaint. */
public final class Profiler {

    private static final Pattern REPLY = Pattern.compile(
            "^\\s*(?:(?:re|aw|答复|回复|回覆|fw|fwd|转发)\\s*[:：]|补充|追加|跟进|再次|又|还是没|还没|follow[- ]?up|update)",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern ORDER = Pattern.compile(
            "(?:订单号?|订单编号|单号|运单号|快递单号|order\\s*+(?:no\\.?|number|#|id)?|tracking\\s*+(?:no\\.?|number)?)"
                    + "\\s*+(?:是|为|:|：|#)?\\s*+([a-z0-9][a-z0-9-]{5,})",
            Pattern.CASE_INSENSITIVE);

    private final IdentityKeys identityKeys;
    private final RespondentKey.Normaliser respondents;

    public Profiler(IdentityKeys identityKeys, RespondentKey.Normaliser respondents) {
        this.identityKeys = identityKeys;
        this.respondents = respondents;
    }

    public RespondentKey.Normaliser respondents() {
        return respondents;
    }

    /** The profile of an intake's complaint, computed once for the matcher and the hook that stores it. */
    public CaseProfile profile(IntakeUnit unit) {
        return unit.memo(this, () -> profile(unit.complaint()));
    }

    public CaseProfile profile(Complaint c) {
        String text = String.join("\n", nz(c.subject()), nz(c.description()), nz(c.demand().text()));
        String foldedText = Script.fold(text);
        String folded = RespondentKey.squash(foldedText);
        String own = c.description() != null ? c.description() : nz(c.subject());
        boolean reply = REPLY.matcher(nz(c.subject())).find() || REPLY.matcher(own).find();
        Set<String> addresses = new LinkedHashSet<>(Addresses.in(Script.fold(c.location().address())));
        addresses.addAll(Addresses.in(foldedText));
        return new CaseProfile(c.channel(), c.receivedAt(), identityKeys.of(c), respondents.of(c.respondent()),
                place(c), Places.keys(c.location().address(), folded), orderNumber(c, foldedText),
                TextFingerprint.ofFolded(Addresses.without(foldedText)), folded,
                own.strip().codePointCount(0, own.strip().length()), reply,
                GeoPoint.of(c.location().latitude(), c.location().longitude()), category(c), List.copyOf(addresses));
    }

    private static String category(Complaint c) {
        if (c.category() == null) {
            return null;
        }
        String folded = RespondentKey.squash(Script.fold(c.category()));
        return folded.isEmpty() ? null : folded;
    }

    private static String place(Complaint c) {
        if (c.location().address() == null) {
            return null;
        }
        String p = RespondentKey.squash(Script.fold(c.location().address()));
        return p.isEmpty() ? null : p;
    }

    /** @param foldedText the complaint's text through {@link Script#fold} */
    static String orderNumber(Complaint c, String foldedText) {
        if (c.product().orderNumber() != null) {
            String o = RespondentKey.squash(Script.fold(c.product().orderNumber()));
            if (!o.isEmpty()) {
                return o;
            }
        }
        Matcher m = ORDER.matcher(foldedText);
        return m.find() ? m.group(1).replace("-", "") : null;
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}
