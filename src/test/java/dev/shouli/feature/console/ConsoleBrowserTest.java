package dev.shouli.feature.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.deque.html.axecore.results.Results;
import com.deque.html.axecore.results.Rule;
import com.deque.html.axecore.selenium.AxeBuilder;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import dev.shouli.Gateway;
import dev.shouli.core.db.DatabaseEndpoint;
import dev.shouli.support.Browser;
import dev.shouli.support.Complaints;
import dev.shouli.support.Http;
import dev.shouli.support.MutableClock;
import dev.shouli.support.TestDatabase;
import dev.shouli.support.TestGateway;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import jakarta.mail.internet.MimeMessage;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A desk agent in a real browser (Debian's headless Chromium): signs in, filters and searches in Chinese, opens
 * a case, acts on it, replies by email (GreenMail receives it, threaded), and watches a second window update
 * without a reload. axe-core checks every console page; screenshots are taken of each. One browser for the
 * whole class, the steps in order.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleBrowserTest {

    /**
     * Where screenshots go: target/screenshots on an ordinary run; {@code -Dshouli.screenshots=docs/screenshots}
     * refreshes the ones the README shows.
     */
    private static final Path SCREENSHOTS = Path.of(System.getProperty("shouli.screenshots", "target/screenshots"));

    private static DatabaseEndpoint db;
    private static Gateway gateway;
    private static GreenMail smtp;
    private static ChromeDriver browser;
    private static Http api;
    private static String base;
    private static String aircon;
    private static String mailCase;
    private static final List<String> AXE_PROBLEMS = new ArrayList<>();
    /**
     * A working Tuesday, 09:30 in Shanghai: the cases arrive then, and the desk looks at them on Wednesday at
     * 16:30, when the urgent case's 4-hour first response is breached and the others' (1 working day) are in
     * warning — whatever day the test itself runs on.
     */
    private static final MutableClock CLOCK = new MutableClock(Instant.parse("2026-11-24T01:30:00Z"));

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
                "SHOULI_DEDUP_ENABLED", "true",
                "SHOULI_EMAIL_WEBHOOK_TOKEN", ConsoleCasePageTest.EMAIL_TOKEN,
                "SHOULI_MAILER_HOST", "127.0.0.1",
                "SHOULI_MAILER_PORT", String.valueOf(port),
                "SHOULI_MAILER_START_TLS", "DISABLED",
                "SHOULI_OUTBOX_POLL_INTERVAL", "200ms",
                "SHOULI_DESK_STREAM_POLL_INTERVAL", "200ms",
                "SHOULI_SLA_MONITOR_INTERVAL", "200ms"), CLOCK);
        dev.shouli.support.DeskUsers.add(db, "wei", "张伟（售后）");
        api = new Http(gateway.port());
        base = "http://127.0.0.1:" + gateway.port();
        seed();
        CLOCK.advance(Duration.ofHours(31));
        browser = Browser.start("--lang=zh-CN");
        browser.manage().window().setSize(new Dimension(1400, 1000));
        Files.createDirectories(SCREENSHOTS);
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.quit();
        }
        TestGateway.stop(gateway);
        smtp.stop();
    }

    /** Cases as they arrive on a working day: a few channels, an urgent one, a confidential one, an incident. */
    private static void seed() {
        aircon = post(Complaints.airConditioner().put("urgency", "urgent").put("category", "家用电器"));
        post(new JsonObject().put("kind", "complaint").put("subject", "快递丢件，客服推诿").put("category", "快递物流")
                .put("description", "11月23日寄出的包裹显示已签收，但收件人没有收到，联系顺丰客服三次都说在查。")
                .put("complainant", new JsonObject().put("name", "陈晓").put("phone", "13912345678"))
                .put("respondent", new JsonObject().put("organisation", "顺丰速运").put("branch", "福田营业部"))
                .put("demand", new JsonObject().put("text", "要求赔偿包裹价值 860 元").put("types",
                        new JsonArray().add("compensation")).put("amount", "860")));
        post(new JsonObject().put("kind", "report").put("subject", "药店销售过期药品").put("category", "药品")
                .put("description", "在益丰大药房买到的感冒药已过期两个月，店员拒绝退换。")
                .put("complainant", new JsonObject().put("name", "李明华").put("phone", "13600001111")
                        .put("confidential", true))
                .put("respondent", new JsonObject().put("organisation", "益丰大药房")));
        post(new JsonObject().put("kind", "inquiry").put("subject", "Refund policy for cancelled flight")
                .put("description", "My flight MU5101 was cancelled; how long does a refund take?")
                .put("language", "en")
                .put("complainant", new JsonObject().put("name", "Anna Schmidt").put("email", "anna@example.de"))
                .put("respondent", new JsonObject().put("organisation", "东方航空")));
        String[] names = {"王芳", "赵磊", "孙丽"};
        String[] phones = {"13700000001", "13700000002", "13700000003"};
        for (int i = 0; i < names.length; i++) {
            post(new JsonObject().put("kind", "complaint").put("subject", "外卖吃出异物后腹泻").put("category", "餐饮服务")
                    .put("description", "昨晚在美团点的麻辣香锅，吃完后全家腹泻，要求商家赔偿医药费并整改。第" + (i + 1) + "位。")
                    .put("complainant", new JsonObject().put("name", names[i]).put("phone", phones[i]))
                    .put("respondent", new JsonObject().put("organisation", "川味麻辣香锅").put("branch", "南山店")));
        }
        quarantineMail();
        mailCase = email("liu@example.cn", "<liu-1@example.cn>", "投诉物业：电梯坏了一个月",
                "小区3号楼电梯坏了一个月，物业一直不修，老人上下楼很困难。要求一周内修好。");
    }

    /** A mail nested deeper than the MIME limit: kept and quarantined. */
    private static void quarantineMail() {
        StringBuilder deep = new StringBuilder("From: zhou@example.cn\r\nTo: complaints@example.cn\r\n"
                + "Subject: =?UTF-8?B?5oqV6K+J?=\r\nMessage-ID: <deep-2@example.cn>\r\nMIME-Version: 1.0\r\n");
        for (int i = 0; i < 14; i++) {
            deep.append("Content-Type: multipart/mixed; boundary=\"b").append(i).append("\"\r\n\r\n--b").append(i)
                    .append("\r\n");
        }
        deep.append("Content-Type: text/plain; charset=utf-8\r\n\r\n<b>超市</b>卖过期牛奶，要求退款。\r\n");
        for (int i = 13; i >= 0; i--) {
            deep.append("--b").append(i).append("--\r\n");
        }
        api.postBytes("/intake/email", "message/rfc822", deep.toString().getBytes(StandardCharsets.UTF_8),
                "Authorization", "Bearer " + ConsoleCasePageTest.EMAIL_TOKEN);
    }

    private static String post(JsonObject complaint) {
        return new JsonObject(api.postJson("/api/v1/complaints", complaint.encode(), "Idempotency-Key",
                UUID.randomUUID().toString()).body()).getString("reference");
    }

    private static String email(String from, String messageId, String subject, String body) {
        byte[] raw = ("From: " + from + "\r\nTo: complaints@example.cn\r\nSubject: " + subject + "\r\nMessage-ID: "
                + messageId + "\r\nDate: Tue, 24 Nov 2026 10:00:00 +0800\r\nMIME-Version: 1.0\r\n"
                + "Content-Type: text/plain; charset=utf-8\r\n\r\n" + body + "\r\n").getBytes(StandardCharsets.UTF_8);
        return new JsonObject(api.postBytes("/intake/email", "message/rfc822", raw, "Authorization",
                "Bearer " + ConsoleCasePageTest.EMAIL_TOKEN).body()).getString("reference");
    }

    @Test
    @Order(1)
    void signInPageIsAccessibleAndSignsIn() throws Exception {
        browser.get(base + "/desk/cases");
        assertThat(browser.getCurrentUrl()).contains("/desk/sign-in");
        axe("sign-in");
        shot("sign-in");
        field("用户名").sendKeys("lina");
        field("密码").sendKeys(ConsoleSignInTest.PASSWORD);
        browser.findElement(By.cssSelector("button[type=submit]")).click();
        waitFor(d -> d.getCurrentUrl().endsWith("/desk/cases"));
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("案件");
        assertThat(browser.manage().getCookieNamed("shouli_desk").isHttpOnly()).isTrue();
    }

    @Test
    @Order(2)
    void caseListShowsCountdownsInShanghaiTimeAndPassesAxe() throws Exception {
        // The SLA monitor marks the clocks that ran out overnight.
        waitFor(d -> {
            d.get(base + "/desk/cases");
            return d.findElement(By.id("row-" + aircon)).findElement(By.cssSelector(".sla")).getAttribute("class")
                    .contains("sla-breached") && !d.findElements(By.cssSelector("tr[data-reference] .sla-warning")).isEmpty();
        });
        WebElement row = browser.findElement(By.id("row-" + aircon));
        assertThat(row.getText()).contains("紧急").contains("华润万家").contains("已超时");
        assertThat(browser.findElement(By.xpath("//tr[@data-reference]//td[contains(@class,'when')]")).getText())
                .matches("\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}");
        assertThat(browser.getPageSource()).contains("李**").doesNotContain("李明华");
        axe("cases");
        shot("cases");
        // The breached urgent case is in 已超时, counted in the queue's link.
        browser.findElement(By.partialLinkText("已超时")).click();
        waitFor(d -> d.getCurrentUrl().contains("queue=overdue"));
        assertThat(browser.findElements(By.cssSelector("tr[data-reference]"))).extracting(e -> e.getAttribute("data-reference"))
                .contains(aircon);
    }

    @Test
    @Order(3)
    void filterAndSearchInChinese() {
        browser.get(base + "/desk/cases");
        field("搜索（标题、内容、投诉人、被投诉方）").sendKeys("麻辣香锅");
        new Select(field("类型")).selectByVisibleText("投诉");
        browser.findElement(By.xpath("//button[normalize-space()='筛选']")).click();
        waitFor(d -> d.getCurrentUrl().contains("q=") && d.findElements(By.cssSelector("tr[data-reference]")).size() == 3);
        assertThat(browser.findElement(By.id("case-results")).getText()).contains("川味麻辣香锅").doesNotContain("顺丰");

        browser.get(base + "/desk/cases?q=" + java.net.URLEncoder.encode("顺丰", StandardCharsets.UTF_8));
        assertThat(browser.findElements(By.cssSelector("tr[data-reference]"))).hasSize(1);
        assertThat(browser.findElement(By.id("case-results")).getText()).contains("少于三个字");
    }

    @Test
    @Order(4)
    void openACaseAndAcknowledgeIt() throws Exception {
        browser.get(base + "/desk/cases");
        browser.findElement(By.linkText(aircon)).click();
        waitFor(d -> d.getCurrentUrl().endsWith("/desk/cases/" + aircon));
        assertThat(browser.findElement(By.id("case-status")).getText()).contains("新建").contains("签收/首次响应");
        axe("case");
        shot("case");
        browser.findElement(By.xpath("//summary[normalize-space()='签收']")).click();
        WebElement form = browser.findElement(By.cssSelector("form[action$='/actions/acknowledge']"));
        form.findElement(By.tagName("textarea")).sendKeys("已电话联系张先生，今天上门检测。");
        form.findElement(By.cssSelector("button[type=submit]")).click();
        waitFor(d -> d.getCurrentUrl().contains("done=acknowledge"));
        assertThat(browser.findElement(By.id("case-status")).getText()).contains("已签收");
        assertThat(browser.findElement(By.id("case-history")).getText()).contains("lina").contains("已电话联系张先生");
    }

    @Test
    @Order(5)
    void replyByEmailIsThreadedOnTheComplainantsMail() throws Exception {
        browser.get(base + "/desk/cases/" + mailCase);
        WebElement subject = field("主题");
        subject.clear();
        subject.sendKeys("关于3号楼电梯维修");
        field("回复内容").sendKeys("刘女士您好：已督促物业，本周五前修复，届时再回访。");
        browser.findElement(By.xpath("//button[normalize-space()='发送回复']")).click();
        waitFor(d -> d.getCurrentUrl().contains("done=reply"));
        MimeMessage reply = awaitMail("liu@example.cn", "关于3号楼电梯维修");
        assertThat(reply.getHeader("In-Reply-To", null)).isEqualTo("<liu-1@example.cn>");
        assertThat(reply.getHeader("References", null)).isEqualTo("<liu-1@example.cn>");
        assertThat((String) reply.getContent()).contains("本周五前修复");
        waitFor(d -> {
            d.navigate().refresh();
            String deliveries = d.findElement(By.id("h-deliveries")).findElement(By.xpath("..")).getText();
            return deliveries.contains("回复 · 电子邮件 · 已发送");
        });
        axe("case-email");
        shot("case-email");
    }

    @Test
    @Order(6)
    void secondWindowUpdatesWithoutReloadWhenACaseChanges() throws Exception {
        String first = browser.getWindowHandle();
        browser.get(base + "/desk/cases");
        browser.switchTo().newWindow(org.openqa.selenium.WindowType.WINDOW);
        String second = browser.getWindowHandle();
        browser.get(base + "/desk/cases");
        ((JavascriptExecutor) browser).executeScript("window.notReloaded = true;");
        waitFor(d -> Boolean.TRUE.equals(((JavascriptExecutor) d).executeScript(
                "return typeof htmx !== 'undefined';")));
        Thread.sleep(500); // the stream connects

        browser.switchTo().window(first);
        browser.get(base + "/desk/cases/" + aircon);
        browser.findElement(By.xpath("//summary[normalize-space()='开始办理']")).click();
        browser.findElement(By.cssSelector("form[action$='/actions/start'] button[type=submit]")).click();
        waitFor(d -> d.getCurrentUrl().contains("done=start"));
        String fresh = post(new JsonObject().put("subject", "燃气费多扣").put("description", "本月燃气费被多扣了300元，客服不处理。")
                .put("complainant", new JsonObject().put("name", "周杰").put("phone", "13800000099"))
                .put("respondent", new JsonObject().put("organisation", "深圳燃气")));

        browser.switchTo().window(second);
        waitFor(d -> d.findElement(By.id("row-" + aircon)).getText().contains("办理中"));
        waitFor(d -> !d.findElements(By.id("row-" + fresh)).isEmpty());
        assertThat(((JavascriptExecutor) browser).executeScript("return window.notReloaded === true;")).isEqualTo(true);

        // The case page refreshes its status and history too, while an agent elsewhere (the API) acts on it.
        browser.get(base + "/desk/cases/" + aircon);
        ((JavascriptExecutor) browser).executeScript("window.notReloaded = true;");
        Thread.sleep(500);
        assertThat(api.send(api.request("/api/v1/cases/" + aircon + "/assign")
                .header("Authorization", "Bearer " + TestGateway.DESK_TOKEN).header("Content-Type", "application/json")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"assignee\":\"wei\"}")).build())
                .statusCode()).isEqualTo(200);
        waitFor(d -> d.findElement(By.id("case-status")).getText().contains("张伟（售后）")
                && d.findElement(By.id("case-history")).getText().contains("tester"));
        assertThat(((JavascriptExecutor) browser).executeScript("return window.notReloaded === true;")).isEqualTo(true);
        browser.close();
        browser.switchTo().window(first);
    }

    @Test
    @Order(7)
    void operatorPagesPassAxe() throws Exception {
        for (String[] page : new String[][] {{"/desk/incidents", "incidents"}, {"/desk/quarantine", "quarantine"},
                {"/desk/outbox?status=sent", "outbox"}, {"/desk/dashboard?period=7d", "dashboard"}}) {
            browser.get(base + page[0]);
            assertThat(browser.findElement(By.tagName("h1")).getText()).isNotBlank();
            axe(page[1]);
            shot(page[1]);
        }
        browser.get(base + "/desk/quarantine");
        browser.findElement(By.cssSelector("main table a")).click();
        waitFor(d -> d.getCurrentUrl().matches(".*/desk/quarantine/\\d+"));
        assertThat(browser.findElement(By.id("h-raw")).findElement(By.xpath("..")).getAttribute("textContent"))
                .contains("<b>超市</b>");
        axe("quarantined");
        shot("quarantined");
        browser.get(base + "/desk/incidents");
        browser.findElement(By.cssSelector("main table a")).click();
        waitFor(d -> d.getCurrentUrl().matches(".*/desk/incidents/\\d+"));
        assertThat(browser.findElements(By.cssSelector("main table tbody tr"))).hasSize(3);
        axe("incident");
        browser.findElement(By.xpath("//button[normalize-space()='English']")).click();
        waitFor(d -> d.findElement(By.tagName("html")).getAttribute("lang").equals("en"));
        browser.get(base + "/desk/cases");
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Cases");
        axe("cases-en");
        shot("cases-en");
        assertThat(AXE_PROBLEMS).isEmpty();
    }

    @Test
    @Order(8)
    void signOutEndsTheSession() {
        browser.findElement(By.xpath("//button[normalize-space()='Sign out']")).click();
        waitFor(d -> d.getCurrentUrl().contains("/desk/sign-in"));
        browser.get(base + "/desk/cases");
        assertThat(browser.getCurrentUrl()).contains("/desk/sign-in");
    }

    /** axe-core on the current page: every serious or critical violation is a failure. */
    private static void axe(String page) {
        Results results = new AxeBuilder().analyze(browser);
        for (Rule rule : results.getViolations()) {
            if ("serious".equals(rule.getImpact()) || "critical".equals(rule.getImpact())) {
                AXE_PROBLEMS.add(page + ": " + rule.getId() + " — " + rule.getHelp() + " " + rule.getNodes().stream()
                        .map(n -> String.valueOf(n.getTarget())).toList());
            }
        }
        assertThat(AXE_PROBLEMS).as("axe on " + page).isEmpty();
    }

    private static void shot(String name) throws Exception {
        byte[] png = ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES);
        Files.write(SCREENSHOTS.resolve("console-" + name + ".png"), png);
    }

    private static WebElement field(String label) {
        String id = browser.findElement(By.xpath("//label[normalize-space(text())='" + label + "']")).getAttribute("for");
        return browser.findElement(By.id(id));
    }

    private static void waitFor(java.util.function.Function<WebDriver, Boolean> condition) {
        // Live updates replace elements while we read them.
        new WebDriverWait(browser, Duration.ofSeconds(20))
                .ignoring(org.openqa.selenium.StaleElementReferenceException.class)
                .until(condition::apply);
    }

    private static MimeMessage awaitMail(String to, String subjectPart) throws Exception {
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
}
