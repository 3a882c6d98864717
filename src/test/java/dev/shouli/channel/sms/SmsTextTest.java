package dev.shouli.channel.sms;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shouli.core.intake.ReceiptNotice;
import dev.shouli.core.outbox.Notice;
import org.junit.jupiter.api.Test;

/** Keywords, segment counting and receipt wording. */
class SmsTextTest {

    @Test
    void chineseAndEnglishOptOutKeywordsAreRecognised() {
        assertThat(SmsKeywords.classify("退订")).isEqualTo(SmsKeywords.Kind.OPT_OUT);
        assertThat(SmsKeywords.classify(" td ")).isEqualTo(SmsKeywords.Kind.OPT_OUT);
        assertThat(SmsKeywords.classify("ＴＤ")).isEqualTo(SmsKeywords.Kind.OPT_OUT);
        assertThat(SmsKeywords.classify("Stop!")).isEqualTo(SmsKeywords.Kind.OPT_OUT);
        assertThat(SmsKeywords.classify("UNSUBSCRIBE")).isEqualTo(SmsKeywords.Kind.OPT_OUT);
    }

    @Test
    void optInAndHelpKeywordsAreRecognised() {
        assertThat(SmsKeywords.classify("START")).isEqualTo(SmsKeywords.Kind.OPT_IN);
        assertThat(SmsKeywords.classify("订阅")).isEqualTo(SmsKeywords.Kind.OPT_IN);
        assertThat(SmsKeywords.classify("help")).isEqualTo(SmsKeywords.Kind.HELP);
        assertThat(SmsKeywords.classify("帮助。")).isEqualTo(SmsKeywords.Kind.HELP);
    }

    @Test
    void keywordInsideAComplaintIsNotAKeyword() {
        assertThat(SmsKeywords.classify("Stop the noise from the bar every night")).isEqualTo(SmsKeywords.Kind.NONE);
        assertThat(SmsKeywords.classify("我要退订这个套餐但是客服不给办")).isEqualTo(SmsKeywords.Kind.NONE);
    }

    @Test
    void gsm7TextFitsOneSegmentUpTo160Characters() {
        assertThat(SmsSegments.count("a".repeat(160))).isEqualTo(1);
        assertThat(SmsSegments.count("a".repeat(161))).isEqualTo(2);
        assertThat(SmsSegments.count("a".repeat(306))).isEqualTo(2);
        assertThat(SmsSegments.count("a".repeat(307))).isEqualTo(3);
    }

    @Test
    void extensionCharactersCountTwice() {
        assertThat(SmsSegments.count("€".repeat(80))).isEqualTo(1);
        assertThat(SmsSegments.count("€".repeat(81))).isEqualTo(2);
    }

    @Test
    void chineseTextGoesAsUcs2With70And67() {
        assertThat(SmsSegments.isGsm7("您好")).isFalse();
        assertThat(SmsSegments.count("投".repeat(70))).isEqualTo(1);
        assertThat(SmsSegments.count("投".repeat(71))).isEqualTo(2);
        assertThat(SmsSegments.count("投".repeat(134))).isEqualTo(2);
        assertThat(SmsSegments.count("投".repeat(135))).isEqualTo(3);
    }

    @Test
    void chineseReceiptFitsOneSegmentAndCarriesTheReference() {
        String text = receipt("受理", "TS20261125-000001K", "zh-Hans", 1);
        assertThat(text).contains("TS20261125-000001K");
        assertThat(SmsSegments.count(text)).isEqualTo(1);
    }

    @Test
    void longerWordingIsUsedWhenTwoSegmentsAreAllowed() {
        String text = receipt("受理", "TS20261125-000001K", "zh-Hans", 2);
        assertThat(text).contains("回复TD退订").contains("请直接回复本短信");
    }

    @Test
    void englishReceiptIsGsm7() {
        String text = receipt("Shouli", "TS20261125-000001K", "en", 1);
        assertThat(SmsSegments.isGsm7(text)).isTrue();
        assertThat(text).contains("STOP");
    }

    @Test
    void formDecodingKeepsRepeatedNamesAndReadsUtf8() {
        var form = SmsProviderBase.decodeForm("Body=%E9%80%80%E6%AC%BE+299%E5%85%83&Digits=1&Digits=2&Empty", "test");
        assertThat(form.get("Body")).containsExactly("退款 299元");
        assertThat(form.get("Digits")).containsExactly("1", "2");
        assertThat(form.get("Empty")).containsExactly("");
    }

    @Test
    void rawNonAsciiOutsideTheBasicPlaneSurvivesFormDecoding() {
        assertThat(SmsProviderBase.decodeForm("Body=𠮷野家", "test").get("Body")).containsExactly("𠮷野家");
    }

    @Test
    void brokenPercentEscapeIsMalformed() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> SmsProviderBase.decodeForm("Body=%E9%8", "test"))
                .isInstanceOf(MalformedPayloadException.class).hasMessageContaining("percent escape");
    }

    /** The receipt as the SMS channel sends it: the longest wording that fits. */
    private static String receipt(String sender, String reference, String language, int maxSegments) {
        Notice notice = new Notice(ReceiptNotice.PURPOSE, "sms", "+8613800138000", null, reference, language, null);
        return SmsNotices.fit(new ReceiptNotice().sms(notice, sender), maxSegments);
    }
}
