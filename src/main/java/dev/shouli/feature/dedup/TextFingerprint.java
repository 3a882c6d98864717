package dev.shouli.feature.dedup;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What a complaint is about, as a set of shingles that survives script, width, punctuation and spacing:
 * Han text gives character bigrams, Latin text gives words, digit runs (order numbers, amounts) give
 * themselves. From the set: a MinHash signature of {@link #HASHES} values and {@link #BANDS} LSH band
 * hashes (stored in PostgreSQL, indexed) so candidates are found by a few index look-ups whatever the
 * number of stored cases; and the shingle hashes themselves (capped) for exact similarity and containment
 * against the few candidates.
 *
 * @param shingles sorted distinct 32-bit shingle hashes (at most {@link #MAX_SHINGLES})
 * @param bands    one hash per LSH band
 */
public record TextFingerprint(int[] shingles, long[] bands) {

    private static final Pattern QUOTED_LINE = Pattern.compile("(?m)^[ \\t]*+>.*$");
    /**
     * What hotline agents write around every ticket ("来电人反映：…，请尽快处理"): shared by all tickets, it would make
     * any two look alike. On folded (simplified) text.
     */
    private static final Pattern BOILERPLATE = Pattern.compile(
            "来电人来电反映|来电人反映|市民来电反映|来电反映|来电人称|市民反映|请尽快处理|请相关部门处理|请有关部门处理"
                    + "|请尽快核实处理|望尽快解决");
    private static final Pattern ENGLISH_SUFFIX = Pattern.compile("(ing|ed|es|s)$");

    public static final int HASHES = 64;
    public static final int BANDS = 16;
    static final int ROWS = HASHES / BANDS;
    static final int MAX_SHINGLES = 2048;

    private static final long[] SEEDS = new long[HASHES];

    static {
        long s = 0x5EED_5A0E_11L;
        for (int i = 0; i < HASHES; i++) {
            s = mix(s + 0x9E3779B97F4A7C15L);
            SEEDS[i] = s;
        }
    }

    /** Words too common in complaints to say what one is about. */
    private static final Set<String> STOP_WORDS = Set.of("the", "a", "an", "and", "or", "to", "of", "in", "on",
            "at", "for", "is", "it", "my", "i", "me", "we", "was", "were", "be", "this", "that", "with", "have",
            "has", "had", "not", "no", "they", "their", "you", "your", "please", "re", "fw", "fwd", "hi", "hello",
            "dear", "regards", "thanks", "thank", "am", "are", "but", "from", "by", "so", "as", "our", "its");

    public static TextFingerprint of(String text) {
        return ofFolded(Script.fold(text));
    }

    /** @param folded text already through {@link Script#fold} (folding costs more than the fingerprint) */
    public static TextFingerprint ofFolded(String folded) {
        int[] shingles = shinglesOfFolded(folded);
        return new TextFingerprint(shingles, bands(minHash(shingles)));
    }

    /** The fingerprint of a stored case, from its stored (sorted) shingles. */
    public static TextFingerprint ofShingles(int[] sortedShingles) {
        return new TextFingerprint(sortedShingles, bands(minHash(sortedShingles)));
    }

    public int size() {
        return shingles.length;
    }

    /** Jaccard similarity and containment (share of the smaller set found in the larger), exact on the sets. */
    public Similarity compare(int[] other) {
        int common = 0;
        int i = 0;
        int j = 0;
        while (i < shingles.length && j < other.length) {
            if (shingles[i] == other[j]) {
                common++;
                i++;
                j++;
            } else if (shingles[i] < other[j]) {
                i++;
            } else {
                j++;
            }
        }
        int union = shingles.length + other.length - common;
        int smaller = Math.min(shingles.length, other.length);
        return new Similarity(union == 0 ? 0 : (double) common / union, smaller == 0 ? 0 : (double) common / smaller,
                smaller);
    }

    /**
     * @param smallerSize shingles in the smaller text; containment of a three-shingle text says little
     */
    public record Similarity(double jaccard, double containment, int smallerSize) {
        /** The score rules compare: containment counts only once the smaller text says enough. */
        public double score(int minShinglesForContainment) {
            return smallerSize >= minShinglesForContainment ? Math.max(jaccard, containment) : jaccard;
        }
    }

    static int[] shingles(String text) {
        return shinglesOfFolded(Script.fold(text));
    }

    private static int[] shinglesOfFolded(String text) {
        String folded = BOILERPLATE.matcher(stripQuoted(text)).replaceAll(" ");
        Set<Integer> out = new LinkedHashSet<>();
        StringBuilder han = new StringBuilder();
        StringBuilder word = new StringBuilder();
        int[] cps = folded.codePoints().toArray();
        for (int k = 0; k <= cps.length; k++) {
            int c = k < cps.length ? cps[k] : ' ';
            if (Script.isHan(c)) {
                flushWord(word, out);
                han.appendCodePoint(c);
            } else if (Character.isLetterOrDigit(c)) {
                flushHan(han, out);
                word.appendCodePoint(c);
            } else {
                flushHan(han, out);
                flushWord(word, out);
            }
        }
        int[] sorted = out.stream().mapToInt(Integer::intValue).sorted().distinct().toArray();
        return sorted.length > MAX_SHINGLES ? Arrays.copyOf(sorted, MAX_SHINGLES) : sorted;
    }

    /** Quoted lines of an email reply repeat an earlier message; they say nothing new about this one. */
    private static String stripQuoted(String text) {
        if (text == null) {
            return "";
        }
        return QUOTED_LINE.matcher(text).replaceAll("");
    }

    private static void flushHan(StringBuilder han, Set<Integer> out) {
        int n = han.codePointCount(0, han.length());
        if (n == 1) {
            out.add(hash32("h1:" + han));
        }
        // One pass from bigram to bigram: looking each one up from the start of the run (offsetByCodePoints(0, i))
        // was quadratic, 30 s on an event loop for 330,000 Han characters.
        int from = 0;
        for (int i = 0; i + 1 < n; i++) {
            int next = han.offsetByCodePoints(from, 1);
            out.add(hash32("h2:" + han.substring(from, han.offsetByCodePoints(next, 1))));
            from = next;
        }
        han.setLength(0);
    }

    private static void flushWord(StringBuilder word, Set<Integer> out) {
        String w = word.toString();
        word.setLength(0);
        if (w.isEmpty() || STOP_WORDS.contains(w) || (w.length() == 1 && !Character.isDigit(w.charAt(0)))) {
            return;
        }
        // A crude English stem so "refunds"/"refunded"/"refund" meet.
        if (w.chars().allMatch(Character::isLetter) && w.length() > 4) {
            w = ENGLISH_SUFFIX.matcher(w).replaceAll("");
        }
        out.add(hash32("w:" + w));
    }

    static long[] minHash(int[] shingles) {
        long[] sig = new long[HASHES];
        Arrays.fill(sig, Long.MAX_VALUE);
        for (int s : shingles) {
            for (int i = 0; i < HASHES; i++) {
                long h = mix(s ^ SEEDS[i]);
                if (h < sig[i]) {
                    sig[i] = h;
                }
            }
        }
        return sig;
    }

    static long[] bands(long[] sig) {
        long[] bands = new long[BANDS];
        for (int b = 0; b < BANDS; b++) {
            long h = mix(0xBA4DL + b);
            for (int r = 0; r < ROWS; r++) {
                h = mix(h ^ sig[b * ROWS + r]);
            }
            bands[b] = h;
        }
        return bands;
    }

    private static int hash32(String s) {
        long h = 0xCBF29CE484222325L;
        for (int i = 0; i < s.length(); i++) {
            h ^= s.charAt(i);
            h *= 0x100000001B3L;
        }
        return (int) (mix(h) >>> 32);
    }

    /** SplitMix64's finaliser: cheap, well-spread 64-bit mixing. */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
