package dev.shouli.core.intake.extract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shouli.core.domain.DemandType;
import dev.shouli.core.intake.PhoneNumbers;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class FreeTextExtractorTest {

    /** 2026-11-25 10:00 in Shanghai. */
    private static final Instant RECEIVED = Instant.parse("2026-11-25T02:00:00Z");

    private final FreeTextExtractor extractor = new FreeTextExtractor(new PhoneNumbers("CN"),
            ZoneId.of("Asia/Shanghai"));

    private Extraction extract(String text) {
        return extractor.extract(text, RECEIVED);
    }

    @Test
    void chineseMobileNumbersWithSeparatorsBecomeE164() {
        assertThat(extract("请联系我 138-0013-8000 或 +86 139 0013 9000").phones())
                .containsExactly("+8613800138000", "+8613900139000");
    }

    @Test
    void landlineWithAreaCodeBecomesE164() {
        assertThat(extract("座机 010-62345678").phones()).containsExactly("+861062345678");
    }

    @Test
    void orderNumbersAreTakenFromTheirLabelAndNotMistakenForPhones() {
        Extraction e = extract("订单号：13800138000123，订单编号:JD-2026112512");

        assertThat(e.orderNumbers()).containsExactly("13800138000123", "JD-2026112512");
        assertThat(e.phones()).isEmpty();
    }

    @Test
    void englishOrderNumberLabelIsRecognised() {
        assertThat(extract("My order no. A12345678 never arrived.").orderNumbers()).containsExactly("A12345678");
    }

    @Test
    void wordsAfterOrderAreNotOrderNumbers() {
        assertThat(extract("I placed an order yesterday and the order status is wrong").orderNumbers()).isEmpty();
    }

    @Test
    void emailsAreCanonical() {
        assertThat(extract("回复到 Li.Na@Example.COM.").emails()).containsExactly("li.na@example.com");
    }

    @Test
    void respondentFromSimplifiedLabel() {
        assertThat(extract("投诉对象：华强电器有限公司，地址在深圳").respondent().organisation()).isEqualTo("华强电器有限公司");
    }

    @Test
    void respondentFromTraditionalLabel() {
        assertThat(extract("投訴對象：九龍灣某某電訊。").respondent().organisation()).isEqualTo("九龍灣某某電訊");
    }

    @Test
    void respondentFromBeiTousuFang() {
        assertThat(extract("被投诉方是美好家政服务部，他们迟到了").respondent().organisation()).isEqualTo("美好家政服务部");
    }

    @Test
    void respondentFromEnglishAgainst() {
        assertThat(extract("I want to file a complaint against Acme Widgets Ltd. They never delivered.")
                .respondent().organisation()).isEqualTo("Acme Widgets Ltd");
    }

    @Test
    void noRespondentIsGuessedWithoutALabel() {
        assertThat(extract("昨天在商场买的空调坏了").respondent().isEmpty()).isTrue();
    }

    @Test
    void chineseDemandWithAmount() {
        Extraction e = extract("空调不制冷。要求退款299元并赔礼道歉。谢谢");

        assertThat(e.demandText()).isEqualTo("要求退款299元并赔礼道歉");
        assertThat(e.demandTypes()).contains(DemandType.REFUND, DemandType.APOLOGY);
        assertThat(e.amount()).isEqualByComparingTo("299");
        assertThat(e.currency()).isEqualTo("CNY");
    }

    @Test
    void englishDemandWithDollarAmount() {
        Extraction e = extract("The blender broke after two days. Please refund the $49.99 I paid.");

        assertThat(e.demandText()).isEqualTo("Please refund the $49.99 I paid");
        assertThat(e.demandTypes()).containsExactly(DemandType.REFUND);
        assertThat(e.amount()).isEqualByComparingTo(new BigDecimal("49.99"));
        assertThat(e.currency()).isEqualTo("USD");
    }

    @Test
    void hongKongDollarsAndThousandsSeparators() {
        Extraction e = extract("要求賠償 HK$1,200.50");

        assertThat(e.amount()).isEqualByComparingTo("1200.50");
        assertThat(e.currency()).isEqualTo("HKD");
    }

    @Test
    void aWishWithoutAnythingToDoIsNotADemand() {
        assertThat(extract("希望你们好好反省一下").demandText()).isNull();
    }

    @Test
    void labelledDemandWins() {
        assertThat(extract("诉求：更换新机").demandTypes()).containsExactly(DemandType.REPLACE);
    }

    @Test
    void yesterdayAfternoonIsTheStartOfThatAfternoonInTheComplainantsZone() {
        assertThat(extract("昨天下午在门店买的").occurredAt())
                .isEqualTo(OffsetDateTime.parse("2026-11-24T13:00+08:00"));
    }

    @Test
    void clockTimeWithPeriodIsTwentyFourHour() {
        assertThat(extract("前天晚上8点半送货的").occurredAt())
                .isEqualTo(OffsetDateTime.parse("2026-11-23T20:30+08:00"));
    }

    @Test
    void writtenChineseDateWithoutYearIsTheLatestPastOne() {
        assertThat(extract("12月3日买的手机").occurredAt()).isEqualTo(OffsetDateTime.parse("2025-12-03T00:00+08:00"));
    }

    @Test
    void englishYesterday() {
        assertThat(extract("It happened yesterday.").occurredAt())
                .isEqualTo(OffsetDateTime.parse("2026-11-24T00:00+08:00"));
    }

    @Test
    void laterTodayThanReceiptIsNotAnOccurrence() {
        assertThat(extract("今天晚上9点再说").occurredAt()).isNull();
    }

    @Test
    void noTimeWordsMeansNoOccurredAt() {
        assertThat(extract("空调坏了，订单号 123456789").occurredAt()).isNull();
    }

    @Test
    void fullWidthDigitsAreRead() {
        assertThat(extract("电话：１３８００１３８０００").phones()).containsExactly("+8613800138000");
    }

    @Test
    void emptyTextGivesEmptyExtraction() {
        assertThat(extract("  ")).isEqualTo(Extraction.empty());
    }
}
