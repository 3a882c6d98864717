package dev.shouli.channel.email;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Decodes mail text the way it is really labelled. Senders write "gb2312" and use GBK characters, write
 * "big5" and use Hong Kong characters, write "ks_c_5601-1987" for Windows' Korean code page, or send 8-bit
 * text with no label or a wrong one. So labels map to the supersets that real mail needs, and unlabelled or
 * mislabelled 8-bit bytes are detected: valid UTF-8 first, then the CJK candidate that reads as the most
 * common characters.
 */
final class MailCharsets {

    static final Charset GB18030 = Charset.forName("GB18030");
    static final Charset BIG5_HKSCS = Charset.forName("Big5-HKSCS");
    static final Charset CP949 = Charset.forName("x-windows-949");
    private static final Charset GB2312 = Charset.forName("GB2312");
    private static final Charset BIG5 = Charset.forName("Big5");
    private static final Charset WINDOWS_1252 = Charset.forName("windows-1252");

    /** Labels whose text is really in a larger charset. */
    private static final Map<String, Charset> SUPERSETS = Map.ofEntries(
            Map.entry("gb2312", GB18030), Map.entry("gbk", GB18030), Map.entry("x-gbk", GB18030),
            Map.entry("gb_2312-80", GB18030), Map.entry("cp936", GB18030), Map.entry("euc-cn", GB18030),
            Map.entry("x-euc-cn", GB18030), Map.entry("chinese", GB18030), Map.entry("csgb2312", GB18030),
            Map.entry("gb18030", GB18030), Map.entry("windows-936", GB18030),
            Map.entry("big5", BIG5_HKSCS), Map.entry("big-5", BIG5_HKSCS), Map.entry("x-big5", BIG5_HKSCS),
            Map.entry("cn-big5", BIG5_HKSCS), Map.entry("cp950", BIG5_HKSCS), Map.entry("big5-hkscs", BIG5_HKSCS),
            Map.entry("big5hkscs", BIG5_HKSCS), Map.entry("csbig5", BIG5_HKSCS),
            Map.entry("ks_c_5601-1987", CP949), Map.entry("ks_c_5601", CP949), Map.entry("euc-kr", CP949),
            Map.entry("ks_c_5601-1989", CP949), Map.entry("korean", CP949), Map.entry("cp949", CP949),
            Map.entry("iso-8859-1", WINDOWS_1252), Map.entry("latin1", WINDOWS_1252), Map.entry("us-ascii", WINDOWS_1252),
            Map.entry("ascii", WINDOWS_1252));

    /**
     * Labels already looked up, the unknown ones too. Java looks a name it does not know up through every charset
     * provider on the class path each time (a ServiceLoader scan of the jars and a fresh table of the extended
     * charsets): a fraction of a millisecond per label, which mail full of made-up labels would pay per word.
     */
    private static final Map<String, Optional<Charset>> LOOKED_UP = new ConcurrentHashMap<>();
    /** Enough for every label real mail uses; made-up labels beyond it are looked up each time. */
    private static final int MAX_LOOKED_UP = 1024;

    private MailCharsets() {
    }

    /** The charset to read a label with, or null for a label Java does not know. */
    static Charset forLabel(String label) {
        if (label == null || label.isBlank()) {
            return null;
        }
        String l = label.strip().replace("\"", "").toLowerCase(Locale.ROOT);
        Charset superset = SUPERSETS.get(l);
        if (superset != null) {
            return superset;
        }
        Optional<Charset> known = LOOKED_UP.get(l);
        if (known == null) {
            known = lookUp(l);
            if (LOOKED_UP.size() < MAX_LOOKED_UP) {
                LOOKED_UP.put(l, known);
            }
        }
        return known.orElse(null);
    }

    private static Optional<Charset> lookUp(String label) {
        try {
            return Optional.of(Charset.forName(label));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Decodes {@code bytes} declared as {@code label} (may be null), correcting wrong and missing labels. */
    static String decode(byte[] bytes, String label) {
        if (isAscii(bytes)) {
            return new String(bytes, StandardCharsets.US_ASCII);
        }
        // Valid UTF-8 with 8-bit bytes in it is almost never anything else, whatever the label says.
        String utf8 = strict(bytes, StandardCharsets.UTF_8);
        if (utf8 != null) {
            return utf8;
        }
        Charset declared = forLabel(label);
        boolean singleByteOrNone = declared == null || declared.equals(WINDOWS_1252)
                || declared.name().startsWith("ISO-8859") || declared.equals(StandardCharsets.US_ASCII);
        if (!singleByteOrNone) {
            String text = strict(bytes, declared);
            if (text != null) {
                return text;
            }
        }
        String detected = detectCjk(bytes);
        if (detected != null) {
            return detected;
        }
        return new String(bytes, declared == null || declared.equals(StandardCharsets.UTF_8) ? WINDOWS_1252 : declared);
    }

    /** Unlabelled 8-bit bytes: the CJK reading with the larger share of common characters, if it is good. */
    private static String detectCjk(byte[] bytes) {
        String gb = strict(bytes, GB18030);
        String big5 = strict(bytes, BIG5_HKSCS);
        double gbScore = gb == null ? -1 : commonShare(gb);
        double big5Score = big5 == null ? -1 : commonShare(big5);
        if (Math.max(gbScore, big5Score) < 0.5) {
            return null;
        }
        return gbScore >= big5Score ? gb : big5;
    }

    /**
     * Share of the non-ASCII characters that are common Chinese characters: level 1 of GB2312 (the 3,755
     * most used simplified ones) or level 1 of Big5 (the 5,401 most used traditional ones), or common
     * full-width punctuation. A wrong reading of the bytes gives rare characters, kana and symbols instead.
     */
    static double commonShare(String text) {
        int nonAscii = 0;
        int common = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                continue;
            }
            nonAscii++;
            if ("，。、；：？！“”‘’（）《》【】…—　".indexOf(c) >= 0 || isCommonHan(c)) {
                common++;
            }
        }
        return nonAscii == 0 ? 0 : (double) common / nonAscii;
    }

    private static boolean isCommonHan(char c) {
        if (Character.UnicodeScript.of(c) != Character.UnicodeScript.HAN) {
            return false;
        }
        String s = String.valueOf(c);
        byte[] gb = s.getBytes(GB2312);
        if (gb.length == 2 && (gb[0] & 0xFF) >= 0xB0 && (gb[0] & 0xFF) <= 0xD7) {
            return true;
        }
        byte[] b5 = s.getBytes(BIG5);
        int lead = b5.length == 2 ? b5[0] & 0xFF : 0;
        return lead >= 0xA4 && lead <= 0xC6;
    }

    static String strict(byte[] bytes, Charset charset) {
        try {
            return charset.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    static boolean isAscii(byte[] bytes) {
        for (byte b : bytes) {
            if (b < 0) {
                return false;
            }
        }
        return true;
    }
}
