package dev.shouli.core.domain;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A case number that can be read over the phone: {@code TS20261125-004217K} — a prefix, the intake date,
 * a number unique across all gateway instances (a PostgreSQL sequence) and a check letter.
 *
 * <p>The check letter is a weighted sum of all digits modulo 23 (a prime), with weights 1..22. Every single
 * wrong digit and every swap of two neighbouring digits changes the sum, so the usual mistakes of someone
 * reading a number aloud are detected rather than finding somebody else's case. The 23 letters leave out
 * I, O and Z, which are mistaken for 1, 0 and 2.
 */
public record CaseReference(String prefix, LocalDate date, long number) {

    static final String CHECK_LETTERS = "ABCDEFGHJKLMNPQRSTUVWXY";
    private static final DateTimeFormatter DAY = DateTimeFormatter.BASIC_ISO_DATE;
    private static final Pattern FORMAT = Pattern.compile("([A-Z]{1,6})(\\d{8})-?(\\d{6,})([A-Z])");

    public CaseReference {
        if (!prefix.matches("[A-Z]{1,6}")) {
            throw new IllegalArgumentException("reference prefix must be 1-6 capital letters: " + prefix);
        }
        if (number < 0) {
            throw new IllegalArgumentException("reference number must not be negative");
        }
    }

    @Override
    public String toString() {
        String digits = digits();
        return prefix + digits.substring(0, 8) + "-" + digits.substring(8) + checkLetter(digits);
    }

    private String digits() {
        String n = Long.toString(number);
        return date.format(DAY) + "0".repeat(Math.max(0, 6 - n.length())) + n;
    }

    static char checkLetter(String digits) {
        int sum = 0;
        for (int i = 0; i < digits.length(); i++) {
            int weight = (i % 22) + 1;
            sum += weight * (digits.charAt(i) - '0');
        }
        return CHECK_LETTERS.charAt(sum % 23);
    }

    /**
     * Reads a reference as a person might type it: any case, spaces, full-width characters, with or without
     * the hyphen.
     *
     * @throws InvalidReferenceException saying whether the shape or the check letter is wrong
     */
    public static CaseReference parse(String text) {
        if (text == null) {
            throw new InvalidReferenceException("no reference given");
        }
        String cleaned = FullWidth.toHalfWidth(text).replaceAll("\\s", "").toUpperCase(Locale.ROOT);
        Matcher m = FORMAT.matcher(cleaned);
        if (!m.matches()) {
            throw new InvalidReferenceException(
                    "'" + text + "' is not a case reference; they look like TS20261125-004217K");
        }
        String digits = m.group(2) + m.group(3);
        if (checkLetter(digits) != m.group(4).charAt(0)) {
            throw new InvalidReferenceException(
                    "'" + text + "' has a wrong check letter; a digit was probably mistyped");
        }
        LocalDate date;
        try {
            date = LocalDate.parse(m.group(2), DAY);
        } catch (RuntimeException e) {
            throw new InvalidReferenceException("'" + text + "' does not contain a valid date");
        }
        return new CaseReference(m.group(1), date, Long.parseLong(m.group(3)));
    }

    public static final class InvalidReferenceException extends IllegalArgumentException {
        public InvalidReferenceException(String message) {
            super(message);
        }
    }
}
