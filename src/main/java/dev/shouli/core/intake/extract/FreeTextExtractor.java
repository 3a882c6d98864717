package dev.shouli.core.intake.extract;

import dev.shouli.core.domain.DemandType;
import dev.shouli.core.domain.Respondent;
import dev.shouli.core.intake.DemandTypes;
import dev.shouli.core.intake.Emails;
import dev.shouli.core.intake.PhoneNumbers;
import dev.shouli.core.intake.Text;
import java.time.Instant;
import java.time.ZoneId;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the parts of the record a free-text complaint (an email, an SMS) states in its own words: phone
 * numbers, email addresses, order numbers, an amount, the respondent, the demand and when it happened.
 * Rules understand simplified and traditional Chinese and English. What a rule cannot find stays empty:
 * a wrong respondent or demand is worse than none, because the desk trusts what the record says.
 */
public final class FreeTextExtractor {

    // Every pattern here runs in linear time on any input, because the text comes from anyone who can reach a
    // webhook: a repeated part never starts inside a run it could also have started before (look-behinds), and
    // what a repeated part took is never given back to a neighbour that could take it too (possessive "++", "*+").
    // BoundedText enforces it: a pattern that backtracks after all is stopped instead of holding the thread.
    private static final Pattern ORDER = Pattern.compile(
            "(?:订单号|订单编号|訂單號|訂單編號|单号|單號|订单|訂單|运单号|運單號|快递单号|快遞單號"
                    + "|order\\s*+(?:no\\.?|number|num|id|#)|order)\\s*+[:：#]?\\s*+([A-Za-z0-9][A-Za-z0-9-]{5,39})",
            Pattern.CASE_INSENSITIVE);
    /** Chinese mobiles, landlines with an area code, and international numbers with a plus. */
    private static final Pattern PHONE = Pattern.compile(
            "(?<![\\dA-Za-z-])(?:(?:\\+|00)86[\\s-]?)?1[3-9]\\d(?:[\\s-]?\\d{4}){2}(?![\\d])"
                    + "|(?<![\\dA-Za-z-])0\\d{2,3}[\\s-]?\\d{7,8}(?!\\d)"
                    + "|(?<![\\dA-Za-z])\\+\\d{1,3}[\\s-]?\\(?\\d{1,4}\\)?(?:[\\s-]?\\d{2,4}){2,4}(?!\\d)");
    /**
     * An address starts where a run of address characters starts: without the look-behind a long run of letters
     * with no "@" is tried from each of its letters, which is quadratic (64,000 letters took 77 s).
     */
    private static final Pattern EMAIL = Pattern.compile(
            "(?<![\\p{L}\\p{N}._%+-])[\\p{L}\\p{N}._%+-]++@[\\p{L}\\p{N}-]++(?:\\.[\\p{L}\\p{N}-]++)++");

    /** "投诉对象：某某公司" and its traditional and variant labels; the value runs to the end of the clause. */
    private static final Pattern RESPONDENT_LABEL = Pattern.compile(
            "(?:投诉对象|投訴對象|被投诉方|被投訴方|被投诉单位|被投訴單位|被投诉人|被投訴人|被投诉商家|被投訴商家|投诉商家|投訴商家"
                    + "|被举报单位|被舉報單位|举报对象|舉報對象)\\s*+(?:[:：]|是|为|為)\\s*+([^\\n，,。；;！!？?]{2,60})");
    private static final Pattern BRANCH_LABEL = Pattern.compile(
            "(?:门店|門店|分店|网点|網點)\\s*+[:：]\\s*+([^\\n，,。；;！!？?]{2,60})");
    private static final Pattern STAFF_LABEL = Pattern.compile(
            "(?:涉事员工|涉事員工|工作人员|工作人員|员工|員工|工号|工號)\\s*+[:：]\\s*+([^\\n，,。；;！!？?]{1,30})");
    /** "a complaint against Acme Ltd", "complain against Acme": capitalised words after "against". */
    private static final Pattern AGAINST = Pattern.compile(
            "\\bagainst\\s++((?:the\\s++)?[A-Z][\\w&'-]*+(?:\\s++(?:[A-Z][\\w&'-]*+|of|and|&)){0,6})");

    private static final Pattern DEMAND_LABEL = Pattern.compile(
            "(?:诉求|訴求|我的要求|我的诉求|我的訴求|demand|my request)\\s*+[:：]\\s*+([^\\n]{2,200})",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern CHINESE_DEMAND = Pattern.compile(
            "(?:强烈)?(?:要求|希望|请求|請求|请尽快|請盡快|请给|請給)[^\\n。！!？?]{1,120}");
    private static final Pattern ENGLISH_DEMAND = Pattern.compile(
            "(?i)\\b(?:please|i\\s++(?:want|demand|request|expect|would\\s++like|am\\s++asking\\s++for|ask\\s++for)"
                    + "|i'd\\s++like)\\b(?:[^.!?\\n]|\\.(?=\\d)){1,200}");
    /** A text naming more than this many phones, addresses or order numbers is a list, not a complaint's facts. */
    static final int MAX_FOUND = 20;

    private final PhoneNumbers phones;
    private final ZoneId zone;

    /** @param zone the zone relative words (昨天, yesterday) are read in: the complainants' */
    public FreeTextExtractor(PhoneNumbers phones, ZoneId zone) {
        this.phones = phones;
        this.zone = zone;
    }

    /**
     * @throws TextBudgetExceededException when reading the text took more than its budget: the caller keeps the
     *                                     submission and quarantines it
     */
    public Extraction extract(String text, Instant receivedAt) {
        if (text == null || text.isBlank()) {
            return Extraction.empty();
        }
        BoundedText t = BoundedText.of(Text.toHalfWidth(text));
        Orders orders = orderNumbers(t);
        String demand = demandText(t);
        List<DemandType> types = demand == null ? List.of() : DemandTypes.recognise(demand);
        Amounts.Amount amount = Amounts.first(demand).or(() -> Amounts.first(t)).orElse(null);
        return new Extraction(phoneNumbers(orders.textWithout), emails(t), orders.found,
                amount == null ? null : amount.value(), amount == null ? null : amount.currency(),
                respondent(t), demand, types, OccurredAt.find(t, receivedAt, zone).orElse(null));
    }

    /** The order numbers, and the text with them blanked out so their digits are not read as phone numbers. */
    private record Orders(List<String> found, BoundedText textWithout) {
    }

    private static Orders orderNumbers(BoundedText t) {
        Set<String> found = new LinkedHashSet<>();
        StringBuilder without = new StringBuilder(t.toString());
        Matcher m = ORDER.matcher(t);
        while (m.find()) {
            String candidate = m.group(1);
            // An order number has digits; "order from" or "order status" are words, not numbers.
            if (candidate.chars().filter(Character::isDigit).count() >= 4) {
                if (found.size() < MAX_FOUND) {
                    found.add(candidate);
                }
                for (int i = m.start(1); i < m.end(1); i++) {
                    without.setCharAt(i, ' ');
                }
            }
        }
        return new Orders(List.copyOf(found), BoundedText.of(without.toString()));
    }

    private List<String> phoneNumbers(BoundedText t) {
        Set<String> found = new LinkedHashSet<>();
        Matcher m = PHONE.matcher(t);
        while (m.find() && found.size() < MAX_FOUND) {
            phones.toE164(m.group()).ifPresent(found::add);
        }
        return List.copyOf(found);
    }

    private static List<String> emails(BoundedText t) {
        Set<String> found = new LinkedHashSet<>();
        Matcher m = EMAIL.matcher(t);
        while (m.find() && found.size() < MAX_FOUND) {
            Emails.normalise(trimTrailingDots(m.group())).ifPresent(found::add);
        }
        return List.copyOf(found);
    }

    private static Respondent respondent(BoundedText t) {
        String organisation = firstGroup(RESPONDENT_LABEL, t);
        if (organisation == null) {
            Matcher against = AGAINST.matcher(t);
            if (against.find()) {
                organisation = trimTrailingDots(against.group(1).replaceFirst("(?i)^the\\s+", "").strip());
            }
        }
        return new Respondent(organisation, firstGroup(BRANCH_LABEL, t), null, firstGroup(STAFF_LABEL, t));
    }

    private static String demandText(BoundedText t) {
        String labelled = firstGroup(DEMAND_LABEL, t);
        if (labelled != null) {
            return labelled;
        }
        // A demand sentence must ask for something we recognise; "希望你们好好想想" is not a demand.
        for (Pattern p : List.of(CHINESE_DEMAND, ENGLISH_DEMAND)) {
            Matcher m = p.matcher(t);
            while (m.find()) {
                if (!DemandTypes.recognise(m.group()).isEmpty() || Amounts.first(m.group()).isPresent()) {
                    return m.group().strip();
                }
            }
        }
        return null;
    }

    private static String firstGroup(Pattern p, CharSequence t) {
        Matcher m = p.matcher(t);
        if (!m.find()) {
            return null;
        }
        String value = m.group(1).strip();
        return value.isEmpty() ? null : value;
    }

    private static String trimTrailingDots(String s) {
        String out = s;
        while (out.endsWith(".")) {
            out = out.substring(0, out.length() - 1);
        }
        return out;
    }
}
