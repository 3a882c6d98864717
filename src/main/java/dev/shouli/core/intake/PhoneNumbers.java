package dev.shouli.core.intake;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import java.util.Optional;

/** Phone numbers to E.164, reading numbers without a country code in the configured region. */
public final class PhoneNumbers {

    private static final PhoneNumberUtil UTIL = PhoneNumberUtil.getInstance();

    private final String defaultRegion;

    public PhoneNumbers(String defaultRegion) {
        this.defaultRegion = defaultRegion;
    }

    /** E.164 form, or empty when the text is not a possible phone number. Full-width digits are accepted. */
    public Optional<String> toE164(String text) {
        if (text == null || text.isBlank()) {
            return Optional.empty();
        }
        String digits = Text.toHalfWidth(text).strip();
        if (isChineseMobile(digits)) {
            return Optional.of("+86" + digits);
        }
        return parsed(digits);
    }

    /**
     * A mainland mobile number as most people type it (1[3-9] and nine digits) in region CN: what libphonenumber
     * makes of it, without its parse and pattern matching, which were a few per cent of an intake's CPU (a number
     * is read by the channel, the normaliser and the identity keys).
     */
    private boolean isChineseMobile(String s) {
        // 11…, 12… and 179… may begin with a carrier-selection prefix (17951…), which libphonenumber strips.
        if (!"CN".equals(defaultRegion) || s.length() != 11 || s.charAt(0) != '1' || s.charAt(1) < '3'
                || s.startsWith("179")) {
            return false;
        }
        for (int i = 1; i < 11; i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    /** {@link #toE164} by libphonenumber alone. */
    Optional<String> parsed(String text) {
        try {
            PhoneNumber number = UTIL.parse(text, defaultRegion);
            if (!UTIL.isPossibleNumber(number)) {
                return Optional.empty();
            }
            return Optional.of(UTIL.format(number, PhoneNumberUtil.PhoneNumberFormat.E164));
        } catch (NumberParseException e) {
            return Optional.empty();
        }
    }

    public String defaultRegion() {
        return defaultRegion;
    }
}
