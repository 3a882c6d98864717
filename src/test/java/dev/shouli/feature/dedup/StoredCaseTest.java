package dev.shouli.feature.dedup;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Which stored cases are one person's, and so never an incident: by person, and for the cases of no person (made
 * from submissions that had not proven their contact) by the keys they typed and whose those keys are now.
 */
class StoredCaseTest {

    private static StoredCase of(Long person, List<String> claimedKeys, Long claimedPerson) {
        return new StoredCase(1, "TS-1", "form", person, Instant.EPOCH, RespondentKey.UNKNOWN, null, List.of(), null,
                new int[0], null, "", 0, null, null, List.of(), claimedKeys, claimedPerson);
    }

    @Test
    void casesOfOnePersonAreOnePersons() {
        assertThat(of(7L, List.of(), null).samePersonAs(of(7L, List.of(), null))).isTrue();
        assertThat(of(7L, List.of(), null).samePersonAs(of(8L, List.of(), null))).isFalse();
    }

    @Test
    void twoCasesOfNoPersonThatTypedOneKeyAreOnePersons() {
        assertThat(of(null, List.of("phone:+8613800138000"), null)
                .samePersonAs(of(null, List.of("email:a@example.cn", "phone:+8613800138000"), null))).isTrue();
        assertThat(of(null, List.of("phone:+8613800138000"), null)
                .samePersonAs(of(null, List.of("phone:+8613900139000"), null))).isFalse();
    }

    @Test
    void aCaseOfNoPersonCountsAsThePersonItsTypedKeysBelongTo() {
        assertThat(of(null, List.of("phone:+8613800138000"), 7L).samePersonAs(of(7L, List.of(), null))).isTrue();
        assertThat(of(null, List.of("phone:+8613800138000"), null).samePersonAs(of(7L, List.of(), null))).isFalse();
    }
}
