package dev.shouli.feature.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import dev.shouli.Gateway;
import dev.shouli.support.Complaints;
import dev.shouli.support.Http;
import dev.shouli.support.Incidents;
import dev.shouli.support.TestDatabase;
import dev.shouli.support.TestGateway;
import io.vertx.core.json.JsonObject;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Working a case on its page: the conversation shows what came in and every reply in full with its delivery; the
 * phone reply is offered when nothing can carry a written one; templates fill the reply in the case's language;
 * 签收 + 分派给我 + 模板回复 is one step; an incident's page acts on all its cases.
 */
class ConsoleCaseWorkTest {

    private static GreenMail smtp;
    private static Gateway gateway;
    private static Gateway mailless;

    @BeforeAll
    static void start() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        smtp = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        smtp.start();
        Map<String, String> users = Map.of("SHOULI_CONSOLE_BOOTSTRAP_USER", "lina:supervisor",
                "SHOULI_CONSOLE_BOOTSTRAP_PASSWORD", ConsoleSignInTest.PASSWORD);
        java.util.HashMap<String, String> env = new java.util.HashMap<>(users);
        env.putAll(Map.of("SHOULI_MAILER_HOST", "127.0.0.1", "SHOULI_MAILER_PORT", String.valueOf(port),
                "SHOULI_MAILER_START_TLS", "DISABLED", "SHOULI_OUTBOX_POLL_INTERVAL", "100ms",
                "SHOULI_DEDUP_ENABLED", "true", "SHOULI_BULK_POLL_INTERVAL", "50ms"));
        gateway = TestGateway.start(TestDatabase.freshDatabase(), env, Clock.systemUTC());
        mailless = TestGateway.start(TestDatabase.freshDatabase(), users, Clock.systemUTC());
    }

    @AfterAll
    static void stop() {
        TestGateway.stop(gateway);
        TestGateway.stop(mailless);
        smtp.stop();
    }

    private static String create(Gateway on, JsonObject complaint) {
        return new JsonObject(new Http(on.port()).postJson("/api/v1/complaints", complaint.encode(),
                "Idempotency-Key", UUID.randomUUID().toString()).body()).getString("reference");
    }

    private static ConsoleClient lina(Gateway on) {
        ConsoleClient browser = new ConsoleClient(on.port());
        assertThat(browser.signIn("lina", ConsoleSignInTest.PASSWORD).statusCode()).isEqualTo(303);
        return browser;
    }

    private static String nonce(Document page, String form) {
        return page.selectFirst(form + " input[name=nonce]").attr("value");
    }

    /** {@code n} people writing about one business's sudden closing, linked into one incident. */
    private static String[] members(String business, String what, String story, String mailbox, int n) {
        String[] refs = new String[n];
        for (int i = 0; i < n; i++) {
            refs[i] = create(gateway, new JsonObject().put("subject", business + what)
                    .put("description", business + story + "会员" + i)
                    .put("complainant", new JsonObject().put("email", mailbox + "-" + i + "@example.cn"))
                    .put("respondent", new JsonObject().put("organisation", business)));
        }
        Incidents.awaitLinked(gateway);
        return refs;
    }

    /** The incident page a case links to. */
    private static String incidentOf(ConsoleClient lina, String reference) {
        return Jsoup.parse(lina.get("/desk/cases/" + reference).body()).selectFirst("a[href^=/desk/incidents/]")
                .attr("href");
    }

    /** A batch's progress page once it stopped refreshing itself (at most 20 s). */
    private static Document finished(ConsoleClient lina, String batch) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        Document progress = Jsoup.parse(lina.get(batch).body());
        while (progress.selectFirst("[hx-trigger]") != null && System.nanoTime() < deadline) {
            Thread.sleep(100);
            progress = Jsoup.parse(lina.get(batch).body());
        }
        return progress;
    }

    @Test
    void theConversationShowsTheReplyInFullWithItsDeliveryAndThePhoneReply() throws Exception {
        String reference = create(gateway, Complaints.airConditioner().put("complainant",
                new JsonObject().put("name", "张伟").put("email", "work-1@example.cn")));
        ConsoleClient lina = lina(gateway);
        Document page = Jsoup.parse(lina.get("/desk/cases/" + reference).body());

        lina.post("/desk/cases/" + reference + "/reply", Map.of("_csrf", ConsoleClient.csrf(page.html()),
                "nonce", nonce(page, "form[action$=/reply]"), "subject", "关于空调", "text", "张先生您好：商家已同意退货。"));
        lina.post("/desk/cases/" + reference + "/phone-reply", Map.of("_csrf", ConsoleClient.csrf(page.html()),
                "nonce", nonce(page, "form[action$=/phone-reply]"), "caller", "李娜", "summary", "电话确认已收到退款"));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        Document after = Jsoup.parse(lina.get("/desk/cases/" + reference).body());
        while (!after.select("#case-history").text().contains("告知投诉人： 已发送") && System.nanoTime() < deadline) {
            Thread.sleep(100);
            after = Jsoup.parse(lina.get("/desk/cases/" + reference).body());
        }

        String timeline = after.select("#case-history").text();
        assertThat(timeline).contains("来信：首次提交").contains("11月20日我在华润万家深圳南山分店购买了一台格力空调")
                .contains("张先生您好：商家已同意退货。").contains("关于空调").contains("已通过电子邮件告知投诉人： 已发送")
                .contains("电话回复").contains("致电人：李娜").contains("电话确认已收到退款");
        assertThat(timeline.indexOf("来信")).isLessThan(timeline.indexOf("张先生您好"));
    }

    @Test
    void withNoMailerThePageSaysSoBeforeWritingAndOffersThePhoneReply() {
        String reference = create(mailless, Complaints.airConditioner());

        Document page = Jsoup.parse(lina(mailless).get("/desk/cases/" + reference).body());

        assertThat(page.select("#reply-cannot").text()).contains("未配置发信服务器");
        assertThat(page.select("form[action$=/reply]")).isEmpty();
        assertThat(page.select("form[action$=/phone-reply] textarea[name=summary]")).hasSize(1);
    }

    @Test
    void aTemplateFillsTheReplyInTheCasesLanguageAndItsPlaceholdersPerCase() throws Exception {
        ConsoleClient lina = lina(gateway);
        lina.post("/desk/templates", Map.of("_csrf", lina.csrfOf("/desk/templates"), "kind", "reply", "name", "退货",
                "zh-Hans", "{name}您好：{respondent}同意退货。", "en", "Dear {name}, {respondent} takes it back."));
        String reference = create(gateway, Complaints.airConditioner().put("language", "en").put("complainant",
                new JsonObject().put("name", "Anna").put("email", "work-2@example.de")));
        Document page = Jsoup.parse(lina.get("/desk/cases/" + reference).body());
        String id = page.select("#reply-template option").stream().filter(o -> o.text().equals("退货")).findFirst()
                .orElseThrow().attr("value");

        Document filled = Jsoup.parse(lina.get("/desk/cases/" + reference + "?template=" + id).body());

        assertThat(filled.selectFirst("#reply-text").text()).isEqualTo("Dear {name}, {respondent} takes it back.");
    }

    @Test
    void theMacroAcknowledgesAssignsToMeAndRepliesInOneStep() throws Exception {
        String reference = create(gateway, Complaints.airConditioner().put("complainant",
                new JsonObject().put("name", "王芳").put("email", "work-3@example.cn")));
        ConsoleClient lina = lina(gateway);
        Document page = Jsoup.parse(lina.get("/desk/cases/" + reference).body());
        String template = page.selectFirst("#macro-template option[selected]").attr("value");

        HttpResponse<String> done = lina.post("/desk/cases/" + reference + "/macro", Map.of(
                "_csrf", ConsoleClient.csrf(page.html()), "nonce", nonce(page, "form[action$=/macro]"),
                "template", template));

        assertThat(done.statusCode()).isEqualTo(303);
        assertThat(Jsoup.parse(lina.get(done.headers().firstValue("Location").orElseThrow()).body())
                .select(".notice.ok").text()).isEqualTo("已一键处理：签收、分派给我、回复。");
        JsonObject record = new Http(gateway.port()).deskJson("/api/v1/cases/" + reference);
        assertThat(record.getString("status")).isEqualTo("acknowledged");
        assertThat(record.getString("assignee")).isEqualTo("lina");
        assertThat(record.getJsonArray("history").stream().map(e -> ((JsonObject) e).getString("kind")))
                .contains("acknowledge", "assign", "reply");
        String reply = record.getJsonArray("history").stream().map(JsonObject.class::cast)
                .filter(e -> "reply".equals(e.getString("kind"))).findFirst().orElseThrow()
                .getJsonObject("detail").getJsonObject("parameters").getString("text");
        assertThat(reply).startsWith("王芳您好：您反映的关于华润万家的问题（受理编号 " + reference + "）");
    }

    @Test
    void theMacroWithNothingToDoSaysSoRatherThanThatItActed() {
        String reference = create(gateway, Complaints.airConditioner().put("complainant",
                new JsonObject().put("email", "work-4@example.cn")));
        Http api = new Http(gateway.port());
        for (Map.Entry<String, JsonObject> action : List.of(Map.entry("acknowledge", new JsonObject()),
                Map.entry("assign", new JsonObject().put("assignee", "lina")))) {
            assertThat(api.send(api.request("/api/v1/cases/" + reference + "/" + action.getKey())
                    .header("Authorization", "Bearer " + TestGateway.DESK_TOKEN).header("Content-Type", "application/json")
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString(action.getValue().encode())).build())
                    .statusCode()).isEqualTo(200);
        }
        ConsoleClient lina = lina(gateway);
        Document page = Jsoup.parse(lina.get("/desk/cases/" + reference).body());

        HttpResponse<String> done = lina.post("/desk/cases/" + reference + "/macro", Map.of(
                "_csrf", ConsoleClient.csrf(page.html()), "nonce", nonce(page, "form[action$=/macro]"), "template", ""));

        assertThat(done.statusCode()).isEqualTo(303);
        assertThat(Jsoup.parse(lina.get(done.headers().firstValue("Location").orElseThrow()).body())
                .select(".notice.ok").text()).startsWith("无需处理");
    }

    @Test
    void anIncidentsPageActsOnAllItsCasesAndShowsWhatItLeftStanding() throws Exception {
        String[] refs = members("乐动力健身", "突然闭店", "民治店突然关门，预付的年卡无法退款，要求退还剩余费用。", "gym", 3);
        ConsoleClient lina = lina(gateway);
        String incident = incidentOf(lina, refs[0]);
        Document page = Jsoup.parse(lina.get(incident).body());

        HttpResponse<String> started = lina.post(incident + "/actions/acknowledge", Map.of(
                "_csrf", ConsoleClient.csrf(page.html()), "nonce", nonce(page, "form[action$=/actions/acknowledge]"),
                "publicNote", "已成立专班处理，将统一答复。", "notify", "true"));

        assertThat(started.statusCode()).isEqualTo(303);
        Document progress = finished(lina, started.headers().firstValue("Location").orElseThrow());
        assertThat(progress.select("#batch-progress dl").text()).contains("已完成 3").contains("已通知投诉人 3");
        Document after = Jsoup.parse(lina.get(incident).body());
        assertThat(after.text()).contains("已成立专班处理，将统一答复。").contains("已签收");
        assertThat(Jsoup.parse(lina.get("/desk/cases/" + refs[1]).body()).select("#case-history").text())
                .contains("经事件 #");
    }

    @Test
    void anUntickedTellEachComplainantBoxOnAnIncidentsFormTellsNobody() throws Exception {
        String[] refs = members("星光游泳馆", "突然闭馆", "龙华店突然停业，储值卡余额无法退还，要求退款。", "pool", 2);
        ConsoleClient lina = lina(gateway);
        String incident = incidentOf(lina, refs[0]);
        Document page = Jsoup.parse(lina.get(incident).body());
        String form = "form[action$=/actions/note]";
        assertThat(page.selectFirst(form + " input[type=checkbox][name=notify]").hasAttr("checked")).isTrue();
        page.selectFirst(form + " input[type=checkbox][name=notify]").removeAttr("checked");
        Map<String, List<String>> fields = ConsoleClient.form(page, form);
        fields.put("publicNote", List.of("已联系商家负责人，内部核查中。"));

        HttpResponse<String> started = lina.postMulti(incident + "/actions/note", ConsoleClient.flatten(fields));

        assertThat(started.statusCode()).isEqualTo(303);
        Document progress = finished(lina, started.headers().firstValue("Location").orElseThrow());
        assertThat(progress.select("#batch-progress dl").text()).contains("已完成 2").contains("已通知投诉人 0");
        JsonObject note = new Http(gateway.port()).deskJson("/api/v1/cases/" + refs[1]).getJsonArray("history")
                .stream().map(JsonObject.class::cast).filter(e -> "note".equals(e.getString("kind"))).findFirst()
                .orElseThrow().getJsonObject("detail");
        assertThat(note.getJsonObject("parameters").getBoolean("notify")).isFalse();
        assertThat(note.containsKey("notice")).isFalse();
    }
}
