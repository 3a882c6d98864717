package dev.shouli.feature.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shouli.Gateway;
import dev.shouli.support.Axe;
import dev.shouli.support.Browser;
import dev.shouli.support.Complaints;
import dev.shouli.support.Http;
import dev.shouli.support.Incidents;
import dev.shouli.support.TestDatabase;
import dev.shouli.support.TestGateway;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A supervisor who only clicks: signs in, then follows every link the console's pages show — the navigation, the
 * queues, a case, an incident, the pager — and never types a URL or a parameter. Every page reached must answer 200
 * (the navigation's 概览 and 发件箱 once crashed without the parameter the older tests always passed), and axe-core
 * finds no serious or critical violation on any kind of page reached.
 */
class ConsoleNavigationBrowserTest {

    /** Enough for every kind of console page; the crawl visits one page per kind of link. */
    private static final int MAX_PAGES = 80;

    private static Gateway gateway;
    private static ChromeDriver browser;
    private static String base;

    @BeforeAll
    static void start() {
        gateway = TestGateway.start(TestDatabase.freshDatabase(), Map.of(
                "SHOULI_CONSOLE_BOOTSTRAP_USER", "lina:supervisor",
                "SHOULI_CONSOLE_BOOTSTRAP_PASSWORD", ConsoleSignInTest.PASSWORD,
                "SHOULI_DEDUP_ENABLED", "true"), Clock.systemUTC());
        base = "http://127.0.0.1:" + gateway.port();
        Http api = new Http(gateway.port());
        String[] phones = {"13700000001", "13700000002", "13700000003"};
        for (String phone : phones) {
            api.postJson("/api/v1/complaints", new JsonObject().put("subject", "外卖吃出异物后腹泻")
                    .put("description", "昨晚在美团点的麻辣香锅，吃完后全家腹泻，要求商家赔偿医药费并整改。" + phone)
                    .put("complainant", new JsonObject().put("phone", phone))
                    .put("respondent", new JsonObject().put("organisation", "川味麻辣香锅")).encode(),
                    "Idempotency-Key", UUID.randomUUID().toString());
        }
        api.postJson("/api/v1/complaints", Complaints.airConditioner().put("urgency", "critical").encode(),
                "Idempotency-Key", UUID.randomUUID().toString());
        Incidents.awaitLinked(gateway);
        // An incident worked as one: its page links to the batch that did it.
        long incident = api.deskJson("/api/v1/incidents").getJsonArray("items").getJsonObject(0).getLong("id");
        api.send(api.request("/api/v1/incidents/" + incident + "/acknowledge").header("Authorization", "Bearer "
                        + TestGateway.DESK_TOKEN).header("Content-Type", "application/json")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"publicNote\":\"已统一受理\"}")).build());
        browser = Browser.start("--lang=zh-CN");
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.quit();
        }
        TestGateway.stop(gateway);
    }

    @Test
    void everyLinkOfEveryConsolePageAnswers200AndPassesAxe() {
        browser.get(base + "/desk");
        browser.findElement(By.id("username")).sendKeys("lina");
        browser.findElement(By.id("password")).sendKeys(ConsoleSignInTest.PASSWORD);
        browser.findElement(By.cssSelector("button[type=submit]")).click();
        new WebDriverWait(browser, Duration.ofSeconds(20)).until(d -> d.getCurrentUrl().endsWith("/desk/cases"));

        Map<String, Integer> answered = new LinkedHashMap<>();
        Set<String> kinds = new LinkedHashSet<>();
        Set<String> axed = new LinkedHashSet<>();
        Deque<String> toVisit = new ArrayDeque<>(List.of(browser.getCurrentUrl()));
        List<String> broken = new ArrayList<>();
        while (!toVisit.isEmpty() && answered.size() < MAX_PAGES) {
            String url = toVisit.poll();
            if (answered.containsKey(url)) {
                continue;
            }
            browser.get(url);
            int status = status();
            answered.put(url, status);
            if (status != 200) {
                broken.add(status + " " + url);
                continue;
            }
            // axe once per page (a queue or a filter is the same page with other rows)
            if (kinds.add(kind(url)) && axed.add(kind(url).replaceFirst("\\?.*", ""))) {
                Axe.assertNoSeriousViolations(browser, url);
            }
            for (String link : links()) {
                if (!answered.containsKey(link) && !toVisit.contains(link) && !kindSeenEnough(link, answered, toVisit)) {
                    toVisit.add(link);
                }
            }
        }
        assertThat(broken).as("links that did not answer 200").isEmpty();
        assertThat(axed).as("pages reached by clicking").contains("/desk/cases", "/desk/cases/{ref}",
                "/desk/incidents", "/desk/incidents/{n}", "/desk/outbox", "/desk/dashboard", "/desk/quarantine",
                "/desk/templates", "/desk/users", "/desk/reports", "/desk/batches/{n}");
        System.out.printf("followed %d console links, %d kinds of page: %s%n", answered.size(), kinds.size(), axed);
    }

    /** The links of the current page a person can follow to another console page (not downloads or the stream). */
    private List<String> links() {
        List<String> out = new ArrayList<>();
        for (WebElement a : browser.findElements(By.cssSelector("a[href]"))) {
            String href = a.getAttribute("href");
            if (href == null || !href.startsWith(base + "/desk") || href.contains("#")
                    || href.contains("/attachments/") || href.contains("/desk/events") || href.contains("/assets/")
                    || href.contains("format=") || href.contains("/download")) {
                continue;
            }
            out.add(href);
        }
        return out;
    }

    /** Three pages of each kind are plenty: every case page is the same page with other data. */
    private static boolean kindSeenEnough(String url, Map<String, Integer> answered, Deque<String> queued) {
        String kind = kind(url);
        long seen = answered.keySet().stream().filter(u -> kind(u).equals(kind)).count()
                + queued.stream().filter(u -> kind(u).equals(kind)).count();
        return seen >= 3;
    }

    /** The page a URL shows, without its data: {@code /desk/cases/{ref}}, {@code /desk/incidents/{n}}. */
    static String kind(String url) {
        String path = url.replaceFirst("^https?://[^/]+", "");
        String query = path.contains("?") ? path.substring(path.indexOf('?') + 1) : "";
        path = path.contains("?") ? path.substring(0, path.indexOf('?')) : path;
        path = path.replaceAll("/[A-Z]{2}\\d{8}-\\d+[A-Z]", "/{ref}").replaceAll("/\\d+", "/{n}");
        StringBuilder names = new StringBuilder();
        for (String pair : query.split("&")) {
            if (!pair.isEmpty() && !pair.startsWith("cursor=") && !pair.startsWith("before=")) {
                names.append(names.isEmpty() ? "?" : "&").append(pair);
            }
        }
        return path + names;
    }

    private int status() {
        Object s = ((JavascriptExecutor) browser).executeScript(
                "const n = performance.getEntriesByType('navigation')[0]; return n ? n.responseStatus : 0;");
        return ((Number) s).intValue();
    }
}
