package dev.shouli.feature.dedup;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shouli.core.domain.Complainant;
import dev.shouli.core.domain.Complaint;
import dev.shouli.core.domain.ComplaintKind;
import dev.shouli.core.domain.Demand;
import dev.shouli.core.domain.Location;
import dev.shouli.core.domain.Product;
import dev.shouli.core.domain.Respondent;
import dev.shouli.core.domain.Urgency;
import dev.shouli.core.intake.PhoneNumbers;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class IdentityKeysTest {

    private final IdentityKeys keys = new IdentityKeys(new PhoneNumbers("CN"));

    private static Complaint complaint(Complainant who, String text) {
        return new Complaint(ComplaintKind.COMPLAINT, "email", Instant.parse("2026-11-25T02:00:00Z"), null, who,
                Respondent.empty(), Demand.empty(), null, text, "zh-Hans", null, Urgency.NORMAL, Product.empty(),
                Location.empty(), List.of(), null);
    }

    @Test
    void phoneEmailAndCustomerIdAreKeysOfTheirKind() {
        Complainant who = new Complainant("张伟", "+8613800138000", "zhangwei@example.com", null, "c-1001 ", false);

        assertThat(keys.of(complaint(who, "空调坏了")))
                .containsExactly("customer:C1001", "email:zhangwei@example.com", "phone:+8613800138000");
    }

    @Test
    void confidentialCallerIsMatchedByTheRealNumber() {
        Complainant caller = new Complainant("李**", "+8613900139000", null, null, null, true);

        assertThat(keys.of(complaint(caller, "路灯坏了"))).containsExactly("phone:+8613900139000");
    }

    @Test
    void phoneTheWriterStatesAsTheirOwnIsAKey() {
        Complainant who = new Complainant(null, null, "li@example.cn", null, null, false);

        assertThat(keys.of(complaint(who, "空调坏了，请联系我，我的手机：138-0013-8000")))
                .containsExactly("email:li@example.cn", "phone:+8613800138000");
        assertThat(keys.of(complaint(who, "Please call me on 13800138000")))
                .contains("phone:+8613800138000");
    }

    @Test
    void aShopsNumberInTheTextIsNotTheWritersKey() {
        Complainant who = new Complainant(null, null, "li@example.cn", null, null, false);

        assertThat(keys.of(complaint(who, "门店电话075512345678一直打不通"))).containsExactly("email:li@example.cn");
    }
}
