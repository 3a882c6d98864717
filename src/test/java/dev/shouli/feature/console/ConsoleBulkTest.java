package dev.shouli.feature.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shouli.Gateway;
import dev.shouli.core.db.DatabaseEndpoint;
import dev.shouli.support.Complaints;
import dev.shouli.support.Http;
import dev.shouli.support.TestDatabase;
import dev.shouli.support.TestGateway;
import io.vertx.core.json.JsonObject;
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
 * Batches from the case list: tick some rows (or take all N the filter matches), confirm with the count and the
 * action's parameters, follow the progress page; cases that cannot take the action are listed with the reason in
 * the console's language; a double submit of the confirmation is one batch.
 */
class ConsoleBulkTest {

    private static DatabaseEndpoint db;
    private static Gateway gateway;

    @BeforeAll
    static void start() {
        db = TestDatabase.freshDatabase();
        gateway = TestGateway.start(db, Map.of(
                "SHOULI_CONSOLE_BOOTSTRAP_USER", "lina:supervisor",
                "SHOULI_CONSOLE_BOOTSTRAP_PASSWORD", ConsoleSignInTest.PASSWORD,
                "SHOULI_BULK_POLL_INTERVAL", "50ms"), Clock.systemUTC());
    }

    @AfterAll
    static void stop() {
        TestGateway.stop(gateway);
    }

    private static String create(String subject) {
        return new JsonObject(new Http(gateway.port()).postJson("/api/v1/complaints",
                Complaints.airConditioner().put("subject", subject).encode(), "Idempotency-Key",
                UUID.randomUUID().toString()).body()).getString("reference");
    }

    private static ConsoleClient lina() {
        ConsoleClient browser = new ConsoleClient(gateway.port());
        assertThat(browser.signIn("lina", ConsoleSignInTest.PASSWORD).statusCode()).isEqualTo(303);
        return browser;
    }

    private static Map<String, List<String>> form(Document page, String selector) {
        return ConsoleClient.form(page, selector);
    }

    private static Document await(ConsoleClient browser, String batchPage) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        Document page = Jsoup.parse(browser.get(batchPage).body());
        while (page.selectFirst("[hx-trigger]") != null && System.nanoTime() < deadline) {
            Thread.sleep(100);
            page = Jsoup.parse(browser.get(batchPage).body());
        }
        return page;
    }

    @Test
    void selectedRowsAreAcknowledgedAsOneBatchAndTheOthersAreNot() throws Exception {
        String one = create("批量一");
        String two = create("批量二");
        String other = create("不选");
        ConsoleClient lina = lina();
        String csrf = lina.csrfOf("/desk/cases");

        HttpResponse<String> confirm = lina.postMulti("/desk/bulk", List.of(Map.entry("_csrf", csrf),
                Map.entry("action", "acknowledge"), Map.entry("scope", "selected"), Map.entry("filter", ""),
                Map.entry("ref", one), Map.entry("ref", two)));

        assertThat(confirm.statusCode()).isEqualTo(200);
        Document page = Jsoup.parse(confirm.body());
        assertThat(page.text()).contains("将对 2 件案件执行「签收」");
        Map<String, List<String>> fields = form(page, "form[action=/desk/bulk/start]");
        fields.put("publicNote", List.of("已收到，正在处理"));
        HttpResponse<String> started = lina.postMulti("/desk/bulk/start", flatten(fields));
        HttpResponse<String> again = lina.postMulti("/desk/bulk/start", flatten(fields));

        assertThat(started.statusCode()).isEqualTo(303);
        assertThat(again.headers().firstValue("Location")).isEqualTo(started.headers().firstValue("Location"));
        Document progress = await(lina, started.headers().firstValue("Location").orElseThrow());
        assertThat(progress.select("#batch-progress dl").text()).contains("共 2").contains("已完成 2");
        Http api = new Http(gateway.port());
        assertThat(api.deskJson("/api/v1/cases/" + one).getString("status")).isEqualTo("acknowledged");
        assertThat(api.deskJson("/api/v1/cases/" + two).getString("status")).isEqualTo("acknowledged");
        assertThat(api.deskJson("/api/v1/cases/" + other).getString("status")).isEqualTo("new");
        assertThat(TestDatabase.queryLong(db, "SELECT count(*) FROM case_event e JOIN complaint_case c ON c.id = e.case_id"
                + " WHERE c.reference = '" + one + "' AND e.kind = 'acknowledge'")).isEqualTo(1);
    }

    @Test
    void allMatchingTheFilterIncludesCasesOnNoPageAndRefusalsAreListedInChinese() throws Exception {
        String first = create("全部匹配甲");
        String second = create("全部匹配乙");
        Http api = new Http(gateway.port());
        api.send(api.request("/api/v1/cases/" + first + "/acknowledge").header("Authorization", "Bearer "
                + TestGateway.DESK_TOKEN).POST(java.net.http.HttpRequest.BodyPublishers.noBody()).build());
        ConsoleClient lina = lina();
        String filter = "q=" + java.net.URLEncoder.encode("全部匹配", java.nio.charset.StandardCharsets.UTF_8);
        Document list = Jsoup.parse(lina.get("/desk/cases?" + filter).body());
        assertThat(list.select("button[value=all]").text()).isEqualTo("对全部 2 件符合条件的案件…");

        HttpResponse<String> confirm = lina.postMulti("/desk/bulk", List.of(Map.entry("_csrf", ConsoleClient.csrf(
                list.html())), Map.entry("action", "acknowledge"), Map.entry("scope", "all"), Map.entry("filter", filter)));
        HttpResponse<String> started = lina.postMulti("/desk/bulk/start",
                flatten(form(Jsoup.parse(confirm.body()), "form[action=/desk/bulk/start]")));
        Document progress = await(lina, started.headers().firstValue("Location").orElseThrow());

        assertThat(progress.select("#batch-progress dl").text()).contains("已完成 1").contains("未能执行 1");
        assertThat(progress.select("#batch-progress table").text()).contains(first).contains("案件当前为「已签收」，不能签收");
        assertThat(api.deskJson("/api/v1/cases/" + second).getString("status")).isEqualTo("acknowledged");
    }

    private static List<Map.Entry<String, String>> flatten(Map<String, List<String>> fields) {
        return ConsoleClient.flatten(fields);
    }
}
