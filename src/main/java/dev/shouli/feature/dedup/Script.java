package dev.shouli.feature.dedup;

import com.github.houbb.opencc4j.core.impl.ZhConvertBootstrap;
import com.github.houbb.opencc4j.support.segment.impl.Segments;
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

    private Script() {
    }

    public static String fold(String s) {
        if (s == null || s.isEmpty()) {
            return "";
        }
        return TO_SIMPLE.toSimple(Text.toHalfWidth(s)).toLowerCase(Locale.ROOT);
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
