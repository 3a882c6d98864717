package dev.shouli.feature.dedup;

import dev.shouli.core.domain.Complaint;
import dev.shouli.core.intake.PhoneNumbers;
import dev.shouli.core.intake.Text;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The keys a complainant is known by: E.164 phone (a hotline caller's too, confidential or not — masking is
 * for display, matching needs the real number), normalised email, customer/account id, and a phone number
 * the complainant states as their own in the text ("我的电话 138…", "call me on …"). Keys are prefixed by
 * kind so an account id can never equal a phone number. Sorted, so locks are always taken in one order.
 */
public final class IdentityKeys {

    /**
     * A number counts as the writer's own only after words that say so; a bare number in a complaint is as
     * likely the shop's hotline or an order number.
     */
    private static final Pattern STATED_PHONE = Pattern.compile(
            "(?:我的?(?:手机|电话|手机号|手机号码|电话号码|联系电话|联系方式)|联系电话|联系方式|回电|致电|本人电话"
                    + "|my (?:phone|mobile|number|cell)|call me(?: (?:on|at))?|reach me(?: (?:on|at))?)"
                    + "(?:是|为|:|：|\\s|号码|number|is)*+(\\+?[0-9][0-9\\- ]{6,16}[0-9])",
            Pattern.CASE_INSENSITIVE);

    private final PhoneNumbers phones;

    public IdentityKeys(PhoneNumbers phones) {
        this.phones = phones;
    }

    public List<String> of(Complaint c) {
        TreeSet<String> keys = new TreeSet<>();
        if (c.complainant().phone() != null) {
            keys.add("phone:" + c.complainant().phone());
        }
        if (c.complainant().email() != null) {
            keys.add("email:" + c.complainant().email());
        }
        if (c.complainant().customerId() != null) {
            keys.add("customer:" + Text.toHalfWidth(c.complainant().customerId()).strip().toUpperCase(Locale.ROOT)
                    .replaceAll("[\\s-]", ""));
        }
        for (String stated : statedPhones(String.join("\n", nz(c.subject()), nz(c.description()),
                nz(c.demand().text())))) {
            keys.add("phone:" + stated);
        }
        return new ArrayList<>(keys);
    }

    List<String> statedPhones(String text) {
        List<String> out = new ArrayList<>();
        Matcher m = STATED_PHONE.matcher(Text.toHalfWidth(text));
        while (m.find()) {
            phones.toE164(m.group(1).replaceAll("[\\s-]", "")).ifPresent(out::add);
        }
        return out;
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}
