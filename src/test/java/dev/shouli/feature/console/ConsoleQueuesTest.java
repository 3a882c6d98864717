package dev.shouli.feature.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shouli.Gateway;
import dev.shouli.support.Complaints;
import dev.shouli.support.Http;
import dev.shouli.support.MutableClock;
import dev.shouli.support.TestDatabase;
import dev.shouli.support.TestGateway;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The case list's work queues as an agent uses them: counts next to each queue, 即将超时 with the 特急 case first,
 * 已超时, 我的待办, 未分派, 重办, and 有新进展 until the assignee opens the case; the other orders and the total; and
 * a saved filter.
 */
class ConsoleQueuesTest {

    /** A working Tuesday, 09:30 in Shanghai. */
    private static final MutableClock CLOCK = new MutableClock(Instant.parse("2026-11-24T01:30:00Z"));
    private static Gateway gateway;
    private static Http api;
    private static String critical;
    private static String urgent;
    private static String normal;

    @BeforeAll
    static void start() {
        gateway = TestGateway.start(TestDatabase.freshDatabase(), Map.of(
                "SHOULI_CONSOLE_BOOTSTRAP_USER", "lina:supervisor",
                "SHOULI_CONSOLE_BOOTSTRAP_PASSWORD", ConsoleSignInTest.PASSWORD,
                "SHOULI_DEDUP_ENABLED", "true",
                "SHOULI_SLA_MONITOR_INTERVAL", "100ms",
                // The urgent case's 4 working hours end after lunch, about 5 h after it came.
                "SHOULI_CONSOLE_DUE_SOON", "8h"), CLOCK);
        api = new Http(gateway.port());
        normal = create(someone(Complaints.airConditioner()));
        urgent = create(someone(Complaints.airConditioner().put("urgency", "urgent").put("subject", "燃气味很重")
                .put("respondent", new JsonObject().put("organisation", "港华燃气"))));
        critical = create(someone(Complaints.airConditioner().put("urgency", "critical").put("subject", "燃气泄漏")
                .put("respondent", new JsonObject().put("organisation", "深圳燃气"))));
        // 10:00: the critical case's first response (1 h, any time) is due in 30 min, the urgent one's (4 working
        // hours, lunch excluded) this afternoon; the normal one's tomorrow.
        CLOCK.advance(Duration.ofMinutes(30));
    }

    @AfterAll
    static void stop() {
        TestGateway.stop(gateway);
    }

    private static int people = 0;

    /** Each case from someone else (dedup is on: one person's cases about one trader would merge). */
    private static JsonObject someone(JsonObject complaint) {
        return complaint.put("complainant", new JsonObject().put("name", "市民" + people)
                .put("phone", String.format("13600%06d", ++people)));
    }

    private static String create(JsonObject complaint) {
        return new JsonObject(api.postJson("/api/v1/complaints", complaint.encode(), "Idempotency-Key",
                UUID.randomUUID().toString(), "Authorization", "Bearer " + TestGateway.PARTNER_KEY).body())
                .getString("reference");
    }

    private static ConsoleClient lina() {
        ConsoleClient browser = new ConsoleClient(gateway.port());
        assertThat(browser.signIn("lina", ConsoleSignInTest.PASSWORD).statusCode()).isEqualTo(303);
        return browser;
    }

    private static List<String> rows(Document page) {
        return page.select("tr[data-reference]").eachAttr("data-reference");
    }

    private static void act(String reference, String action, JsonObject body) {
        assertThat(api.send(api.request("/api/v1/cases/" + reference + "/" + action)
                .header("Authorization", "Bearer " + TestGateway.DESK_TOKEN).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.encode())).build()).statusCode()).isEqualTo(200);
    }

    @Test
    void dueSoonPutsTheCriticalCaseNearItsDeadlineFirst() {
        Document page = Jsoup.parse(lina().get("/desk/cases?queue=due-soon").body());

        List<String> shown = rows(page);
        assertThat(shown).startsWith(critical).contains(urgent).doesNotContain(normal);
        assertThat(page.select("nav.queues a[aria-current=page]").text()).contains("即将超时").contains(String.valueOf(
                shown.size()));
    }

    @Test
    void theQueuesCountWhatTheyHold() {
        ConsoleClient lina = lina();
        String mine = create(someone(Complaints.airConditioner().put("subject", "我的案件")));
        act(mine, "assign", new JsonObject().put("assignee", "lina"));

        Document page = Jsoup.parse(lina.get("/desk/cases").body());
        Document queue = Jsoup.parse(lina.get("/desk/cases?queue=mine").body());

        assertThat(rows(queue)).contains(mine).doesNotContain(normal);
        String counts = page.select("nav.queues").text();
        assertThat(counts).contains("我的待办 " + rows(queue).size());
        assertThat(rows(Jsoup.parse(lina.get("/desk/cases?queue=unassigned").body()))).contains(normal)
                .doesNotContain(mine);
        assertThat(page.select("#cases-total").text()).matches("共 \\d+ 件，本页 \\d+ 件");
    }

    @Test
    void aReopenedCaseIsInTheReopenedQueueMarkedAsSuch() {
        String reference = create(someone(Complaints.airConditioner().put("subject", "修好又坏了")));
        act(reference, "acknowledge", new JsonObject());
        act(reference, "resolve", new JsonObject().put("result", "已修好"));
        act(reference, "reopen", new JsonObject().put("reason", "又坏了"));

        Document queue = Jsoup.parse(lina().get("/desk/cases?queue=reopened").body());

        assertThat(rows(queue)).contains(reference);
        assertThat(queue.select("#row-" + reference + " .marker-reopened").text()).isEqualTo("重办");
    }

    @Test
    void aFollowUpMarksTheCaseUntilItsAssigneeOpensIt() {
        ConsoleClient lina = lina();
        JsonObject first = Complaints.airConditioner().put("subject", "物业不修电梯")
                .put("complainant", new JsonObject().put("phone", "13911112222").put("name", "刘女士"))
                .put("respondent", new JsonObject().put("organisation", "万科物业"));
        String reference = create(first);
        act(reference, "assign", new JsonObject().put("assignee", "lina"));
        JsonObject again = new JsonObject().put("description", "还是没人处理")
                .put("complainant", new JsonObject().put("phone", "13911112222"))
                .put("respondent", new JsonObject().put("organisation", "万科物业"));
        String joined = create(again);
        assertThat(joined).isEqualTo(reference);

        Document before = Jsoup.parse(lina.get("/desk/cases?queue=new-input").body());
        lina.get("/desk/cases/" + reference);
        Document after = Jsoup.parse(lina.get("/desk/cases?queue=new-input").body());

        assertThat(rows(before)).contains(reference);
        assertThat(before.select("#row-" + reference + " .marker-input").text()).startsWith("新进展");
        assertThat(rows(after)).doesNotContain(reference);
    }

    @Test
    void theListOrdersByDeadlineWhenAsked() {
        List<String> shown = rows(Jsoup.parse(lina().get("/desk/cases?sort=deadline").body()));

        assertThat(shown.indexOf(critical)).isLessThan(shown.indexOf(urgent));
        assertThat(shown.indexOf(urgent)).isLessThan(shown.indexOf(normal));
    }

    @Test
    void aSavedFilterComesBackAsALinkForItsOwnerOnly() {
        ConsoleClient lina = lina();
        String csrf = lina.csrfOf("/desk/cases");

        lina.post("/desk/filters", Map.of("_csrf", csrf, "name", "特急燃气", "query", "urgency=critical&q=%E7%87%83%E6%B0%94"));

        Document page = Jsoup.parse(lina.get("/desk/cases").body());
        String href = page.select("ul.saved-list a").stream().filter(a -> a.text().equals("特急燃气")).findFirst()
                .orElseThrow().attr("href");
        assertThat(href).isEqualTo("/desk/cases?urgency=critical&q=%E7%87%83%E6%B0%94");
        assertThat(rows(Jsoup.parse(lina.get(href).body()))).containsExactly(critical);
    }
}
