package dev.shouli.channel.email;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shouli.Gateway;
import dev.shouli.core.db.DatabaseEndpoint;
import dev.shouli.support.Http;
import dev.shouli.support.TestDatabase;
import dev.shouli.support.TestGateway;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code POST /intake/email} on a real gateway and PostgreSQL: outcomes, suppression, quarantine, threads. */
class EmailWebhookTest {

    static final String TOKEN = "email-webhook-token-0123456789";
    private static DatabaseEndpoint db;
    private static Gateway gateway;
    private static Http http;

    @BeforeAll
    static void start() {
        db = TestDatabase.freshDatabase();
        gateway = TestGateway.start(db, Map.of("SHOULI_EMAIL_WEBHOOK_TOKEN", TOKEN,
                "SHOULI_EMAIL_STAFF_ADDRESSES", "staff@shop.example.cn,boss@shop.example.cn"), Clock.systemUTC());
        http = new Http(gateway.port());
    }

    @AfterAll
    static void stop() {
        TestGateway.stop(gateway);
    }

    private static HttpResponse<String> post(byte[] raw) {
        return http.postBytes(EmailWebhookRoutes.PATH, "message/rfc822", raw, "Authorization", "Bearer " + TOKEN);
    }

    private static JsonObject postJson(byte[] raw) {
        return new JsonObject(post(raw).body());
    }

    static byte[] mail(String from, String messageId, String subject, String extraHeaders, String body) {
        return ("From: " + from + "\r\nTo: complaints@example.cn\r\nSubject: " + subject + "\r\nMessage-ID: " + messageId
                + "\r\nDate: Tue, 24 Nov 2026 10:00:00 +0800\r\nMIME-Version: 1.0\r\n" + extraHeaders
                + "Content-Type: text/plain; charset=utf-8\r\n\r\n" + body + "\r\n").getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aComplaintMailCreatesACaseWithTheExtractedRecord() {
        HttpResponse<String> response = post(EmailFixtures.read("charset-gb2312-with-gbk-chars.eml"));

        assertThat(response.statusCode()).isEqualTo(201);
        String reference = new JsonObject(response.body()).getString("reference");
        JsonObject c = http.deskJson("/api/v1/cases/" + reference);
        assertThat(c.encode()).contains("华强电器有限公司", "朱镕投诉空调", "2999");
        assertThat(TestDatabase.queryLong(db, "SELECT count(*) FROM outbox o JOIN complaint_case c ON c.id = o.case_id"
                + " WHERE c.reference = '" + reference + "' AND o.channel = 'email'")).isEqualTo(1);
    }

    @Test
    void theSameMessageAgainGetsTheSameAnswer() {
        byte[] raw = EmailFixtures.read("charset-big5-hkscs.eml");
        JsonObject first = postJson(raw);
        JsonObject again = postJson(raw);

        assertThat(again.getString("reference")).isEqualTo(first.getString("reference"));
        assertThat(again.getString("outcome")).isEqualTo("created");
    }

    @Test
    void mailWithoutMessageIdIsKeyedByItsContent() {
        byte[] raw = EmailFixtures.read("no-message-id.eml");
        JsonObject first = postJson(raw);

        assertThat(postJson(raw).getString("reference")).isEqualTo(first.getString("reference"));
        assertThat(TestDatabase.queryLong(db, "SELECT count(*) FROM submission WHERE external_id LIKE '<sha256.%'"))
                .isEqualTo(1);
    }

    @Test
    void theSameMessageIdWithOtherTraceHeadersIsADuplicateNotAnError() {
        byte[] raw = mail("dup@example.cn", "<dup-1@example.cn>", "dup", "", "楼上噪音扰民，要求处理。");
        byte[] relayed = ("Received: from relay.example by mx.example\r\n" + new String(raw, StandardCharsets.UTF_8))
                .getBytes(StandardCharsets.UTF_8);
        JsonObject first = postJson(raw);
        HttpResponse<String> second = post(relayed);

        assertThat(first.getString("outcome")).isEqualTo("created");
        assertThat(second.statusCode()).isEqualTo(200);
        assertThat(new JsonObject(second.body()).getString("outcome")).isEqualTo("duplicate");
    }

    @Test
    void anAutoReplyIsSuppressedWithoutCaseOrReceipt() {
        long outboxBefore = TestDatabase.queryLong(db, "SELECT count(*) FROM outbox");
        HttpResponse<String> response = post(EmailFixtures.read("auto-reply-rfc3834.eml"));

        assertThat(response.statusCode()).isEqualTo(202);
        assertThat(new JsonObject(response.body()).getString("outcome")).isEqualTo("suppressed");
        assertThat(new JsonObject(response.body()).getString("reference")).isNull();
        assertThat(TestDatabase.queryLong(db, "SELECT count(*) FROM outbox")).isEqualTo(outboxBefore);
    }

    @Test
    void aBounceIsSuppressed() {
        assertThat(postJson(EmailFixtures.read("bounce-dsn-multipart-report.eml")).getString("outcome"))
                .isEqualTo("suppressed");
    }

    @Test
    void malformedMailIsQuarantinedAndKeptVerbatim() {
        byte[] raw = EmailFixtures.read("malformed-too-deep.eml");
        HttpResponse<String> response = post(raw);

        assertThat(response.statusCode()).isEqualTo(202);
        assertThat(new JsonObject(response.body()).getString("outcome")).isEqualTo("quarantined");
        assertThat(TestDatabase.queryLong(db, "SELECT count(*) FROM submission WHERE outcome = 'quarantined'"
                + " AND length(body) = " + raw.length)).isEqualTo(1);
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"bounce-exim-truncated-return.eml", "arf-abuse-report.eml"})
    void reportsWithACutOffReturnedMessageAreSuppressedFromTheirHeaders(String fixture) {
        HttpResponse<String> response = post(EmailFixtures.read(fixture));

        assertThat(response.statusCode()).isEqualTo(202);
        JsonObject answer = new JsonObject(response.body());
        assertThat(answer.getString("outcome")).isEqualTo("suppressed");
        assertThat(answer.getString("reason")).contains("multipart/report");
    }

    @Test
    void listMailFromAPersonMakesACaseWithoutAReceiptAndSaysWhy() {
        HttpResponse<String> response = post(EmailFixtures.read("list-post-from-a-person.eml"));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        String reference = new JsonObject(response.body()).getString("reference");
        assertThat(TestDatabase.queryLong(db, "SELECT count(*) FROM outbox o JOIN complaint_case c ON c.id = o.case_id"
                + " WHERE c.reference = '" + reference + "' AND o.kind = 'receipt' AND o.status = 'sent'"
                + " AND o.result LIKE 'skipped: list mail (Precedence: list)%'")).isEqualTo(1);
    }

    @Test
    void aHumanReplyFromQqMailCarryingFeedbackIdMakesACaseWithoutAReceipt() {
        HttpResponse<String> response = post(EmailFixtures.read("qq-reply-with-feedback-id.eml"));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        String reference = new JsonObject(response.body()).getString("reference");
        JsonObject c = http.deskJson("/api/v1/cases/" + reference);
        assertThat(c.encode()).contains("华润万家", "电饭煲", "20261117-88231");
        assertThat(TestDatabase.queryLong(db, "SELECT count(*) FROM outbox o JOIN complaint_case c ON c.id = o.case_id"
                + " WHERE c.reference = '" + reference + "' AND o.kind = 'receipt' AND o.status = 'sent'"
                + " AND o.result LIKE 'skipped: bulk or list mail (feedback-id)%'")).isEqualTo(1);
    }

    @Test
    void aQuarantinedMessageWithoutAnUnderlyingErrorListsItsErrorAsNull() {
        post(EmailFixtures.read("malformed-too-deep.eml"));

        JsonObject listed = http.deskJson("/api/v1/submissions?outcome=quarantined&channel=email");

        io.vertx.core.json.JsonArray items = listed.getJsonArray("items");
        assertThat(items).isNotEmpty();
        for (int i = 0; i < items.size(); i++) {
            JsonObject item = items.getJsonObject(i);
            assertThat(item.containsKey("error")).isTrue();
            assertThat(item.getValue("error")).as("a real null, not the text \"null\"").isNotEqualTo("null");
        }
    }

    @Test
    void aReplyToTheComplainantsEarlierMessageIsAppended() {
        String reference = postJson(mail("reply@example.cn", "<first-1@example.cn>", "网购退款", "",
                "网购的衣服质量差，要求退款。")).getString("reference");

        JsonObject reply = postJson(mail("reply@example.cn", "<second-1@example.cn>", "Re: 网购退款",
                "In-Reply-To: <first-1@example.cn>\r\nReferences: <first-1@example.cn>\r\n", "还没处理吗？"));

        assertThat(reply.getString("outcome")).isEqualTo("appended");
        assertThat(reply.getString("reference")).isEqualTo(reference);
    }

    @Test
    void theReferenceInTheSubjectFromTheComplainantAppends() {
        String reference = postJson(mail("subj@example.cn", "<subj-1@example.cn>", "噪音", "", "工地夜间施工噪音。"))
                .getString("reference");

        JsonObject follow = postJson(mail("Subj@Example.cn", "<subj-2@example.cn>", "关于 " + reference + " 的补充", "",
                "昨晚又施工到两点。"));

        assertThat(follow.getString("outcome")).isEqualTo("appended");
        assertThat(follow.getString("reference")).isEqualTo(reference);
    }

    @Test
    void theReferenceInTheSubjectFromAnotherSenderDoesNotAttach() {
        String reference = postJson(mail("owner@example.cn", "<owner-1@example.cn>", "漏水", "", "楼上漏水。"))
                .getString("reference");

        JsonObject other = postJson(mail("stranger@example.cn", "<stranger-1@example.cn>", "Re: " + reference, "",
                "我也要投诉他们的物业。"));

        assertThat(other.getString("outcome")).isEqualTo("created");
        assertThat(other.getString("reference")).isNotEqualTo(reference);
    }

    @Test
    void withoutTheTokenTheWebhookAnswers401() {
        HttpResponse<String> response = http.postBytes(EmailWebhookRoutes.PATH, "message/rfc822",
                EmailFixtures.read("html-only.eml"), "Authorization", "Bearer wrong-token-0123456789");

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                t -> assertThat(t).startsWith("application/problem+json"));
    }

    @Test
    void anotherContentTypeIs415() {
        HttpResponse<String> response = http.postBytes(EmailWebhookRoutes.PATH, "text/plain",
                EmailFixtures.read("html-only.eml"), "Authorization", "Bearer " + TOKEN);

        assertThat(response.statusCode()).isEqualTo(415);
    }
}
