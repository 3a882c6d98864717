package dev.shouli.core.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shouli.core.domain.Complainant;
import dev.shouli.core.domain.Complaint;
import dev.shouli.core.domain.ComplaintDraft;
import dev.shouli.core.domain.ComplaintKind;
import dev.shouli.core.domain.Demand;
import dev.shouli.core.domain.DemandType;
import dev.shouli.core.domain.Respondent;
import dev.shouli.core.domain.Submission;
import dev.shouli.core.domain.Urgency;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NormaliserTest {

    private final Normaliser normaliser = new Normaliser(new PhoneNumbers("CN"));
    private final Submission submission = new Submission("api", "http", null, Instant.parse("2026-11-25T02:00:00Z"),
            "application/json", Map.of(), new byte[0]);

    private Complaint normalise(Complainant complainant, Respondent respondent, Demand demand, String description) {
        return normaliser.normalise(submission, new ComplaintDraft(null, null, description, null, null, complainant,
                respondent, demand, null, null, null, null, null));
    }

    @Test
    void phoneNumbersBecomeE164IncludingFullWidthDigits() {
        Complaint c = normalise(new Complainant(null, "１３８－００１３－８０００", null, null, null, false), null, null, "漏水");

        assertThat(c.complainant().phone()).isEqualTo("+8613800138000");
    }

    @Test
    void emailsAreLowerCasedWithThePunycodeDomain() {
        Complaint c = normalise(new Complainant(null, null, " Li.Na@例子.中国 ", null, null, false), null, null, "漏水");

        assertThat(c.complainant().email()).isEqualTo("li.na@xn--fsqu00a.xn--fiqs8s");
    }

    @Test
    void invalidContactsStayEmptyRatherThanGuessed() {
        Complaint c = normalise(new Complainant("王芳", "12", "nobody", null, null, false), null, null, "漏水");

        assertThat(c.complainant().phone()).isNull();
        assertThat(c.complainant().email()).isNull();
        assertThat(c.complainant().name()).isEqualTo("王芳");
    }

    @Test
    void fullWidthLettersInTheRespondentBecomeHalfWidth() {
        Complaint c = normalise(null, new Respondent("ＡＢＣ超市", null, null, null), null, "漏水");

        assertThat(c.respondent().organisation()).isEqualTo("ABC超市");
    }

    @Test
    void demandTypesAreRecognisedInSimplifiedTraditionalAndEnglish() {
        assertThat(normalise(null, null, new Demand("要求退款并赔偿", List.of(), null, null), "x").demand().types())
                .containsExactly(DemandType.REFUND, DemandType.COMPENSATION);
        assertThat(normalise(null, null, new Demand("要求換貨及道歉", List.of(), null, null), "x").demand().types())
                .containsExactly(DemandType.REPLACE, DemandType.APOLOGY);
        assertThat(normalise(null, null, new Demand("Please refund me", List.of(), null, null), "x").demand().types())
                .containsExactly(DemandType.REFUND);
    }

    @Test
    void givenDemandTypesAreKeptAsGiven() {
        Demand demand = new Demand("退款", List.of(DemandType.REPAIR), null, null);

        assertThat(normalise(null, null, demand, "x").demand().types()).containsExactly(DemandType.REPAIR);
    }

    @Test
    void amountWithoutCurrencyIsYuan() {
        Demand demand = new Demand("退款", List.of(), new java.math.BigDecimal("299"), null);

        assertThat(normalise(null, null, demand, "x").demand().currency()).isEqualTo("CNY");
    }

    @Test
    void defaultsKindToComplaintAndUrgencyToNormal() {
        Complaint c = normalise(null, null, null, "漏水");

        assertThat(c.kind()).isEqualTo(ComplaintKind.COMPLAINT);
        assertThat(c.urgency()).isEqualTo(Urgency.NORMAL);
    }

    @Test
    void guessesTheScript() {
        assertThat(normalise(null, null, null, "这家店卖给我的手机是翻新机").language()).isEqualTo("zh-Hans");
        assertThat(normalise(null, null, null, "這家店賣給我的手機是翻新機").language()).isEqualTo("zh-Hant");
        assertThat(normalise(null, null, null, "The shop sold me a refurbished phone").language()).isEqualTo("en");
    }

    @Test
    void controlCharactersAreRemovedAndLineEndsUnified() {
        Complaint c = normalise(null, null, null, "第一行\r\n第二\u0000行\u0007");

        assertThat(c.description()).isEqualTo("第一行\n第二行");
    }

    @Test
    void nothingToActOnIsANormalisationFailure() {
        assertThatThrownBy(() -> normalise(null, null, null, " \u0000 "))
                .isInstanceOf(NormalisationException.class);
    }
}
