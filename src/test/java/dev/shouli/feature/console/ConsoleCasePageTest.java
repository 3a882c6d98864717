package dev.shouli.feature.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import dev.shouli.Gateway;
import dev.shouli.core.db.DatabaseEndpoint;
import dev.shouli.support.Complaints;
import dev.shouli.support.Http;
import dev.shouli.support.TestDatabase;
import dev.shouli.support.TestGateway;
import io.vertx.core.json.JsonObject;
import jakarta.mail.internet.MimeMessage;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The console's pages over real HTTP: hostile text stays text everywhere it is shown, Chinese search finds
 * substrings, actions and notes name the user, replies go out through the outbox threaded on the case's mail,
 * and a quarantined mail can be taken in again after a fix.
 */
class ConsoleCasePageTest {

    static final String HOSTILE = "<script>alert('x')</script>\"><img src=x onerror=alert(1)>'&";
    static final String EMAIL_TOKEN = "console-email-token-0123456789";

    private static DatabaseEndpoint db;
    private static Gateway gateway;
    private static GreenMail smtp;
    private static Http api;

    @BeforeAll
    static void start() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        smtp = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        smtp.start();
        db = TestDatabase.freshDatabase();
        gateway = TestGateway.start(db, Map.of(
                "SHOULI_CONSOLE_BOOTSTRAP_USER", "lina:supervisor",
                "SHOULI_CONSOLE_BOOTSTRAP_PASSWORD", ConsoleSignInTest.PASSWORD,
                "SHOULI_EMAIL_WEBHOOK_TOKEN", EMAIL_TOKEN,
                "SHOULI_MAILER_HOST", "127.0.0.1",
                "SHOULI_MAILER_PORT", String.valueOf(port),
                "SHOULI_MAILER_START_TLS", "DISABLED",
                "SHOULI_OUTBOX_POLL_INTERVAL", "200ms"), Clock.systemUTC());
        api = new Http(gateway.port());
    }

    @AfterAll
    static void stop() {
        TestGateway.stop(gateway);
        smtp.stop();
    }

    private static ConsoleClient signedIn() {
        ConsoleClient browser = new ConsoleClient(gateway.port());
        assertThat(browser.signIn("lina", ConsoleSignInTest.PASSWORD).statusCode()).isEqualTo(303);
        return browser;
    }

    static String create(JsonObject complaint) {
        HttpResponse<String> r = new Http(gateway.port()).postJson("/api/v1/complaints", complaint.encode(),
                "Idempotency-Key", UUID.randomUUID().toString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return new JsonObject(r.body()).getString("reference");
    }

    private static String mail(String from, String messageId, String subject, String body) {
        byte[] raw = ("From: " + from + "\r\nTo: complaints@example.cn\r\nSubject: " + subject + "\r\nMessage-ID: "
                + messageId + "\r\nDate: Tue, 24 Nov 2026 10:00:00 +0800\r\nMIME-Version: 1.0\r\n"
                + "Content-Type: text/plain; charset=utf-8\r\n\r\n" + body + "\r\n").getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> r = api.postBytes("/intake/email", "message/rfc822", raw, "Authorization",
                "Bearer " + EMAIL_TOKEN);
        return new JsonObject(r.body()).getString("reference");
    }

    /** No element from the data: our two scripts only, no handler attributes, no images. */
    private static void assertNoMarkupFromData(String html) {
        Document page = Jsoup.parse(html);
        assertThat(page.select("script")).allSatisfy(s -> assertThat(s.attr("src")).startsWith("/desk/assets/"));
        assertThat(page.select("img")).isEmpty();
        for (Element e : page.getAllElements()) {
            e.attributes().forEach(a -> assertThat(a.getKey()).doesNotStartWith("on"));
        }
        assertThat(html).doesNotContain("<script>alert").doesNotContain("<img src=x");
    }

    @Test
    void hostileTextInEveryFieldIsShownAsTextOnTheListAndTheCasePage() {
        JsonObject c = Complaints.airConditioner()
                .put("subject", "主题" + HOSTILE)
                .put("description", "经过" + HOSTILE)
                .put("category", "1<b>\"x");
        c.getJsonObject("complainant").put("name", "张" + HOSTILE).put("address", "地址" + HOSTILE)
                .put("customerId", "C" + HOSTILE);
        c.getJsonObject("respondent").put("organisation", "商家" + HOSTILE).put("branch", "分店" + HOSTILE)
                .put("address", "店址" + HOSTILE).put("staff", "店员" + HOSTILE);
        c.getJsonObject("demand").put("text", "诉求" + HOSTILE);
        c.getJsonObject("product").put("brand", "品牌" + HOSTILE).put("model", "型号" + HOSTILE)
                .put("orderNumber", "DD" + HOSTILE);
        String reference = create(c);
        ConsoleClient browser = signedIn();
        String note = "备注" + HOSTILE;
        dev.shouli.support.DeskUsers.add(db, "wang", "王" + HOSTILE);
        browser.post("/desk/cases/" + reference + "/notes",
                Map.of("_csrf", browser.csrfOf("/desk/cases"), "body", note));
        browser.post("/desk/cases/" + reference + "/actions/assign",
                Map.of("_csrf", browser.csrfOf("/desk/cases"), "assignee", "wang", "note", "n" + HOSTILE));

        String list = browser.get("/desk/cases?q=" + java.net.URLEncoder.encode("商家", StandardCharsets.UTF_8)).body();
        String page = browser.get("/desk/cases/" + reference).body();

        assertNoMarkupFromData(list);
        assertNoMarkupFromData(page);
        Document shown = Jsoup.parse(page);
        assertThat(shown.text()).contains("主题" + HOSTILE).contains("经过" + HOSTILE).contains("张" + HOSTILE)
                .contains("商家" + HOSTILE).contains("诉求" + HOSTILE).contains("品牌" + HOSTILE).contains(note)
                .contains("王" + HOSTILE);
        assertThat(Jsoup.parse(list).text()).contains("主题<script>alert('x')</script>").contains("商家" + HOSTILE);
    }

    @Test
    void chineseSubstringSearchFindsCasesByTextNameAndRespondent() {
        String aircon = create(Complaints.airConditioner().put("description", "空调安装后第三天就不制冷，门店推诿。"));
        String other = create(Complaints.airConditioner().put("subject", "快递丢件").put("description", "顺丰快递把包裹弄丢了")
                .put("respondent", new JsonObject().put("organisation", "顺丰速运")));
        ConsoleClient browser = signedIn();

        String three = browser.get("/desk/cases?q=" + enc("不制冷")).body();
        String two = browser.get("/desk/cases?q=" + enc("顺丰")).body();
        String byName = browser.get("/desk/cases?q=" + enc("张伟") + "&respondent=" + enc("顺丰")).body();

        assertThat(three).contains(aircon).doesNotContain(other);
        assertThat(two).contains(other).doesNotContain(aircon).contains("少于三个字的搜索只查最近 90 天");
        assertThat(byName).contains(other).doesNotContain(aircon);
    }

    @Test
    void searchWildcardsAreLiteral() {
        create(Complaints.airConditioner().put("description", "百分之百的问题"));
        ConsoleClient browser = signedIn();

        String body = browser.get("/desk/cases?q=" + enc("%_%")).body();

        assertThat(body).contains("没有符合条件的案件");
    }

    @Test
    void actionTakenInTheConsoleIsRecordedUnderTheUsersName() {
        String reference = create(Complaints.airConditioner());
        ConsoleClient browser = signedIn();

        HttpResponse<String> done = browser.post("/desk/cases/" + reference + "/actions/acknowledge",
                Map.of("_csrf", browser.csrfOf("/desk/cases"), "note", "已电话联系"));

        assertThat(done.statusCode()).isEqualTo(303);
        JsonObject record = api.deskJson("/api/v1/cases/" + reference);
        assertThat(record.getString("status")).isEqualTo("acknowledged");
        JsonObject last = record.getJsonArray("history").getJsonObject(record.getJsonArray("history").size() - 1);
        assertThat(last.getString("actor")).isEqualTo("lina");
        assertThat(last.getString("kind")).isEqualTo("acknowledge");
        assertThat(browser.get("/desk/cases/" + reference).body()).contains("已电话联系").contains("已签收");
    }

    @Test
    void aPublicNoteWrittenInTheConsoleIsWhatTheComplainantReadsTheInternalNoteIsNot() {
        String reference = create(Complaints.airConditioner());
        ConsoleClient browser = signedIn();
        assertThat(browser.get("/desk/cases/" + reference).body()).contains("name=\"publicNote\"")
                .contains("给投诉人的说明（查询页可见）");

        HttpResponse<String> done = browser.post("/desk/cases/" + reference + "/actions/acknowledge",
                Map.of("_csrf", browser.csrfOf("/desk/cases"), "note", "内部：客户很急，优先处理",
                        "publicNote", "已转交售后部门，将在两个工作日内上门检测"));

        assertThat(done.statusCode()).isEqualTo(303);
        // The citizen status page's JSON twin, proven with the last 4 digits of the phone on the case.
        HttpResponse<String> status = api.postJson("/api/v1/status",
                new JsonObject().put("reference", reference).put("contact", "8000").encode());
        assertThat(status.statusCode()).as(status.body()).isEqualTo(200);
        assertThat(status.body()).contains("已转交售后部门，将在两个工作日内上门检测").doesNotContain("客户很急");
    }

    @Test
    void actionNotAllowedNowShowsTheReasonOnTheCasePage() {
        String reference = create(Complaints.airConditioner());
        ConsoleClient browser = signedIn();

        HttpResponse<String> refused = browser.post("/desk/cases/" + reference + "/actions/close",
                Map.of("_csrf", browser.csrfOf("/desk/cases")));

        assertThat(refused.statusCode()).isEqualTo(409);
        // The console says the API's refusal (invalid-transition, caseStatus new) in its own words.
        assertThat(refused.body()).contains("操作未执行：案件当前为「新建」，不能关闭").doesNotContain("allowed when");
    }

    @Test
    void replyByEmailGoesOutThroughTheOutboxThreadedOnTheComplainantsMail() throws Exception {
        String reference = mail("liu@example.cn", "<liu-1@example.cn>", "投诉物业", "小区电梯坏了一个月，物业不修。");
        ConsoleClient browser = signedIn();
        String page = browser.get("/desk/cases/" + reference).body();
        String nonce = Jsoup.parse(page).selectFirst("form[action$=/reply] input[name=nonce]").attr("value");

        HttpResponse<String> sent = browser.post("/desk/cases/" + reference + "/reply", Map.of(
                "_csrf", ConsoleClient.csrf(page), "nonce", nonce, "subject", "关于电梯维修", "text", "您好，已联系物业，本周内维修。"));
        browser.post("/desk/cases/" + reference + "/reply", Map.of(
                "_csrf", ConsoleClient.csrf(page), "nonce", nonce, "subject", "关于电梯维修", "text", "您好，已联系物业，本周内维修。"));

        assertThat(sent.statusCode()).isEqualTo(303);
        MimeMessage reply = awaitMail("liu@example.cn", "关于电梯维修");
        assertThat(reply.getHeader("In-Reply-To", null)).isEqualTo("<liu-1@example.cn>");
        assertThat(reply.getHeader("References", null)).contains("<liu-1@example.cn>");
        assertThat(reply.getHeader("Auto-Submitted", null)).isNull();
        assertThat((String) reply.getContent()).contains("本周内维修");
        assertThat(TestDatabase.queryLong(db, "SELECT count(*) FROM outbox WHERE kind = 'reply' AND idempotency_key LIKE 'reply:"
                + reference + ":%'")).isEqualTo(1);
        String after = browser.get("/desk/cases/" + reference).body();
        assertThat(after).contains("回复投诉人");
        // The complainant's answer to our reply threads back onto the case.
        String threaded = mailWithHeader("liu@example.cn", "<liu-2@example.cn>", "Re: 关于电梯维修",
                "In-Reply-To: " + reply.getMessageID(), "谢谢，还没修好。");
        assertThat(threaded).isEqualTo(reference);
    }

    private static String mailWithHeader(String from, String messageId, String subject, String header, String body) {
        byte[] raw = ("From: " + from + "\r\nTo: complaints@example.cn\r\nSubject: " + subject + "\r\nMessage-ID: "
                + messageId + "\r\n" + header + "\r\nDate: Tue, 24 Nov 2026 11:00:00 +0800\r\nMIME-Version: 1.0\r\n"
                + "Content-Type: text/plain; charset=utf-8\r\n\r\n" + body + "\r\n").getBytes(StandardCharsets.UTF_8);
        return new JsonObject(api.postBytes("/intake/email", "message/rfc822", raw, "Authorization",
                "Bearer " + EMAIL_TOKEN).body()).getString("reference");
    }

    static MimeMessage awaitMail(String to, String subjectPart) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            for (MimeMessage m : smtp.getReceivedMessages()) {
                if (m.getSubject() != null && m.getSubject().contains(subjectPart)
                        && Arrays.stream(m.getAllRecipients()).anyMatch(a -> a.toString().equalsIgnoreCase(to))) {
                    return m;
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no mail to " + to + " about " + subjectPart);
    }

    @Test
    void quarantinedMailCanBeTakenInAgainAfterAFixAndTheRerunIsRecorded() {
        StringBuilder deep = new StringBuilder("From: deep@example.cn\r\nTo: complaints@example.cn\r\nSubject: 嵌套\r\n"
                + "Message-ID: <deep-1@example.cn>\r\nMIME-Version: 1.0\r\n");
        int depth = 14;
        for (int i = 0; i < depth; i++) {
            deep.append("Content-Type: multipart/mixed; boundary=\"b").append(i).append("\"\r\n\r\n--b").append(i).append("\r\n");
        }
        deep.append("Content-Type: text/plain; charset=utf-8\r\n\r\n超市卖过期牛奶，要求退款。\r\n");
        for (int i = depth - 1; i >= 0; i--) {
            deep.append("--b").append(i).append("--\r\n");
        }
        JsonObject first = new JsonObject(api.postBytes("/intake/email", "message/rfc822",
                deep.toString().getBytes(StandardCharsets.UTF_8), "Authorization", "Bearer " + EMAIL_TOKEN).body());
        assertThat(first.getString("outcome")).isEqualTo("quarantined");
        long id = TestDatabase.queryLong(db, "SELECT max(id) FROM submission WHERE channel = 'email'"
                + " AND outcome = 'quarantined'");
        // The fix: an instance that allows deeper nesting, on the same database.
        Map<String, String> env = new HashMap<>(Map.of("SHOULI_EMAIL_MAX_MIME_DEPTH", "40"));
        Gateway fixed = TestGateway.start(db, env, Clock.systemUTC());
        try {
            ConsoleClient browser = new ConsoleClient(fixed.port());
            browser.signIn("lina", ConsoleSignInTest.PASSWORD);
            assertThat(browser.get("/desk/quarantine").body()).contains("#" + id);
            String raw = browser.get("/desk/quarantine/" + id).body();
            assertThat(raw).contains("deep@example.cn");

            HttpResponse<String> rerun = browser.post("/desk/quarantine/" + id + "/rerun",
                    Map.of("_csrf", ConsoleClient.csrf(raw)));

            assertThat(rerun.statusCode()).isEqualTo(303);
            String reference = rerun.headers().firstValue("Location").orElseThrow().replace("/desk/cases/", "");
            JsonObject record = api.deskJson("/api/v1/cases/" + reference);
            assertThat(record.getString("description")).contains("过期牛奶");
            assertThat(record.getJsonArray("history").encode()).contains("rerun_from").contains("\"actor\":\"lina\"");
            assertThat(TestDatabase.queryLong(db, "SELECT count(*) FROM submission WHERE id = " + id
                    + " AND outcome = 'quarantined'")).isEqualTo(1);
            assertThat(browser.get("/desk/quarantine/" + id).body()).contains(reference).contains("lina");
            assertThat(TestDatabase.queryLong(db, "SELECT count(*) FROM submission_rerun r JOIN submission s"
                    + " ON s.id = r.rerun_submission_id WHERE r.original_id = " + id + " AND s.case_id IS NOT NULL"))
                    .isEqualTo(1);
        } finally {
            TestGateway.stop(fixed);
        }
    }

    @Test
    void supervisorSplitsOffAMergedSubmissionAndAnAgentMayNot() {
        Gateway deduplicating = TestGateway.start(db, Map.of("SHOULI_DEDUP_ENABLED", "true"), Clock.systemUTC());
        try {
            Http dedupApi = new Http(deduplicating.port());
            JsonObject complaint = Complaints.airConditioner();
            complaint.getJsonObject("complainant").put("phone", "13511112222").remove("email");
            String partner = "Bearer " + TestGateway.PARTNER_KEY;
            String first = new JsonObject(dedupApi.postJson("/api/v1/complaints", complaint.encode(),
                    "Idempotency-Key", UUID.randomUUID().toString(), "Authorization", partner).body())
                    .getString("reference");
            JsonObject again = new JsonObject(dedupApi.postJson("/api/v1/complaints", complaint.put("subject",
                    "空调还是不制冷").encode(), "Idempotency-Key", UUID.randomUUID().toString(),
                    "Authorization", partner).body());
            assertThat(again.getString("outcome")).isEqualTo("merged");
            long merged = TestDatabase.queryLong(db, "SELECT max(s.id) FROM submission s JOIN complaint_case c"
                    + " ON c.id = s.case_id WHERE c.reference = '" + first + "'");
            new DeskUsersFixture(deduplicating).add("xiao.wang", "agent", ConsoleSignInTest.PASSWORD);
            ConsoleClient agent = new ConsoleClient(deduplicating.port());
            agent.signIn("xiao.wang", ConsoleSignInTest.PASSWORD);
            HttpResponse<String> refused = agent.post("/desk/cases/" + first + "/unmerge", Map.of(
                    "_csrf", agent.csrfOf("/desk/cases"), "submissionId", String.valueOf(merged)));
            assertThat(refused.statusCode()).isEqualTo(403);
            ConsoleClient supervisor = new ConsoleClient(deduplicating.port());
            supervisor.signIn("lina", ConsoleSignInTest.PASSWORD);
            assertThat(supervisor.get("/desk/cases/" + first).body()).contains("拆分为独立案件");

            HttpResponse<String> split = supervisor.post("/desk/cases/" + first + "/unmerge", Map.of(
                    "_csrf", supervisor.csrfOf("/desk/cases"), "submissionId", String.valueOf(merged),
                    "reason", "不同的问题"));

            assertThat(split.statusCode()).isEqualTo(303);
            String newReference = split.headers().firstValue("Location").orElseThrow().replaceAll(".*/desk/cases/([^?]+).*", "$1");
            assertThat(newReference).isNotEqualTo(first);
            JsonObject history = api.deskJson("/api/v1/cases/" + first);
            assertThat(history.getJsonArray("history").encode()).contains("unmerged").contains("\"actor\":\"lina\"");
        } finally {
            TestGateway.stop(deduplicating);
        }
    }

    @Test
    void anAgentConfirmsAPossibleDuplicateOnTheCasePageAndASupervisorCanSplitItOffAgain() {
        Gateway deduplicating = TestGateway.start(db, Map.of("SHOULI_DEDUP_ENABLED", "true"), Clock.systemUTC());
        try {
            Http dedupApi = new Http(deduplicating.port());
            JsonObject complaint = Complaints.airConditioner();
            complaint.getJsonObject("complainant").put("phone", "13522223333").remove("email");
            String existing = new JsonObject(dedupApi.postJson("/api/v1/complaints", complaint.encode(),
                    "Idempotency-Key", UUID.randomUUID().toString(), "Authorization", "Bearer " + TestGateway.PARTNER_KEY)
                    .body()).getString("reference");
            // Without a partner key: a case of its own, a possible duplicate for the desk.
            JsonObject anonymous = new JsonObject(dedupApi.postJson("/api/v1/complaints", complaint.put("subject",
                    "空调还是不制冷").encode(), "Idempotency-Key", UUID.randomUUID().toString()).body());
            assertThat(anonymous.getString("outcome")).isEqualTo("created");
            String reference = anonymous.getString("reference");
            long id = dedupApi.deskJson("/api/v1/cases/" + existing + "/possible-duplicates").getJsonArray("items")
                    .getJsonObject(0).getLong("id");
            new DeskUsersFixture(deduplicating).add("xiao.li", "agent", ConsoleSignInTest.PASSWORD);
            ConsoleClient agent = new ConsoleClient(deduplicating.port());
            agent.signIn("xiao.li", ConsoleSignInTest.PASSWORD);
            String page = agent.get("/desk/cases/" + existing).body();
            assertThat(page).contains("可能重复", reference, "/possible-duplicates/" + id + "/confirm");

            HttpResponse<String> confirmed = agent.post("/desk/cases/" + existing + "/possible-duplicates/" + id
                    + "/confirm", Map.of("_csrf", agent.csrfOf("/desk/cases")));

            assertThat(confirmed.statusCode()).isEqualTo(303);
            assertThat(api.deskJson("/api/v1/cases/" + reference).getString("status")).isEqualTo("merged");
            assertThat(agent.get("/desk/cases/" + existing).body()).doesNotContain("/possible-duplicates/" + id + "/confirm");
            ConsoleClient supervisor = new ConsoleClient(deduplicating.port());
            supervisor.signIn("lina", ConsoleSignInTest.PASSWORD);
            assertThat(supervisor.get("/desk/cases/" + existing).body()).contains("拆分为独立案件");
        } finally {
            TestGateway.stop(deduplicating);
        }
    }

    @Test
    void outboxIncidentsAndDashboardPagesRender() {
        create(Complaints.airConditioner());
        ConsoleClient browser = signedIn();

        HttpResponse<String> outbox = browser.get("/desk/outbox?status=pending");
        HttpResponse<String> incidents = browser.get("/desk/incidents");
        HttpResponse<String> dashboard = browser.get("/desk/dashboard?period=today");

        assertThat(outbox.statusCode()).isEqualTo(200);
        assertThat(incidents.statusCode()).isEqualTo(200);
        assertThat(dashboard.statusCode()).isEqualTo(200);
        assertThat(dashboard.body()).contains("<svg class=\"chart\"").contains("华润万家");
    }

    private static String enc(String s) {
        return java.net.URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
