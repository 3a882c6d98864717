package dev.shouli.channel.email;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shouli.core.domain.ComplaintDraft;
import dev.shouli.core.domain.DemandType;
import dev.shouli.core.intake.PhoneNumbers;
import dev.shouli.core.intake.extract.FreeTextExtractor;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The fixture corpus through the parser and the adapter: what a desk agent would read of each message. */
class EmailParsingTest {

    private static final Instant RECEIVED = Instant.parse("2026-11-25T02:00:00Z");

    private final EmailParser parser = new EmailParser(new MimeLimits(12, 300, 10, 1_000_000, 5_000_000));
    private final EmailAdapter adapter = new EmailAdapter(
            new ForwardedMail(Set.of("staff@shop.example.cn", "boss@shop.example.cn")),
            new FreeTextExtractor(new PhoneNumbers("CN"), ZoneId.of("Asia/Shanghai")));

    private ParsedEmail parse(String fixture) throws MalformedEmailException {
        return parser.parse(EmailFixtures.read(fixture));
    }

    private ComplaintDraft draft(String fixture) throws MalformedEmailException {
        return adapter.draft(parse(fixture), RECEIVED);
    }

    @Test
    void gb2312LabelIsReadAsGb18030SoGbkOnlyCharactersSurvive() throws Exception {
        ParsedEmail mail = parse("charset-gb2312-with-gbk-chars.eml");

        assertThat(mail.subject()).isEqualTo("朱镕投诉空调");
        assertThat(mail.text()).contains("联系人：朱镕");
    }

    @Test
    void big5LabelIsReadAsBig5HkscsSoHongKongCharactersSurvive() throws Exception {
        ParsedEmail mail = parse("charset-big5-hkscs.eml");

        assertThat(mail.subject()).isEqualTo("投訴電訊公司");
        assertThat(mail.text()).contains("部機啱啱買嘅就壞咗");
    }

    @Test
    void ksC5601LabelIsReadAsCp949() throws Exception {
        ParsedEmail mail = parse("charset-ks-c-5601.eml");

        assertThat(mail.subject()).isEqualTo("불만 접수");
        assertThat(mail.text()).startsWith("똠방각하");
    }

    @Test
    void unlabelledEightBitGbkIsDetected() throws Exception {
        assertThat(parse("charset-unlabelled-gbk.eml").text()).contains("快递员态度恶劣");
    }

    @Test
    void utf8MislabelledAsLatin1IsReadAsUtf8() throws Exception {
        assertThat(parse("charset-utf8-labelled-latin1.eml").text()).isEqualTo("物业收费不合理，要求解释。\n");
    }

    @Test
    void rawEightBitHeadersAreDetectedToo() throws Exception {
        ParsedEmail mail = parse("raw-8bit-headers-gbk.eml");

        assertThat(mail.subject()).isEqualTo("投诉：停车场乱收费");
        assertThat(mail.from().name()).isEqualTo("张伟");
        assertThat(mail.from().address()).isEqualTo("zhang.wei@example.cn");
    }

    @Test
    void encodedWordsSplittingOneCharacterAreJoinedBeforeDecoding() throws Exception {
        assertThat(parse("encoded-words-split-character.eml").subject()).isEqualTo("空调不制冷");
    }

    @Test
    void rfc2231FileNameWithContinuationsIsDecoded() throws Exception {
        ParsedEmail mail = parse("rfc2231-filename.eml");

        assertThat(mail.attachments()).singleElement().satisfies(a -> {
            assertThat(a.name()).isEqualTo("发票扫描.pdf");
            assertThat(a.contentType()).isEqualTo("application/pdf");
        });
        assertThat(mail.text()).isEqualTo("请看附件里的发票。");
    }

    @Test
    void htmlOnlyMailBecomesCleanTextWithoutScriptsStylesOrHiddenText() throws Exception {
        ParsedEmail mail = parse("html-only.eml");

        assertThat(mail.fromHtml()).isTrue();
        assertThat(mail.text()).isEqualTo("餐厅的菜里有头发。\n要求道歉并退款88元。");
    }

    @Test
    void alternativePrefersThePlainPart() throws Exception {
        assertThat(parse("alternative-plain-and-html.eml").text()).startsWith("纯文本版本");
    }

    @Test
    void chineseQuotedHistoryIsStrippedFromTheDescription() throws Exception {
        assertThat(draft("reply-quoted-chinese.eml").description()).isEqualTo("补充一下：维修人员今天也没来。");
    }

    @Test
    void englishOnWroteHistoryIsStripped() throws Exception {
        assertThat(draft("reply-quoted-english.eml").description()).isEqualTo("The kettle still leaks. Please replace it.");
    }

    @Test
    void outlookHeaderBlockHistoryIsStripped() throws Exception {
        assertThat(draft("reply-outlook-header-block.eml").description()).isEqualTo("我要求赔偿损失。");
    }

    @Test
    void staffForwardAsAttachedMessageMakesTheOriginalSenderTheComplainant() throws Exception {
        ComplaintDraft d = draft("forward-attached-by-staff.eml");

        assertThat(d.complainant().email()).isEqualTo("customer@example.net");
        assertThat(d.complainant().name()).isEqualTo("顾客甲");
        assertThat(d.subject()).isEqualTo("洗衣机漏水");
        assertThat(d.description()).startsWith("洗衣机漏水，要求上门维修");
        assertThat(d.complainant().phone()).isEqualTo("+8613912345678");
    }

    @Test
    void nestedInlineStaffForwardsAreFollowedToTheCustomer() throws Exception {
        ComplaintDraft d = draft("forward-inline-nested.eml");

        assertThat(d.complainant().email()).isEqualTo("bob@example.org");
        assertThat(d.complainant().name()).isEqualTo("Bob Customer");
        assertThat(d.description()).isEqualTo("My order never arrived. Please refund $30.");
        assertThat(d.demand().types()).containsExactly(DemandType.REFUND);
    }

    @Test
    void aForwardFromSomeoneWhoIsNotStaffKeepsItsSender() throws Exception {
        EmailAdapter noStaff = new EmailAdapter(new ForwardedMail(Set.of()),
                new FreeTextExtractor(new PhoneNumbers("CN"), ZoneId.of("Asia/Shanghai")));

        assertThat(noStaff.draft(parse("forward-inline-nested.eml"), RECEIVED).complainant().email())
                .isEqualTo("boss@shop.example.cn");
    }

    @Test
    void freeTextExtractionFillsRespondentDemandAndAmount() throws Exception {
        ComplaintDraft d = draft("charset-gb2312-with-gbk-chars.eml");

        assertThat(d.respondent().organisation()).isEqualTo("华强电器有限公司");
        assertThat(d.demand().types()).containsExactly(DemandType.REFUND);
        assertThat(d.demand().amount()).isEqualByComparingTo("2999");
        assertThat(d.complainant().phone()).isEqualTo("+8613800138000");
    }

    @Test
    void orderNumberGoesToTheProduct() throws Exception {
        assertThat(draft("charset-unlabelled-gbk.eml").product().orderNumber()).isEqualTo("SF1234567890");
    }

    @Test
    void aMultipartWithoutItsClosingBoundaryIsReadAsFarAsItGoes() throws Exception {
        assertThat(parse("malformed-truncated-multipart.eml").text()).contains("half a message");
    }

    @Test
    void nestingDeeperThanTheLimitIsMalformed() {
        assertThatThrownBy(() -> parse("malformed-too-deep.eml"))
                .isInstanceOf(MalformedEmailException.class)
                .hasMessageContaining("deeper than 12");
    }

    @Test
    void attachmentsBeyondTheCountLimitAreListedAsSkipped() throws Exception {
        EmailParser strict = new EmailParser(new MimeLimits(12, 300, 0, 1_000_000, 5_000_000));

        ParsedEmail mail = strict.parse(EmailFixtures.read("rfc2231-filename.eml"));

        assertThat(mail.attachments()).isEmpty();
        assertThat(mail.skippedAttachments()).singleElement().asString().contains("发票扫描.pdf");
    }

    @Test
    void garbageBytesStillParseAsSomethingOrFailAsMalformed() {
        byte[] garbage = "\u0000\u0001not mail at all".getBytes(StandardCharsets.ISO_8859_1);
        try {
            ParsedEmail mail = parser.parse(garbage);
            assertThat(mail.messageId()).isNull();
        } catch (MalformedEmailException e) {
            assertThat(e).hasMessageContaining("cannot parse");
        }
    }

    @Test
    void anEncodedDisplayNameThatSpellsHeadersNeverBecomesAnAddress() throws Exception {
        String name = "=?UTF-8?B?" + java.util.Base64.getEncoder().encodeToString(
                "Evil\r\nBcc: victim@example.org".getBytes(StandardCharsets.UTF_8)) + "?=";
        byte[] raw = ("From: " + name + " <sender@example.cn>\r\nSubject: x\r\n\r\nbody\r\n")
                .getBytes(StandardCharsets.US_ASCII);

        MailAddress from = parser.parse(raw).from();

        assertThat(from.address()).isEqualTo("sender@example.cn");
        assertThat(from.name()).doesNotContain("\n", "\r");
    }
}
