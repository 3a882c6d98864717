package dev.shouli.feature.routing;

import dev.shouli.feature.dedup.Script;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;

/**
 * What the classifier sees of a case: character 1–3-grams over runs of letters and digits, plus whole Latin
 * words, of its subject and description in one spelling (NFKC, half-width, simplified script, lower case).
 * Character n-grams need no dictionary, so colloquial complaints, typos, mixed English and traditional script
 * cost nothing extra (bench/classify/LIBRARY-CHOICE.md measured them ahead of three word segmenters).
 */
final class Features {

    private static final int MAX_GRAM = 3;
    /** Enough for any letter of a complaint; the rest of a pasted attachment adds nothing but work. */
    private static final int MAX_CODE_POINTS = 20_000;

    private Features() {
    }

    /** The text a case is classified by: its subject, then its description. */
    static String text(String subject, String description) {
        String s = subject == null ? "" : subject.strip();
        String d = description == null ? "" : description.strip();
        return s.isEmpty() ? d : s + "。" + d;
    }

    static String normalise(String text) {
        return Script.fold(Normalizer.normalize(text == null ? "" : text, Normalizer.Form.NFKC));
    }

    /** Every feature of {@code text}, repeated as often as it occurs. */
    static List<String> of(String text) {
        int[] cps = normalise(text).codePoints().limit(MAX_CODE_POINTS).toArray();
        List<String> out = new ArrayList<>(cps.length * MAX_GRAM);
        int start = 0;
        for (int i = 0; i <= cps.length; i++) {
            if (i < cps.length && Character.isLetterOrDigit(cps[i])) {
                continue;
            }
            if (i > start) {
                run(cps, start, i, out);
            }
            start = i + 1;
        }
        return out;
    }

    private static void run(int[] cps, int from, int to, List<String> out) {
        for (int n = 1; n <= MAX_GRAM; n++) {
            for (int k = from; k + n <= to; k++) {
                out.add(new String(cps, k, n));
            }
        }
        // Whole Latin words as well: "refund" says more than its trigrams.
        int word = -1;
        for (int i = from; i <= to; i++) {
            boolean latin = i < to && cps[i] >= 'a' && cps[i] <= 'z';
            if (latin && word < 0) {
                word = i;
            } else if (!latin && word >= 0) {
                if (i - word > 2) {
                    out.add("w:" + new String(cps, word, i - word));
                }
                word = -1;
            }
        }
    }
}
