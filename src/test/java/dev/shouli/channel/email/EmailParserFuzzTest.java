package dev.shouli.channel.email;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.shouli.core.intake.PhoneNumbers;
import dev.shouli.core.intake.extract.FreeTextExtractor;
import dev.shouli.core.intake.extract.TextBudgetExceededException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Set;

/**
 * Any bytes as a raw message: parsed, checked for automatic mail and read into a draft, or refused with
 * {@link MalformedEmailException}. Anything else thrown is a crash. The corpus under
 * {@code EmailParserFuzzTestInputs/} (real messages and every crash found) is replayed by every build.
 */
class EmailParserFuzzTest {

    private static final EmailParser PARSER = new EmailParser(new MimeLimits(10, 200, 10, 1 << 20, 4 << 20));
    private static final AutomatedMail AUTOMATED = new AutomatedMail(Set.of("noreply@shouli.example"), "shouli.example");
    private static final EmailAdapter ADAPTER = new EmailAdapter(new ForwardedMail(Set.of("staff@shop.example.cn")),
            new FreeTextExtractor(new PhoneNumbers("CN"), ZoneId.of("Asia/Shanghai")));

    @FuzzTest(maxDuration = "8m")
    void anyBytesAreReadOrRefused(byte[] raw) {
        ParsedEmail mail;
        try {
            PARSER.parseHeaders(raw);
            mail = PARSER.parse(raw);
        } catch (MalformedEmailException expected) {
            return;
        }
        AUTOMATED.reason(mail, null);
        AutomatedMail.noReceipt(mail);
        try {
            ADAPTER.draft(mail, Instant.parse("2026-11-25T02:00:00Z"));
        } catch (TextBudgetExceededException expected) {
            // stopped by its read budget: quarantined in production, not a crash
        }
    }
}
