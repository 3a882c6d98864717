package dev.shouli.core.logging;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PersonalDataMaskTest {

    @Test
    void masksEmailAddressesIncludingInternationalisedAndPercentEncodedOnes() {
        assertThat(PersonalDataMask.mask("550 <li.na@example.cn> unknown")).isEqualTo("550 <[email]> unknown");
        assertThat(PersonalDataMask.mask("from 张伟@例子.中国 ok")).isEqualTo("from [email] ok");
        assertThat(PersonalDataMask.mask("email=li.na%40example.cn&x=1")).isEqualTo("email=[email]&x=1");
    }

    @Test
    void masksChinesePhoneNumbersInEveryCommonShape() {
        assertThat(PersonalDataMask.mask("From=+8613912345678")).isEqualTo("From=[phone]");
        assertThat(PersonalDataMask.mask("电话139 1234 5678，或139-1234-5678")).isEqualTo("电话[phone]，或[phone]");
        assertThat(PersonalDataMask.mask("msisdn=8613912345678")).isEqualTo("msisdn=[phone]");
        assertThat(PersonalDataMask.mask("key phone:+86 139 1234 5678")).isEqualTo("key phone:[phone]");
        assertThat(PersonalDataMask.mask("固话010-12345678")).isEqualTo("固话[phone]");
        assertThat(PersonalDataMask.mask("From=%2B8613912345678")).isEqualTo("From=[phone]");
    }

    @Test
    void masksResidentIdNumbers() {
        assertThat(PersonalDataMask.mask("身份证11010519491231002X。")).isEqualTo("身份证[id-number]。");
        assertThat(PersonalDataMask.mask("old 110105491231002 id")).isEqualTo("old [id-number] id");
    }

    @Test
    void leavesReferencesIdsTimesAndCountsAlone() {
        String line = "intake requestId=f321afd999e1455f7b3330aa channel=sms reference=TS20261202-000001L "
                + "at 2026-12-02T20:47:12Z epoch 1764708432123 item=13912 ms=389 port 45775 "
                + "database postgresql://shouli@127.0.0.1:5432/shouli";
        assertThat(PersonalDataMask.mask(line)).isEqualTo(line);
    }

    @Test
    void theQuickCheckNeverPassesOverWhatThePatternWouldMask() {
        java.util.Random random = new java.util.Random(20261207);
        String alphabet = "0123456789012345678901234567890123456789 -().xXaZ+@%24B张伟号TS_=";
        int checked = 0;
        for (int n = 0; n < 200_000; n++) {
            StringBuilder s = new StringBuilder();
            int length = 5 + random.nextInt(30);
            for (int i = 0; i < length; i++) {
                s.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            String text = s.toString();
            if (!PersonalDataMask.maskByPattern(text).equals(text)) {
                checked++;
                assertThat(PersonalDataMask.mayHoldPersonalData(text)).as(text).isTrue();
            }
        }
        assertThat(checked).as("random texts the pattern masks").isGreaterThan(1_000);
        assertThat(PersonalDataMask.mayHoldPersonalData(
                "intake requestId=5f0c2a9e1b7d4c3a channel=api transport=http outcome=created "
                        + "reference=TS20261207-004217K redelivery=false ms=12")).isFalse();
        assertThat(PersonalDataMask.mask("来电13912345678")).isEqualTo("来电[phone]");
    }
}
