package dev.shouli.core.intake.extract;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.shouli.core.intake.PhoneNumbers;
import java.time.Instant;
import java.time.ZoneId;

/**
 * Any text through the free-text extractor: it finds what it finds, within its read budget (a budget exceeded on
 * text of this size would be a pattern that backtracks), and never throws anything else.
 */
class FreeTextExtractorFuzzTest {

    private static final FreeTextExtractor EXTRACTOR = new FreeTextExtractor(new PhoneNumbers("CN"),
            ZoneId.of("Asia/Shanghai"));

    @FuzzTest(maxDuration = "8m")
    void anyTextIsReadWithinItsBudget(FuzzedDataProvider data) {
        EXTRACTOR.extract(data.consumeRemainingAsString(), Instant.parse("2026-11-25T02:00:00Z"));
    }
}
