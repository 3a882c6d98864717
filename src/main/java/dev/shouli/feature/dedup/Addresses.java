package dev.shouli.feature.dedup;

import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Street addresses down to the house number, in a location field or in the text ("766 ROOSEVELT AVENUE",
 * "朝阳区建国路88号"): two reports naming different house numbers are about different buildings however
 * close their coordinates, and the same house number written twice is the same building. Also takes them out
 * of the text before it is fingerprinted: where a report happened is not what it is about, and two reports of
 * different matters at one address must not look alike for sharing the address's words.
 *
 * <p>The patterns are linear: every repetition is bounded or possessive, so a long run of letters or digits
 * costs one pass (no pattern may backtrack on what anyone sends:
 * hostile input must cost time in proportion to its length).
 */
final class Addresses {

    private static final String SUFFIXES = "STREET|ST|AVENUE|AVE|AV|ROAD|RD|BOULEVARD|BLVD|PLACE|PL|DRIVE|DR|LANE|LN"
            + "|PARKWAY|PKWY|CONCOURSE|TERRACE|TER|COURT|CT|WAY|SQUARE|SQ|HIGHWAY|HWY|EXPRESSWAY|EXPY";
    /**
     * "766 ROOSEVELT AVENUE", "120 W 45TH ST", "2450 BROADWAY", and what closes such an address line: the city,
     * state and ZIP code (", BROOKLYN, NY 11201"), at most two words a part, up to the end of the sentence.
     * Every report of one city ends so; left in the text, those words would make any two reports alike.
     */
    private static final Pattern ENGLISH = Pattern.compile(
            "(?<![\\p{L}\\p{N}])(\\d{1,5}+(?:-\\d{1,4}+)?)[ \\t]++"
                    + "((?:[A-Za-z0-9][A-Za-z0-9'.]*+[ \\t]++){0,3}?(?:" + SUFFIXES + ")|BROADWAY|BOWERY)"
                    + "(?![\\p{L}\\p{N}])"
                    + "((?:[ \\t]*+,[ \\t]*+[A-Za-z]++(?:[ \\t]++[A-Za-z]++)?+){0,3}+(?:[ \\t,]*+\\d{5}+(?:-\\d{4}+)?+)?+"
                    + "(?=[ \\t]*+(?:[.;!?\\n]|$)))?",
            Pattern.CASE_INSENSITIVE);
    /** "建国路88号", "朝阳区建国路88号" (the district is left off the key), on text folded to simplified. */
    private static final Pattern CHINESE = Pattern.compile(
            "(\\p{IsHan}{1,10}?(?:大道|路|街|巷|胡同|弄|道))(\\d{1,5}+)号");
    private static final Pattern DISTRICT = Pattern.compile("^\\p{IsHan}{1,6}?(?:区|县|市)");
    private static final Pattern SPACE = Pattern.compile("[ \\t.]+");
    private static final Pattern ORDINAL = Pattern.compile("\\b(\\d+)(?:ST|ND|RD|TH)\\b");
    private static final Map<String, String> WORDS = Map.ofEntries(
            Map.entry("STREET", "ST"), Map.entry("AVENUE", "AVE"), Map.entry("AV", "AVE"), Map.entry("ROAD", "RD"),
            Map.entry("BOULEVARD", "BLVD"), Map.entry("PLACE", "PL"), Map.entry("DRIVE", "DR"),
            Map.entry("LANE", "LN"), Map.entry("PARKWAY", "PKWY"), Map.entry("TERRACE", "TER"),
            Map.entry("COURT", "CT"), Map.entry("SQUARE", "SQ"), Map.entry("HIGHWAY", "HWY"),
            Map.entry("EXPRESSWAY", "EXPY"), Map.entry("NORTH", "N"), Map.entry("SOUTH", "S"),
            Map.entry("EAST", "E"), Map.entry("WEST", "W"));

    private Addresses() {
    }

    /** @param folded text already folded to simplified script and half-width forms ({@link Script#fold}) */
    static Set<String> in(String folded) {
        Set<String> out = new LinkedHashSet<>();
        if (!mayNameAnAddress(folded)) {
            return out;
        }
        Matcher en = ENGLISH.matcher(folded);
        while (en.find()) {
            out.add(english(en.group(1), en.group(2)));
        }
        if (folded.indexOf('号') < 0) {
            return out;
        }
        Matcher cn = CHINESE.matcher(folded);
        while (cn.find()) {
            String road = DISTRICT.matcher(cn.group(1)).replaceFirst("");
            if (road.length() >= 2) {
                out.add(road + cn.group(2) + "号");
            }
        }
        return out;
    }

    /** The text without its street addresses, for the fingerprint of what it is about. */
    static String without(String folded) {
        if (folded == null || folded.isEmpty()) {
            return "";
        }
        if (!mayNameAnAddress(folded)) {
            return folded;
        }
        String t = ENGLISH.matcher(folded).replaceAll(" ");
        return t.indexOf('号') >= 0 ? CHINESE.matcher(t).replaceAll(" ") : t;
    }

    /**
     * Both patterns need a house number (ASCII digits: the text is folded to half-width), and most complaints name
     * none: one pass over the text spares them the patterns, which were a few per cent of an intake's CPU.
     */
    private static boolean mayNameAnAddress(String folded) {
        if (folded == null) {
            return false;
        }
        for (int i = 0; i < folded.length(); i++) {
            char c = folded.charAt(i);
            if (c >= '0' && c <= '9') {
                return true;
            }
        }
        return false;
    }

    private static String english(String number, String street) {
        StringBuilder key = new StringBuilder(number);
        String s = ORDINAL.matcher(street.toUpperCase(Locale.ROOT)).replaceAll("$1");
        for (String w : SPACE.split(s.strip())) {
            key.append(' ').append(WORDS.getOrDefault(w, w));
        }
        return key.toString();
    }
}
