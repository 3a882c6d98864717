package dev.shouli.core.intake.extract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shouli.core.intake.PhoneNumbers;
import java.time.Instant;
import java.time.ZoneId;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Texts built to make a backtracking pattern quadratic. The extractor reads its text through {@link BoundedText},
 * which stops after {@value BoundedText#READS_PER_CHAR} reads per character: a pattern that is quadratic on one of
 * these (64,000 letters without "@" took 77 s on the event loop) exceeds that budget and the test fails. The check
 * counts character reads, not time, so it does not depend on the machine.
 */
class HostileTextTest {

    private static final Instant RECEIVED = Instant.parse("2026-11-25T02:00:00Z");
    private final FreeTextExtractor extractor = new FreeTextExtractor(new PhoneNumbers("CN"),
            ZoneId.of("Asia/Shanghai"));

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"letters", "han", "digits", "thousands", "orderThenSpaces", "labelThenSpaces",
            "againstThenLetters", "manyOrderNumbers", "atSigns", "dottedDomain", "demandWords", "plusDigits",
            "newlines", "dotsAndDigits"})
    void extractionOfHostileTextStaysWithinItsReadBudget(String kind) {
        String text = hostile(kind);

        Extraction found = extractor.extract(text, RECEIVED);

        assertThat(found).isNotNull();
    }

    @Test
    void manyOrderNumbersAreCappedAndNotReadAsPhones() {
        Extraction found = extractor.extract(hostile("manyOrderNumbers"), RECEIVED);

        assertThat(found.orderNumbers()).hasSize(FreeTextExtractor.MAX_FOUND);
        assertThat(found.phones()).isEmpty();
    }

    @Test
    void aBacktrackingPatternIsStoppedByTheBudget() {
        // The extractor's old email pattern: tried from each of 64,000 letters, each try reading to the end.
        BoundedText text = BoundedText.of("a".repeat(64_000));

        assertThatThrownBy(() -> Pattern.compile("[\\p{L}\\p{N}._%+-]+@[\\p{L}\\p{N}-]+").matcher(text).find())
                .isInstanceOf(TextBudgetExceededException.class);
    }

    @Test
    void anInterruptedThreadStopsReading() {
        BoundedText text = BoundedText.of("x".repeat(10_000));
        Thread.currentThread().interrupt();
        try {
            assertThatThrownBy(() -> Pattern.compile("x*y").matcher(text).find())
                    .isInstanceOf(TextBudgetExceededException.class);
        } finally {
            Thread.interrupted();
        }
    }

    static String hostile(String kind) {
        return switch (kind) {
            case "letters" -> "a".repeat(64_000);
            case "han" -> "投".repeat(32_000);
            case "digits" -> "1".repeat(64_000);
            case "thousands" -> "1" + ",000".repeat(16_000);
            case "orderThenSpaces" -> "order" + " ".repeat(50_000) + "x";
            case "labelThenSpaces" -> "投诉对象" + " ".repeat(50_000) + "x";
            case "againstThenLetters" -> "against A" + "b".repeat(64_000) + " of";
            case "manyOrderNumbers" -> orderNumbers(4_000);
            case "atSigns" -> "a@".repeat(32_000);
            case "dottedDomain" -> "a@b" + ".c".repeat(30_000) + "-";
            case "demandWords" -> "要求".repeat(30_000);
            case "plusDigits" -> "+1 ".repeat(20_000);
            case "newlines" -> "\n".repeat(64_000);
            case "dotsAndDigits" -> "1.1".repeat(20_000);
            default -> throw new IllegalArgumentException(kind);
        };
    }

    /** Distinct order numbers whose digits look like mobile numbers. */
    private static String orderNumbers(int count) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < count; i++) {
            text.append("订单号A").append(13800138000L + i).append(' ');
        }
        return text.toString();
    }
}
