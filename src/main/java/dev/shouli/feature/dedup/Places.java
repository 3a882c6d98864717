package dev.shouli.feature.dedup;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Keys for where something happened, from the location field and from place names in the text: an SMS
 * "幸福小区停电了" has no location field but names the estate a hotline ticket gives as its address. Place
 * names are found by their ending (小区, 花园, 路, 号线, …) with one to four characters before it; the few
 * wrong spans this also yields only ever find candidates, which the similarity rules still have to accept.
 */
public final class Places {

    private static final String[] ENDINGS = {"步行街", "号线", "小区", "花园", "片区", "社区", "广场", "大厦", "山庄",
            "园区", "大道", "路", "街", "村", "湾", "园", "苑"};
    /** Endings of a road or a line: two numbers on one road are two places, unlike two buildings of an estate. */
    private static final Set<String> ROADS = Set.of("步行街", "号线", "大道", "路", "街");
    /** Words that only say "area of": 幸福小区 and 幸福 name the same place. */
    private static final Pattern AREA_WORD = Pattern.compile("(片区|小区|社区|一带|附近|周边)$");
    private static final int MAX_KEYS = 24;
    /**
     * Words that end like a place and are none, common in complaints: 卷款跑路 (ran off with the money), 套路贷 (a
     * loan trap), 宽带线路 (the line). As place keys they made every such complaint "at one place" with thousands
     * of others (the benchmark's closed tutoring schools all shared 跑路).
     */
    private static final Set<String> NOT_PLACES = Set.of("跑路", "套路", "走路", "上路", "出路", "思路", "线路",
            "网路", "门路", "退路", "一路", "马路", "逛街", "上街", "沿街");
    /** A city or district alone names no place: everything in it would be at one place. */
    private static final Pattern ADMINISTRATIVE = Pattern.compile("(省|市|区|县|镇|乡|街道)$");

    private Places() {
    }

    /** @param foldedText the complainant's text, already folded and squashed */
    public static List<String> keys(String address, String foldedText) {
        Set<String> keys = new LinkedHashSet<>();
        if (address != null) {
            String a = RespondentKey.squash(Script.fold(address));
            add(keys, a);
            extract(a, keys);
        }
        extract(foldedText == null ? "" : foldedText, keys);
        List<String> out = new ArrayList<>(keys);
        return out.size() > MAX_KEYS ? out.subList(0, MAX_KEYS) : out;
    }

    /**
     * Whether two addresses (folded and squashed) are one, one perhaps written less specifically: 建国路 and
     * 建国路88号, 朝阳区建国路88号 and 建国路88号 — but not 建国路8号 and 建国路88号, nor 1broadway and 11broadway.
     */
    public static boolean sameAddress(String a, String b) {
        if (a.equals(b)) {
            return true;
        }
        String shorter = a.length() <= b.length() ? a : b;
        String longer = shorter == a ? b : a;
        if (shorter.codePointCount(0, shorter.length()) < 3 || ADMINISTRATIVE.matcher(shorter).find()) {
            return false;
        }
        if (longer.startsWith(shorter)) {
            char last = shorter.charAt(shorter.length() - 1);
            char next = longer.charAt(shorter.length());
            return !(Character.isDigit(last) && Character.isDigit(next))
                    && !(isLatin(last) && isLatin(next));
        }
        // A leading city or district left off: only in Chinese, where it ends in a character of its own (区, 市).
        if (longer.endsWith(shorter)) {
            char before = longer.charAt(longer.length() - shorter.length() - 1);
            return isHan(before) && isHan(shorter.charAt(0));
        }
        return false;
    }

    private static boolean isLatin(char c) {
        return c < 0x80 && Character.isLetter(c);
    }

    private static boolean isHan(char c) {
        return Character.UnicodeScript.of(c) == Character.UnicodeScript.HAN;
    }

    /**
     * Whether two addresses (folded and squashed) name one estate, compound or building: 锦绣花园3栋 and
     * 锦绣花园5栋 do, 建国路88号 and 建国路12号 do not. The estate's own name must have two characters at least,
     * so 翠绣花园 and 锦绣花园 do not meet in 绣花园.
     */
    public static boolean sharesArea(String a, String b) {
        Set<String> areas = areas(a);
        return !areas.isEmpty() && areas(b).stream().anyMatch(areas::contains);
    }

    private static Set<String> areas(String address) {
        Set<String> out = new LinkedHashSet<>();
        for (String ending : ENDINGS) {
            if (ROADS.contains(ending)) {
                continue;
            }
            for (int at = address.indexOf(ending); at >= 0; at = address.indexOf(ending, at + 1)) {
                if (partOfLongerEnding(address, at, ending)) {
                    continue;
                }
                for (int k = 2; k <= 4 && at - k >= 0; k++) {
                    out.add(address.substring(at - k, at + ending.length()));
                }
            }
        }
        return out;
    }

    /** The 园 of 花园 is not an ending of its own. */
    private static boolean partOfLongerEnding(String text, int at, String ending) {
        int end = at + ending.length();
        for (String other : ENDINGS) {
            if (other.length() > ending.length() && other.endsWith(ending) && end - other.length() >= 0
                    && text.startsWith(other, end - other.length())) {
                return true;
            }
        }
        return false;
    }

    private static void extract(String text, Set<String> keys) {
        for (String ending : ENDINGS) {
            for (int at = text.indexOf(ending); at >= 0; at = text.indexOf(ending, at + 1)) {
                if (at >= 1 && NOT_PLACES.contains(text.substring(at - 1, at + ending.length()))) {
                    continue;
                }
                for (int k = 1; k <= 4 && at - k >= 0; k++) {
                    add(keys, text.substring(at - k, at + ending.length()));
                }
            }
        }
    }

    private static void add(Set<String> keys, String place) {
        String core = AREA_WORD.matcher(place).replaceFirst("");
        if (core.codePointCount(0, core.length()) >= 2) {
            keys.add(core);
        }
    }
}
