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
}
