package dev.shouli.core.intake.extract;

import java.math.BigDecimal;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Money amounts written the ways complainants write them: 退款299元, ￥1,299.50, HK$500, USD 49.99, 30 yuan. */
final class Amounts {

    /** An amount with its currency: a symbol or code in front, or a unit word after. */
    record Amount(BigDecimal value, String currency) {
    }

    private static final String NUMBER = "(\\d{1,3}(?:,\\d{3})+(?:\\.\\d{1,2})?|\\d+(?:\\.\\d{1,2})?)";
    private static final Pattern PREFIXED = Pattern.compile(
            "(HK\\$|NT\\$|US\\$|RMB|CNY|HKD|TWD|USD|EUR|GBP|[¥￥$€£])\\s?" + NUMBER, Pattern.CASE_INSENSITIVE);
    /**
     * A number with a unit after it starts where its digits start (not after a digit, nor after a digit and a
     * comma): tried from inside a long run of digits, or of ",000" groups, it would be quadratic.
     */
    private static final Pattern SUFFIXED = Pattern.compile(
            "(?<!\\d,?)" + NUMBER + "\\s?(元|块钱|块|塊錢|塊|圆|圓|人民币|人民幣|港币|港幣|港元|新台币|新台幣|台币|台幣|美元|美金|欧元|歐元|英镑|英鎊"
                    + "|yuan|rmb|cny|hkd|twd|usd|dollars?|euros?|pounds?)(?![a-z])",
            Pattern.CASE_INSENSITIVE);

    private Amounts() {
    }

    /** The first amount in {@code text}, whichever way it is written. */
    static Optional<Amount> first(CharSequence text) {
        if (text == null) {
            return Optional.empty();
        }
        Matcher prefixed = PREFIXED.matcher(text);
        Matcher suffixed = SUFFIXED.matcher(text);
        boolean hasPrefixed = prefixed.find();
        boolean hasSuffixed = suffixed.find();
        if (hasPrefixed && (!hasSuffixed || prefixed.start() <= suffixed.start())) {
            return Optional.of(new Amount(number(prefixed.group(2)), currency(prefixed.group(1))));
        }
        if (hasSuffixed) {
            return Optional.of(new Amount(number(suffixed.group(1)), currency(suffixed.group(2))));
        }
        return Optional.empty();
    }

    private static BigDecimal number(String digits) {
        return new BigDecimal(digits.replace(",", ""));
    }

    private static String currency(String marker) {
        String m = marker.toLowerCase();
        if (m.startsWith("hk") || m.startsWith("港")) {
            return "HKD";
        }
        if (m.startsWith("nt") || m.equals("twd") || m.contains("台")) {
            return "TWD";
        }
        if (m.equals("$") || m.startsWith("us") || m.startsWith("美") || m.startsWith("dollar")) {
            return "USD";
        }
        if (m.equals("€") || m.startsWith("eur") || m.startsWith("欧") || m.startsWith("歐")) {
            return "EUR";
        }
        if (m.equals("£") || m.equals("gbp") || m.startsWith("pound") || m.startsWith("英")) {
            return "GBP";
        }
        return "CNY";
    }
}
