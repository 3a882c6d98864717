package dev.shouli.core.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class CaseReferenceTest {

    private final CaseReference reference = new CaseReference("TS", LocalDate.of(2026, 11, 25), 4217);

    @Test
    void formatsPrefixDateNumberAndCheckLetter() {
        assertThat(reference.toString()).matches("TS20261125-004217[A-Z]");
    }

    @Test
    void parsesWhatItFormats() {
        assertThat(CaseReference.parse(reference.toString())).isEqualTo(reference);
    }

    @Test
    void parsesLowerCaseSpacesFullWidthAndMissingHyphen() {
        String typed = reference.toString().toLowerCase().replace("-", " ");
        String fullWidth = reference.toString().chars()
                .mapToObj(c -> String.valueOf((char) (c == '-' ? c : c + 0xFEE0)))
                .reduce("", String::concat);
        assertThat(CaseReference.parse(typed)).isEqualTo(reference);
        assertThat(CaseReference.parse(fullWidth)).isEqualTo(reference);
    }

    @Test
    void detectsEverySingleWrongDigit() {
        String text = reference.toString();
        for (int i = 2; i < text.length() - 1; i++) {
            if (!Character.isDigit(text.charAt(i))) {
                continue;
            }
            for (char d = '0'; d <= '9'; d++) {
                if (d == text.charAt(i)) {
                    continue;
                }
                String typo = text.substring(0, i) + d + text.substring(i + 1);
                assertThatThrownBy(() -> CaseReference.parse(typo))
                        .as("typo %s", typo)
                        .isInstanceOf(CaseReference.InvalidReferenceException.class);
            }
        }
    }

    @Test
    void detectsEverySwapOfNeighbouringDigits() {
        String digits = "20261125" + "004217";
        for (int i = 0; i + 1 < digits.length(); i++) {
            if (digits.charAt(i) == digits.charAt(i + 1)) {
                continue;
            }
            String swapped = digits.substring(0, i) + digits.charAt(i + 1) + digits.charAt(i) + digits.substring(i + 2);
            assertThat(CaseReference.checkLetter(swapped)).as("swap at %d", i)
                    .isNotEqualTo(CaseReference.checkLetter(digits));
        }
    }

    @Test
    void rejectsTextThatIsNoReferenceWithAHelpfulMessage() {
        assertThatThrownBy(() -> CaseReference.parse("hello"))
                .hasMessageContaining("TS20261125-004217K");
    }

    @Test
    void keepsNumbersBeyondSixDigits() {
        CaseReference big = new CaseReference("TS", LocalDate.of(2026, 1, 1), 12_345_678);
        assertThat(big.toString()).startsWith("TS20260101-12345678");
        assertThat(CaseReference.parse(big.toString())).isEqualTo(big);
    }
}
