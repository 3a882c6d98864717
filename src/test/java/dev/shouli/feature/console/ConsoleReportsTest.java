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
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Reports in the console: the monthly report one click from 概览 with nothing typed (this month so far), each desk
 * user's load, and the deadlines broken in the range.
 */
class ConsoleReportsTest {

    private static final MutableClock CLOCK = new MutableClock(Instant.parse("2026-11-24T01:30:00Z"));
    private static Gateway gateway;
    private static String critical;

    @BeforeAll
    static void start() throws Exception {
        gateway = TestGateway.start(TestDatabase.freshDatabase(), Map.of(
                "SHOULI_CONSOLE_BOOTSTRAP_USER", "lina:supervisor",
                "SHOULI_CONSOLE_BOOTSTRAP_PASSWORD", ConsoleSignInTest.PASSWORD,
                "SHOULI_SLA_MONITOR_INTERVAL", "100ms"), CLOCK);
        Http api = new Http(gateway.port());
        critical = new JsonObject(api.postJson("/api/v1/complaints", Complaints.airConditioner()
                .put("urgency", "critical").encode(), "Idempotency-Key", UUID.randomUUID().toString()).body())
                .getString("reference");
        api.send(api.request("/api/v1/cases/" + critical + "/assign").header("Authorization", "Bearer "
                        + TestGateway.DESK_TOKEN).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"assignee\":\"lina\"}")).build());
        // The critical case's first response (1 h) breaks while nobody answers it.
        CLOCK.advance(Duration.ofHours(2));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!"breached".equals(firstResponse(api)) && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
    }

    private static String firstResponse(Http api) {
        return api.deskJson("/api/v1/cases/" + critical).getJsonObject("sla").getJsonArray("deadlines").stream()
                .map(JsonObject.class::cast).filter(d -> "first_response".equals(d.getString("kind"))).findFirst()
                .orElseThrow().getString("state");
    }

    @AfterAll
    static void stop() {
        TestGateway.stop(gateway);
    }

    private static ConsoleClient lina() {
        ConsoleClient browser = new ConsoleClient(gateway.port());
        assertThat(browser.signIn("lina", ConsoleSignInTest.PASSWORD).statusCode()).isEqualTo(303);
        return browser;
    }

    @Test
    void theMonthlyReportIsOneClickFromTheDashboard() {
        ConsoleClient lina = lina();
        Document dashboard = Jsoup.parse(lina.get("/desk/dashboard").body());
        String href = dashboard.select("a").stream().filter(a -> a.text().equals("下载 XLSX")).findFirst().orElseThrow()
                .attr("href");

        HttpResponse<String> file = lina.get(href);

        assertThat(file.statusCode()).isEqualTo(200);
        assertThat(file.headers().firstValue("Content-Type")).contains(
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        assertThat(file.headers().firstValue("Content-Disposition").orElseThrow())
                .contains("complaints-month-none-2026-11-01-2026-11-30.xlsx");
    }

    @Test
    void theReportsPageShowsThisMonthTheLoadsAndTheBrokenDeadlines() {
        Document page = Jsoup.parse(lina().get("/desk/reports").body());

        assertThat(page.select("#h-report").text()).contains("2026-11-01 至 2026-11-30");
        assertThat(page.select("#h-report").parents().first().select("tbody").text()).contains("合计 1");
        assertThat(page.select("#h-workload").parents().first().select("tbody tr").eachText())
                .anySatisfy(row -> assertThat(row).startsWith("lina 1 1 1"));
        assertThat(page.select("#h-breaches").parents().first().text()).contains(critical).contains("签收/首次响应");
    }
}
