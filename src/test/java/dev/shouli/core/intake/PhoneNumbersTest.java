package dev.shouli.core.intake;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The shortcut for mainland mobile numbers must give what libphonenumber gives. */
class PhoneNumbersTest {

    private final PhoneNumbers cn = new PhoneNumbers("CN");

    @Test
    void mobileNumbersAsTypedGiveWhatLibphonenumberGives() {
        Random random = new Random(20261207);
        for (int n = 0; n < 20_000; n++) {
            StringBuilder number = new StringBuilder("1").append(random.nextInt(10));
            for (int i = 0; i < 9; i++) {
                number.append(random.nextInt(10));
            }
            String typed = number.toString();
            assertThat(cn.toE164(typed)).as(typed).isEqualTo(cn.parsed(typed));
        }
        assertThat(cn.toE164("１３９１２３４５６７８")).contains("+8613912345678");
        assertThat(cn.toE164(" 13912345678 ")).contains("+8613912345678");
        assertThat(cn.toE164("139 1234 5678")).contains("+8613912345678");
        assertThat(cn.toE164("12345678901")).isEqualTo(cn.parsed("12345678901"));
    }

    @Test
    void otherRegionsAreNotReadAsChineseMobiles() {
        PhoneNumbers us = new PhoneNumbers("US");
        assertThat(us.toE164("13912345678")).isEqualTo(us.parsed("13912345678"));
    }
}
