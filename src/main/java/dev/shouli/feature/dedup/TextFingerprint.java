package dev.shouli.feature.dedup;

import java.util.Arrays;
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

    /**
     * The shingles of folded text, hashed where they stand (no string a shingle): run on every intake, the strings,
     * boxed set and stream this built were a twentieth of the gateway's time. The hashes are those of the shingle
     * strings ({@code "h1:"}, {@code "h2:"} or {@code "w:"} and the text), as stored for every case before.
     */
    private static int[] shinglesOfFolded(String text) {
        String folded = BOILERPLATE.matcher(stripQuoted(text)).replaceAll(" ");
        Shingles out = new Shingles();
        StringBuilder word = new StringBuilder();
        int hanStart = 0;
        int hanCount = 0;
        int previousHan = 0;
        for (int k = 0; k <= folded.length(); ) {
            boolean end = k == folded.length();
            int c = end ? ' ' : folded.codePointAt(k);
            int next = end ? k + 1 : k + Character.charCount(c);
            if (Script.isHan(c)) {
                flushWord(word, out);
                if (hanCount == 0) {
                    hanStart = k;
                } else {
                    out.add(hash32("h2:", folded, previousHan, next));
                }
                previousHan = k;
                hanCount++;
            } else {
                if (hanCount == 1) {
                    out.add(hash32("h1:", folded, hanStart, k));
                }
                hanCount = 0;
                if (Character.isLetterOrDigit(c)) {
                    word.appendCodePoint(c);
                } else {
                    flushWord(word, out);
                }
            }
            k = next;
        }
        return out.sortedDistinct(MAX_SHINGLES);
    }

    /** Shingle hashes as they are found, unboxed. */
    private static final class Shingles {
        private int[] hashes = new int[128];
        private int size;

        void add(int hash) {
            if (size == hashes.length) {
                hashes = Arrays.copyOf(hashes, size * 2);
            }
            hashes[size++] = hash;
        }

        /** Sorted, each once, the lowest {@code max}. */
        int[] sortedDistinct(int max) {
            Arrays.sort(hashes, 0, size);
            int distinct = 0;
            for (int i = 0; i < size && distinct < max; i++) {
                if (distinct == 0 || hashes[i] != hashes[distinct - 1]) {
                    hashes[distinct++] = hashes[i];
                }
            }
            return Arrays.copyOf(hashes, distinct);
        }
    }

    /** Quoted lines of an email reply repeat an earlier message; they say nothing new about this one. */
    private static String stripQuoted(String text) {
        if (text == null) {
            return "";
        }
        return QUOTED_LINE.matcher(text).replaceAll("");
    }

    private static void flushWord(StringBuilder word, Shingles out) {
        String w = word.toString();
        word.setLength(0);
        if (w.isEmpty() || STOP_WORDS.contains(w) || (w.length() == 1 && !Character.isDigit(w.charAt(0)))) {
            return;
        }
        // A crude English stem so "refunds"/"refunded"/"refund" meet.
        if (w.chars().allMatch(Character::isLetter) && w.length() > 4) {
            w = ENGLISH_SUFFIX.matcher(w).replaceAll("");
        }
        out.add(hash32("w:", w, 0, w.length()));
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

    /** FNV-1a of {@code prefix} followed by {@code text[from, to)}, mixed: the hash of that string. */
    private static int hash32(String prefix, CharSequence text, int from, int to) {
        long h = 0xCBF29CE484222325L;
        for (int i = 0; i < prefix.length(); i++) {
            h ^= prefix.charAt(i);
            h *= 0x100000001B3L;
        }
        for (int i = from; i < to; i++) {
            h ^= text.charAt(i);
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
