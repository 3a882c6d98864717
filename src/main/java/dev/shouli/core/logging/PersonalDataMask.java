package dev.shouli.core.logging;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The safety net under the log statements: whatever reaches a log line (our messages, a library's, an exception
 * text such as an SMTP server's "550 &lt;someone@example.cn&gt; unknown") has email addresses, phone numbers and
 * Chinese resident ID numbers replaced by a placeholder. Names and message texts cannot be recognised by shape;
 * keeping those out is the job of the log statements themselves (they log ids, codes and counts only).
 *
 * <p>Digit patterns only match where no Latin letter or digit touches them (Chinese text may), so hex request ids, case references
 * ({@code TS20261125-004217K}), dates and epoch timestamps are left alone.
 */
public final class PersonalDataMask {

    public static final String EMAIL = "[email]";
    public static final String PHONE = "[phone]";
    public static final String ID_NUMBER = "[id-number]";

    private static final String NOT_AFTER = "(?<![A-Za-z0-9+])";
    private static final String NOT_BEFORE = "(?![A-Za-z0-9])";

    private static final Pattern SENSITIVE = Pattern.compile(
            // local@domain.tld, IDN-safe (张伟@例子.中国), and percent-encoded @ in URLs and form bodies.
            // The last label starts with a letter, so user@127.0.0.1 in a database URL is left alone.
            "(?<email>[\\p{L}\\p{N}._%+'-]+(?:@|%40)[\\p{L}\\p{N}-]+(?:\\.[\\p{L}\\p{N}-]+)*\\.\\p{L}[\\p{L}\\p{N}-]*)"
                    // 居民身份证: region (6), birth date (8), sequence (3), check digit or X; and the old 15 digits.
                    + "|(?<id>" + NOT_AFTER + "[1-9]\\d{5}(?:18|19|20)\\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\\d|3[01])"
                    + "\\d{3}[\\dXx]" + NOT_BEFORE
                    + "|" + NOT_AFTER + "[1-9]\\d{7}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\\d|3[01])\\d{3}" + NOT_BEFORE + ")"
                    // International form: +86 139 1234 5678, +8613912345678, %2B8613912345678, +1 (415) 555-0100.
                    + "|(?<phone>(?:\\+|%2B)\\d[\\d ().-]{5,18}\\d" + NOT_BEFORE
                    // Chinese mobile numbers, with or without 86, spaced or dashed: 139 1234 5678, 8613912345678.
                    + "|" + NOT_AFTER + "(?:86[ -]?)?1[3-9]\\d(?:[ -]?\\d{4}){2}" + NOT_BEFORE
                    // Chinese landlines with their area code: 010-12345678, 0755 8888 8888.
                    + "|" + NOT_AFTER + "0\\d{2,3}[ -]?\\d{3,4}[ -]?\\d{4}" + NOT_BEFORE
                    // North American style: (415) 555-0100, 415-555-0100.
                    + "|" + NOT_AFTER + "\\(?\\d{3}\\)?[ .-]\\d{3}[ .-]\\d{4}" + NOT_BEFORE + ")");

    private PersonalDataMask() {
    }

    /** @return {@code text} with every email address, phone number and ID number replaced; null stays null */
    public static String mask(String text) {
        if (text == null || text.isEmpty() || !mayHoldPersonalData(text)) {
            return text;
        }
        return maskByPattern(text);
    }

    /**
     * False only where {@link #SENSITIVE} cannot match: no {@code @}, {@code +} or their percent-encodings, and no
     * stretch of digits and separators ({@code ( ) . -} and space) with ten digits from a place a number may start
     * (not after a letter, digit or {@code +}), the fewest any number or ID pattern needs. One pass over the
     * line instead of the pattern's alternatives at every position: the pattern was most of the cost of writing
     * the intake log line, whose case reference and request id never hold a number that long.
     */
    static boolean mayHoldPersonalData(String text) {
        if (text.indexOf('@') >= 0 || text.indexOf('+') >= 0 || text.contains("%40") || text.contains("%2B")) {
            return true;
        }
        int digits = -1; // digits since the stretch's first place a number may start; -1: no such place yet
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean digit = c >= '0' && c <= '9';
            if (!digit && "() .-".indexOf(c) < 0) {
                digits = -1;
                continue;
            }
            if (digits < 0 && (i == 0 || !asciiLetterOrDigit(text.charAt(i - 1)))) {
                digits = 0;
            }
            if (digit && digits >= 0 && ++digits >= 10) {
                return true;
            }
        }
        return false;
    }

    private static boolean asciiLetterOrDigit(char c) {
        return c >= '0' && c <= '9' || c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z';
    }

    /** {@link #mask} by the pattern alone. */
    static String maskByPattern(String text) {
        Matcher m = SENSITIVE.matcher(text);
        if (!m.find()) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length());
        do {
            String placeholder = m.group("email") != null ? EMAIL : m.group("id") != null ? ID_NUMBER : PHONE;
            m.appendReplacement(out, Matcher.quoteReplacement(placeholder));
        } while (m.find());
        m.appendTail(out);
        return out.toString();
    }
}
