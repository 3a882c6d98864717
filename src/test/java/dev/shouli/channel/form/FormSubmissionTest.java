package dev.shouli.channel.form;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shouli.Gateway;
import dev.shouli.channel.form.FormClient.File;
import dev.shouli.channel.form.FormClient.Form;
import dev.shouli.core.db.DatabaseEndpoint;
import dev.shouli.support.TestDatabase;
import dev.shouli.support.TestGateway;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** POST /form against a real gateway and PostgreSQL: receipts, validation, forgery, bots, double submits, limits. */
class FormSubmissionTest {

    private static final int MAX_ATTACHMENTS = 3;
    private static final int MAX_ATTACHMENT_BYTES = 64 * 1024;

    private static final TestClock CLOCK = new TestClock();
    private static DatabaseEndpoint database;
    private static Gateway gateway;
    private static FormClient client;

    @BeforeAll
    static void start() {
        database = TestDatabase.freshDatabase();
        gateway = TestGateway.start(database, Map.of(
                "SHOULI_INTAKE_MAX_ATTACHMENTS", String.valueOf(MAX_ATTACHMENTS),
                "SHOULI_INTAKE_MAX_ATTACHMENT_BYTES", String.valueOf(MAX_ATTACHMENT_BYTES)), CLOCK);
        client = new FormClient(gateway.port());
    }

    @AfterAll
    static void stop() {
        TestGateway.stop(gateway);
    }

    /** A complete, valid complaint as a person would fill it in. */
    private static List<Map.Entry<String, String>> complaint(String description) {
        List<Map.Entry<String, String>> f = new ArrayList<>();
        f.add(Map.entry("kind", "complaint"));
        f.add(Map.entry("name", "李女士"));
        f.add(Map.entry("phone", "138 0013 8000"));
        f.add(Map.entry("email", ""));
        f.add(Map.entry("organisation", "华润万家"));
        f.add(Map.entry("branch", "深圳南山分店"));
        f.add(Map.entry("respondentAddress", "深圳市南山区南海大道 1 号"));
        f.add(Map.entry("occurredAt", "2026-11-20T15:30"));
        f.add(Map.entry("subject", "买到过期牛奶"));
        f.add(Map.entry("description", description));
        f.add(Map.entry("demandTypes", "refund"));
        f.add(Map.entry("demandTypes", "apology"));
        f.add(Map.entry("demandText", "退款并道歉"));
        f.add(Map.entry("amount", "299"));
        f.add(Map.entry("brand", "蒙牛"));
        f.add(Map.entry("orderNumber", "SO20261120-88"));
        f.add(Map.entry("website", ""));
        return f;
    }

    private static List<Map.Entry<String, String>> replace(List<Map.Entry<String, String>> fields, String name,
                                                           String value) {
        List<Map.Entry<String, String>> out = new ArrayList<>();
        fields.forEach(e -> out.add(e.getKey().equals(name) ? Map.entry(name, value) : e));
        return out;
    }

    private static long cases() {
        return TestDatabase.queryLong(database, "SELECT count(*) FROM complaint_case");
    }

    @Test
    void validUrlencodedFormCreatesACaseAndShowsTheReceipt() throws Exception {
        Form form = client.open("zh-CN");

        HttpResponse<String> receipt = client.receiptOf(
                client.postUrlencoded(form, complaint("11月20日在南山分店买的牛奶已过期，喝了肚子疼。")));

        assertThat(receipt.statusCode()).as(receipt.body()).isEqualTo(200);
        assertThat(receipt.body()).contains("<html lang=\"zh-CN\">", "您的投诉已登记", "受理编号", "在1个工作日内");
        String reference = FormClient.reference(receipt.body());
        JsonObject found = client.desk("/api/v1/cases/" + reference);
        assertThat(found.getString("channel")).isEqualTo("form");
        assertThat(found.getString("description")).isEqualTo("11月20日在南山分店买的牛奶已过期，喝了肚子疼。");
        assertThat(found.getJsonObject("respondent").getString("organisation")).isEqualTo("华润万家");
        assertThat(found.getJsonObject("respondent").getString("branch")).isEqualTo("深圳南山分店");
        assertThat(found.getJsonObject("demand").getJsonArray("types")).containsExactly("refund", "apology");
        assertThat(found.getJsonObject("demand").getString("amount")).isEqualTo("299");
        assertThat(found.getString("occurredAt")).isEqualTo("2026-11-20T07:30:00Z");
    }

    @Test
    void urlencodedSubmissionIsStoredVerbatimWithoutTheCookieHeader() throws Exception {
        Form form = client.open("zh-CN");
        String reference = client.submitForReference(form, complaint("收银员态度恶劣，拒绝开发票。"));

        JsonObject found = client.desk("/api/v1/cases/" + reference);
        long submissionId = found.getJsonArray("submissions").getJsonObject(0).getLong("id");
        JsonObject submission = client.desk("/api/v1/submissions/" + submissionId);

        String body = new String(Base64.getDecoder().decode(submission.getString("bodyBase64")), StandardCharsets.UTF_8);
        assertThat(body).startsWith("token=").contains("%E6%94%B6%E9%93%B6%E5%91%98"); // 收银员, as posted
        assertThat(submission.getString("contentType")).isEqualTo("application/x-www-form-urlencoded");
        assertThat(submission.getJsonObject("headers").fieldNames()).noneMatch(h -> h.equalsIgnoreCase("cookie"));
    }

    @Test
    void multipartFormWithAChineseFileNameStoresADownloadableAttachment() throws Exception {
        Form form = client.open("zh-CN");
        byte[] receipt = FormClient.image(FormClient.JPEG, "收据 JPEG bytes".getBytes(StandardCharsets.UTF_8));

        HttpResponse<String> page = client.receiptOf(client.postMultipart(form,
                complaint("购买的电饭煲三天就坏了，商家拒绝维修。"), List.of(new File("收据.jpg", "image/jpeg", receipt))));

        assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
        JsonObject found = client.desk("/api/v1/cases/" + FormClient.reference(page.body()));
        JsonArray attachments = found.getJsonArray("attachments");
        assertThat(attachments).hasSize(1);
        assertThat(attachments.getJsonObject(0).getString("name")).isEqualTo("收据.jpg");
        assertThat(attachments.getJsonObject(0).getString("contentType")).isEqualTo("image/jpeg");
        HttpResponse<byte[]> download = client.download(attachments.getJsonObject(0).getString("href"));
        assertThat(download.statusCode()).isEqualTo(200);
        assertThat(download.body()).isEqualTo(receipt);
    }

    @Test
    void missingRequiredFieldsShowTheFormAgainWithErrorsAndTheValuesKept() throws Exception {
        Form form = client.open("zh-CN");
        List<Map.Entry<String, String>> fields = replace(replace(replace(complaint(""), "organisation", ""),
                "phone", ""), "subject", "发票<问题>");
        long before = cases();

        HttpResponse<String> page = client.postUrlencoded(form, fields);

        assertThat(page.statusCode()).isEqualTo(422);
        assertThat(page.body())
                .contains("role=\"alert\"")
                .contains("<p class=\"error\" id=\"e-description\">请写明事情的经过。</p>")
                .contains("<p class=\"error\" id=\"e-organisation\">投诉时请填写被投诉的单位或商家。</p>")
                .contains("id=\"e-phone\">请填写电话或电子邮箱")
                .containsPattern("id=\"f-description\"[^>]*aria-describedby=\"h-description e-description\" "
                        + "aria-invalid=\"true\"")
                .contains("value=\"发票&lt;问题&gt;\"", "value=\"深圳南山分店\"", "value=\"299\"")
                .containsPattern("value=\"apology\" checked");
        assertThat(cases()).isEqualTo(before);
    }

    @Test
    void invalidPhoneNumberIsShownNextToThePhoneField() throws Exception {
        Form form = client.open("en");

        HttpResponse<String> page = client.postUrlencoded(form, replace(complaint("牛奶过期"), "phone", "12"));

        assertThat(page.statusCode()).isEqualTo(422);
        assertThat(page.body()).contains("id=\"e-phone\">")
                .containsPattern("id=\"f-phone\"[^>]*aria-describedby=\"h-contact h-phone e-phone\"");
    }

    @Test
    void postWithoutATokenIsForbidden() throws Exception {
        Form form = client.open("zh-CN");
        List<Map.Entry<String, String>> fields = new ArrayList<>(complaint("牛奶过期"));
        fields.add(Map.entry("csrf", form.csrf()));

        HttpResponse<String> page = client.postUrlencoded(form.cookie(), fields);

        assertThat(page.statusCode()).isEqualTo(403);
        assertThat(page.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
        assertThat(page.body()).contains("无法验证此表单", "value=\"华润万家\"", "action=\"/form?lang=zh-CN\"");
    }

    @Test
    void postWithATamperedTokenIsForbidden() throws Exception {
        Form form = client.open("zh-CN");
        String token = form.token();
        String tampered = token.substring(0, token.length() - 2) + (token.endsWith("AA") ? "BB" : "AA");
        List<Map.Entry<String, String>> fields = new ArrayList<>(complaint("牛奶过期"));
        fields.add(0, Map.entry("token", tampered));
        fields.add(1, Map.entry("csrf", form.csrf()));

        assertThat(client.postUrlencoded(form.cookie(), fields).statusCode()).isEqualTo(403);
    }

    @Test
    void postWithoutTheDoubleSubmitCookieIsForbidden() throws Exception {
        Form form = client.open("zh-CN");
        List<Map.Entry<String, String>> fields = new ArrayList<>(complaint("牛奶过期"));
        fields.add(0, Map.entry("token", form.token()));
        fields.add(1, Map.entry("csrf", form.csrf()));

        assertThat(client.postUrlencoded((String) null, fields).statusCode()).isEqualTo(403);
    }

    @Test
    void tokenFromAnotherBrowserIsForbidden() throws Exception {
        Form victim = client.open("zh-CN");
        Form attacker = client.open("zh-CN");
        List<Map.Entry<String, String>> fields = new ArrayList<>(complaint("牛奶过期"));
        fields.add(0, Map.entry("token", attacker.token()));
        fields.add(1, Map.entry("csrf", victim.cookie()));

        assertThat(client.postUrlencoded(victim.cookie(), fields).statusCode()).isEqualTo(403);
    }

    @Test
    void expiredFormIsForbidden() throws Exception {
        Form form = client.open("en");
        CLOCK.advance(Duration.ofHours(13)); // the token lives 12 hours
        try {
            HttpResponse<String> page = client.postUrlencoded(form, complaint("Expired milk"));

            assertThat(page.statusCode()).isEqualTo(403);
            assertThat(page.body()).contains("<html lang=\"zh-CN\">"); // the post went to /form?lang=zh-CN
        } finally {
            CLOCK.advance(Duration.ofHours(-13));
        }
    }

    @Test
    void filledHoneypotMakesNoCaseAndIsRecordedAsSuppressed() throws Exception {
        Form form = client.open("zh-CN");
        long before = cases();

        HttpResponse<String> page = client.postUrlencoded(form,
                replace(complaint("优惠券大放送"), "website", "http://spam.example"));

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("感谢您的提交").doesNotContain("受理编号");
        assertThat(cases()).isEqualTo(before);
        JsonArray suppressed = client.desk("/api/v1/submissions?outcome=suppressed&channel=form")
                .getJsonArray("items");
        assertThat(suppressed).anySatisfy(s -> assertThat(((JsonObject) s).getString("externalId"))
                .isEqualTo(form.token().substring(0, form.token().indexOf('.'))));
    }

    @Test
    void submittingTheSameFormTwiceGivesOneCaseAndTheSameReference() throws Exception {
        Form form = client.open("zh-CN");
        List<Map.Entry<String, String>> fields = complaint("同一张表单点了两次提交。");

        HttpResponse<String> first = client.postUrlencoded(form, fields);
        long afterFirst = cases();
        HttpResponse<String> second = client.postUrlencoded(form, fields);

        assertThat(first.statusCode()).isEqualTo(303);
        assertThat(second.statusCode()).isEqualTo(303);
        assertThat(second.headers().firstValue("Location")).isEqualTo(first.headers().firstValue("Location"));
        assertThat(client.receiptOf(second).body()).isEqualTo(client.receiptOf(first).body());
        assertThat(cases()).isEqualTo(afterFirst);
    }

    @Test
    void submittingTheSameMultipartFormTwiceGivesOneCase() throws Exception {
        Form form = client.open("zh-CN");
        List<File> files = List.of(new File("收据.jpg", "image/jpeg", FormClient.image(FormClient.JPEG, new byte[] {1})));
        List<Map.Entry<String, String>> fields = complaint("附件表单点了两次提交。");

        HttpResponse<String> first = client.postMultipart(form, fields, files);
        long afterFirst = cases();
        HttpResponse<String> second = client.postMultipart(form, fields, files);

        assertThat(first.statusCode()).isEqualTo(303);
        assertThat(second.headers().firstValue("Location")).isEqualTo(first.headers().firstValue("Location"));
        assertThat(cases()).isEqualTo(afterFirst);
    }

    @Test
    void usedFormSentAgainWithOtherContentIsRefusedAsAlreadySubmitted() throws Exception {
        Form form = client.open("zh-CN");
        String reference = client.submitForReference(form, complaint("第一次的内容。"));
        long afterFirst = cases();

        HttpResponse<String> again = client.postUrlencoded(form, complaint("返回后修改了内容。"));

        assertThat(again.statusCode()).isEqualTo(409);
        assertThat(again.body()).contains("此表单已经提交过", "受理编号：" + reference, "href=\"/form/receipt/");
        assertThat(cases()).isEqualTo(afterFirst);
    }

    @Test
    void tooManyAttachmentsAreRefusedWith413() throws Exception {
        Form form = client.open("zh-CN");
        List<File> files = new ArrayList<>();
        for (int i = 0; i <= MAX_ATTACHMENTS; i++) {
            files.add(new File("照片" + i + ".png", "image/png", FormClient.image(FormClient.PNG, new byte[] {(byte) i})));
        }
        long before = cases();

        HttpResponse<String> page = client.postMultipart(form, complaint("照片太多"), files);

        assertThat(page.statusCode()).isEqualTo(413);
        assertThat(page.body()).contains("附件过多或过大", "最多可上传3个附件", "“照片3.png”未保存",
                "value=\"华润万家\"", "照片0.png（13 B）");
        assertThat(cases()).isEqualTo(before);
    }

    @Test
    void tooLargeAttachmentIsRefusedWith413() throws Exception {
        Form form = client.open("en");

        HttpResponse<String> page = client.postMultipart(form, complaint("Huge photo"),
                List.of(new File("big.jpg", "image/jpeg", new byte[MAX_ATTACHMENT_BYTES + 1])));

        assertThat(page.statusCode()).isEqualTo(413);
        assertThat(page.body()).contains("64 KB");
    }

    /** A clock the expiry test can move; every other test runs at the real time. */
    static final class TestClock extends Clock {
        private volatile Duration offset = Duration.ZERO;

        void advance(Duration d) {
            offset = offset.plus(d);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return Instant.now().plus(offset);
        }
    }
}
