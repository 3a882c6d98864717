package dev.shouli.dedup;

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
    /** Words that only say "area of": 幸福小区 and 幸福 name the same place. */
    private static final Pattern AREA_WORD = Pattern.compile("(片区|小区|社区|一带|附近|周边)$");
    private static final int MAX_KEYS = 24;

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

    private static void extract(String text, Set<String> keys) {
        for (String ending : ENDINGS) {
            for (int at = text.indexOf(ending); at >= 0; at = text.indexOf(ending, at + 1)) {
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
