package dev.shouli.feature.dedup;

import com.github.houbb.opencc4j.core.impl.ZhConvertBootstrap;
import com.github.houbb.opencc4j.support.segment.impl.Segments;
import dev.shouli.core.domain.FullWidth;
import dev.shouli.core.intake.Text;
import java.util.Locale;

/**
 * One spelling for matching: simplified script (opencc4j), half-width forms, lower case. Only for keys and
 * fingerprints; what the complainant wrote is stored untouched.
 *
 * <p>Conversion is character by character: traditional → simplified is nearly one-to-one, and opencc4j's
 * phrase segmenter builds a trie of its 1 MB simplified → traditional phrase list first (seconds at start-up,
 * tens of seconds on a busy machine) for no gain in matching.
 */
public final class Script {

    private static final ZhConvertBootstrap TO_SIMPLE = ZhConvertBootstrap.newInstance(Segments.chars()).init();

    /** In {@link #SIMPLE}: opencc4j makes something other than one character of it, or it is half a pair. */
    private static final char ASK_OPENCC = '\uFFFF';

    /**
     * What opencc4j makes of each character of the Basic Multilingual Plane alone, looked up once at start: asking it
     * per character was most of the cost of folding, and folding a few per cent of the gateway's CPU per intake.
     * As its conversion is character by character, a table gives the same result.
     */
    private static final char[] SIMPLE = simplifiedTable();

    private Script() {
    }

    public static String fold(String s) {
        if (s == null || s.isEmpty()) {
            return "";
        }
        char[] out = new char[s.length()];
        for (int i = 0; i < out.length; i++) {
            char c = s.charAt(i);
            char folded = SIMPLE[FullWidth.toHalfWidth(c)];
            if (folded == ASK_OPENCC) {
                return foldByOpencc(s);
            }
            out[i] = folded;
        }
        return new String(out).toLowerCase(Locale.ROOT);
    }

    /** {@link #fold} as opencc4j does it, for text the table cannot answer (outside the BMP, or a rare mapping). */
    static String foldByOpencc(String s) {
        return TO_SIMPLE.toSimple(Text.toHalfWidth(s)).toLowerCase(Locale.ROOT);
    }

    private static char[] simplifiedTable() {
        char[] table = new char[Character.MAX_VALUE + 1];
        for (int c = 0; c <= Character.MAX_VALUE; c++) {
            table[c] = (char) c;
        }
        for (int c = 0; c <= Character.MAX_VALUE; c++) {
            if (Character.isSurrogate((char) c) || c == ASK_OPENCC) {
                table[c] = ASK_OPENCC;
            } else {
                String simple = TO_SIMPLE.toSimple(String.valueOf((char) c));
                table[c] = simple.length() == 1 ? simple.charAt(0) : ASK_OPENCC;
            }
        }
        return table;
    }

    /**
     * opencc4j loads its dictionary on first use; the gateway calls this at start-up, off the event loop, so
     * the first intake does not pay for it on an event loop while holding its locks.
     */
    public static void warmUp() {
        fold("預熱");
    }

    static boolean isHan(int c) {
        return Character.UnicodeScript.of(c) == Character.UnicodeScript.HAN;
    }
}
