package dev.shouli.feature.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import dev.shouli.Gateway;
import dev.shouli.support.Axe;
import dev.shouli.support.Browser;
import dev.shouli.support.Complaints;
import dev.shouli.support.Http;
import dev.shouli.support.TestDatabase;
import dev.shouli.support.TestGateway;
import io.vertx.core.json.JsonObject;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * An agent who works a whole case with the keyboard alone — from the case list: open the newest case, acknowledge,
 * assign it to themselves and reply from a template in one step, then resolve it with a result template — counting
 * every key pressed, which must stay at 25 or fewer. Skip links ("to the cases", "to the actions") and the quick
 * actions first under them are what make it short.
 */
class ConsoleKeyboardBrowserTest {

    private static final int MOST_KEYS = 25;

    private static GreenMail smtp;
    private static Gateway gateway;
    private static ChromeDriver browser;
    private static String base;
    private static String reference;

    @BeforeAll
    static void start() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        smtp = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        smtp.start();
        gateway = TestGateway.start(TestDatabase.freshDatabase(), Map.of(
                "SHOULI_CONSOLE_BOOTSTRAP_USER", "lina:agent",
                "SHOULI_CONSOLE_BOOTSTRAP_PASSWORD", ConsoleSignInTest.PASSWORD,
                "SHOULI_MAILER_HOST", "127.0.0.1", "SHOULI_MAILER_PORT", String.valueOf(port),
                "SHOULI_MAILER_START_TLS", "DISABLED", "SHOULI_OUTBOX_POLL_INTERVAL", "100ms"), Clock.systemUTC());
        base = "http://127.0.0.1:" + gateway.port();
        Http api = new Http(gateway.port());
        api.postJson("/api/v1/complaints", Complaints.airConditioner().put("subject", "更早的一件").encode(),
                "Idempotency-Key", UUID.randomUUID().toString());
        reference = new JsonObject(api.postJson("/api/v1/complaints", Complaints.airConditioner().put("complainant",
                new JsonObject().put("name", "张伟").put("email", "keys@example.cn")).encode(), "Idempotency-Key",
                UUID.randomUUID().toString()).body()).getString("reference");
        browser = Browser.start("--lang=zh-CN");
        browser.get(base + "/desk/sign-in");
        browser.findElement(By.id("username")).sendKeys("lina");
        browser.findElement(By.id("password")).sendKeys(ConsoleSignInTest.PASSWORD);
        browser.findElement(By.cssSelector("button[type=submit]")).click();
        new WebDriverWait(browser, Duration.ofSeconds(20)).until(d -> d.getCurrentUrl().endsWith("/desk/cases"));
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.quit();
        }
        TestGateway.stop(gateway);
        smtp.stop();
    }

    private final List<String> pressed = new ArrayList<>();

    private void press(Keys key) {
        pressed.add(key.name());
        new Actions(browser).sendKeys(key).perform();
    }

    private void tab(int times) {
        for (int i = 0; i < times; i++) {
            press(Keys.TAB);
        }
    }

    private static void waitFor(java.util.function.Function<org.openqa.selenium.WebDriver, Boolean> condition) {
        new WebDriverWait(browser, Duration.ofSeconds(20)).until(condition::apply);
    }

    private static String focused() {
        return String.valueOf(((org.openqa.selenium.JavascriptExecutor) browser).executeScript(
                "const e = document.activeElement; return e.id || e.name || e.getAttribute('href') || e.tagName;"));
    }

    @Test
    void aWholeCaseIsWorkedWithTheKeyboardAloneInAtMost25KeyPresses() {
        // The list: skip to the cases, past the newest case's box, open it.
        tab(2);
        press(Keys.ENTER);
        tab(2);
        assertThat(focused()).as("the newest case's link").isEqualTo("/desk/cases/" + reference);
        press(Keys.ENTER);
        waitFor(d -> d.getCurrentUrl().endsWith("/desk/cases/" + reference));
        Axe.assertNoSeriousViolations(browser, "case page");

        // 签收 + 分派给我 + 回复 from the first reply template, in one step.
        tab(2);
        press(Keys.ENTER);
        tab(2);
        assertThat(focused()).as("the one-step button").isEqualTo("BUTTON");
        press(Keys.ENTER);
        waitFor(d -> d.getCurrentUrl().contains("done=macro"));

        // 办结 with the first result template.
        tab(2);
        press(Keys.ENTER);
        tab(4);
        assertThat(focused()).as("the resolve button").isEqualTo("BUTTON");
        press(Keys.ENTER);
        waitFor(d -> d.getCurrentUrl().contains("done=resolve"));

        JsonObject record = new Http(gateway.port()).deskJson("/api/v1/cases/" + reference);
        assertThat(record.getString("status")).isEqualTo("resolved");
        assertThat(record.getString("assignee")).isEqualTo("lina");
        assertThat(record.getJsonArray("history").stream().map(e -> ((JsonObject) e).getString("kind")))
                .contains("acknowledge", "assign", "reply", "resolve");
        assertThat(pressed).as("keys pressed: " + pressed).hasSizeLessThanOrEqualTo(MOST_KEYS);
        System.out.printf("worked a whole case with %d key presses: %s%n", pressed.size(), pressed);
    }
}
