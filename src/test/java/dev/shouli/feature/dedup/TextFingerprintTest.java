package dev.shouli.feature.dedup;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TextFingerprintTest {

    private static TextFingerprint.Similarity compare(String a, String b) {
        return TextFingerprint.of(a).compare(TextFingerprint.of(b).shingles());
    }

    @Test
    void everyPairOfNeighbouringHanCharactersOfARunIsAShingle() {
        // 𠮷 lies outside the BMP: the run is walked by code point, not by char.
        String run = "投诉𠮷空调坏";
        java.util.TreeSet<Integer> pairs = new java.util.TreeSet<>();
        int[] cps = run.codePoints().toArray();
        for (int i = 0; i + 1 < cps.length; i++) {
            for (int s : TextFingerprint.shingles(new String(cps, i, 2))) {
                pairs.add(s);
            }
        }

        assertThat(TextFingerprint.shingles(run)).containsExactly(pairs.stream().mapToInt(Integer::intValue).toArray());
    }

    @Test
    void traditionalAndSimplifiedScriptsGiveTheSameFingerprint() {
        TextFingerprint simplified = TextFingerprint.of("这家店卖给我的手机是翻新机，要求退款并道歉。");
        TextFingerprint traditional = TextFingerprint.of("這家店賣給我的手機是翻新機，要求退款並道歉。");

        assertThat(simplified.shingles()).isEqualTo(traditional.shingles());
        assertThat(simplified.bands()).isEqualTo(traditional.bands());
    }

    @Test
    void fullWidthPunctuationAndSpacingDoNotMatter() {
        assertThat(compare("订单ＤＤ２０２６ 没有退款！！", "订单DD2026没有退款").jaccard()).isEqualTo(1.0);
    }

    @Test
    void shortMessageIsContainedInTheLongEmailItSummarises() {
        String sms = "华润万家空调坏了不给退款";
        String email = "您好，11月20日我在华润万家深圳南山分店买了一台格力空调，安装后第三天就不制冷了，"
                + "空调坏了以后门店一直推诿，售后也不给退款，请你们尽快处理，我要求退货退款2999元。";

        TextFingerprint.Similarity sim = compare(sms, email);

        assertThat(sim.containment()).isGreaterThan(0.7);
        assertThat(sim.jaccard()).isLessThan(0.3);
    }

    @Test
    void unrelatedComplaintsScoreLow() {
        TextFingerprint.Similarity sim = compare("楼下餐馆油烟太大，熏得家里没法开窗",
                "快递员把包裹扔在门口，丢了也不赔");

        assertThat(sim.score(6)).isLessThan(0.15);
    }

    @Test
    void englishWordsAreMatchedRegardlessOfCaseAndInflection() {
        assertThat(compare("Refund refused for broken phone", "broken PHONE, refunds refused!").jaccard())
                .isEqualTo(1.0);
    }

    @Test
    void nearIdenticalTextsShareAnLshBand() {
        TextFingerprint a = TextFingerprint.of("小区停电了，已经停了三个小时，冰箱里的东西都坏了，什么时候来电？");
        TextFingerprint b = TextFingerprint.of("小区停电了，已经停了三个小时，冰箱里的东西都坏了，什么时候来电");

        assertThat(a.bands()).containsAnyOf(b.bands());
    }

    @Test
    void quotedLinesOfAReplyAreIgnored() {
        assertThat(compare("还是没人处理\n> 您的投诉已受理，编号TS20261125-000001K", "还是没人处理").jaccard())
                .isEqualTo(1.0);
    }

    /**
     * The shingles are stored for every case and compared with those of cases to come: a faster way to make them must
     * give the very same hashes. Checked against the strings-and-set way they were first made, on random texts of
     * Han (with characters outside the BMP), Latin words, digits, boilerplate and punctuation.
     */
    @Test
    void shinglesAreTheHashesOfTheShingleStrings() {
        java.util.Random random = new java.util.Random(20261207);
        String[] pieces = {"星河燃气", "停气", "𠮷", "退款", "来电人反映", "请尽快处理", "refunds", "the", "A", "Order",
                "20261207", "7", "，", "。", " ", "\n", "-", "ｘ", "é", "送餐超时", "外卖"};
        for (int n = 0; n < 3000; n++) {
            StringBuilder text = new StringBuilder();
            int parts = random.nextInt(12);
            for (int i = 0; i < parts; i++) {
                text.append(pieces[random.nextInt(pieces.length)]);
            }
            String folded = Script.fold(text.toString());
            assertThat(TextFingerprint.shingles(text.toString())).as(text.toString())
                    .containsExactly(asFirstMade(folded));
        }
    }

    /** The shingles as first made: each one a string, hashed, into a set. */
    private static int[] asFirstMade(String folded) {
        folded = folded.replaceAll("(?m)^[ \\t]*+>.*$", "").replaceAll("来电人来电反映|来电人反映|市民来电反映|来电反映|来电人称"
                + "|市民反映|请尽快处理|请相关部门处理|请有关部门处理|请尽快核实处理|望尽快解决", " ");
        java.util.Set<Integer> out = new java.util.LinkedHashSet<>();
        java.util.List<String> han = new java.util.ArrayList<>();
        StringBuilder word = new StringBuilder();
        int[] cps = folded.codePoints().toArray();
        for (int k = 0; k <= cps.length; k++) {
            int c = k < cps.length ? cps[k] : ' ';
            if (Script.isHan(c)) {
                firstMadeWord(word, out);
                han.add(new String(Character.toChars(c)));
            } else {
                firstMadeHan(han, out);
                if (Character.isLetterOrDigit(c)) {
                    word.appendCodePoint(c);
                } else {
                    firstMadeWord(word, out);
                }
            }
        }
        int[] sorted = out.stream().mapToInt(Integer::intValue).sorted().distinct().toArray();
        return sorted.length > 2048 ? java.util.Arrays.copyOf(sorted, 2048) : sorted;
    }

    private static void firstMadeHan(java.util.List<String> han, java.util.Set<Integer> out) {
        if (han.size() == 1) {
            out.add(stringHash("h1:" + han.get(0)));
        }
        for (int i = 0; i + 1 < han.size(); i++) {
            out.add(stringHash("h2:" + han.get(i) + han.get(i + 1)));
        }
        han.clear();
    }

    private static void firstMadeWord(StringBuilder word, java.util.Set<Integer> out) {
        String w = word.toString();
        word.setLength(0);
        java.util.Set<String> stop = java.util.Set.of("the", "a", "an", "and", "or", "to", "of", "in", "on", "at",
                "for", "is", "it", "my", "i", "me", "we", "was", "were", "be", "this", "that", "with", "have", "has",
                "had", "not", "no", "they", "their", "you", "your", "please", "re", "fw", "fwd", "hi", "hello", "dear",
                "regards", "thanks", "thank", "am", "are", "but", "from", "by", "so", "as", "our", "its");
        if (w.isEmpty() || stop.contains(w) || (w.length() == 1 && !Character.isDigit(w.charAt(0)))) {
            return;
        }
        if (w.chars().allMatch(Character::isLetter) && w.length() > 4) {
            w = w.replaceAll("(ing|ed|es|s)$", "");
        }
        out.add(stringHash("w:" + w));
    }

    private static int stringHash(String s) {
        long h = 0xCBF29CE484222325L;
        for (int i = 0; i < s.length(); i++) {
            h ^= s.charAt(i);
            h *= 0x100000001B3L;
        }
        return (int) (TextFingerprint.mix(h) >>> 32);
    }
}
