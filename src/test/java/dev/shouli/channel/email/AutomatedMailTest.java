package dev.shouli.channel.email;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Each kind of automatic mail in the corpus is recognised, with the reason the operator sees; markers that prove
 * nothing about who wrote a mail only withhold its receipt.
 */
class AutomatedMailTest {

    private final EmailParser parser = new EmailParser(new MimeLimits(12, 300, 10, 1_000_000, 5_000_000));
    private final AutomatedMail automated = new AutomatedMail(Set.of("complaints@shouli.invalid"), "shouli.invalid");

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "auto-reply-rfc3834.eml, Auto-Submitted",
            "auto-reply-x-autoreply.eml, x-autoreply",
            "bounce-dsn-multipart-report.eml, multipart/report",
            "bounce-postmaster.eml, from postmaster",
            "bounce-chinese-by-content.eml, recognised by content",
            "bounce-empty-return-path.eml, empty Return-Path",
            "own-mail-back.eml, our own mail came back"})
    void automaticMailIsRecognised(String fixture, String reason) throws Exception {
        assertThat(automated.reason(parser.parse(EmailFixtures.read(fixture)), null)).hasValueSatisfying(
                r -> assertThat(r).contains(reason));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "precedence-bulk.eml, Precedence: bulk",
            "list-post-from-a-person.eml, Precedence: list",
            "qq-reply-with-feedback-id.eml, feedback-id",
            "auto-reply-exchange-oof.eml, x-auto-response-suppress",
            "auto-reply-chinese-subject.eml, auto-reply subject"})
    void bulkListAndCampaignMarkersMakeACaseWithoutAReceipt(String fixture, String reason) throws Exception {
        ParsedEmail mail = parser.parse(EmailFixtures.read(fixture));

        assertThat(automated.reason(mail, "sender@example.cn")).isEmpty();
        assertThat(AutomatedMail.noReceipt(mail)).hasValueSatisfying(r -> assertThat(r).contains(reason));
    }

    @org.junit.jupiter.api.Test
    void aReadReceiptIsSuppressedAsAnMdn() {
        assertThat(AutomatedMail.reportFromHeaders(
                "multipart/report; report-type=disposition-notification; boundary=x", null, null, "a@example.cn"))
                .hasValueSatisfying(r -> assertThat(r).contains("MDN"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"reply-quoted-english.eml", "charset-big5-hkscs.eml", "forward-inline-nested.eml",
            "html-only.eml", "no-message-id.eml"})
    void mailAPersonWroteIsNotSuppressed(String fixture) throws Exception {
        assertThat(automated.reason(parser.parse(EmailFixtures.read(fixture)), "someone@example.cn")).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"reply-quoted-english.eml"})
    void emptyEnvelopeSenderIsABounce(String fixture) throws Exception {
        assertThat(automated.reason(parser.parse(EmailFixtures.read(fixture)), "")).hasValueSatisfying(
                r -> assertThat(r).contains("empty envelope sender"));
    }
}
