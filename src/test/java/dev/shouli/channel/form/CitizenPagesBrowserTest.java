package dev.shouli.channel.form;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shouli.Gateway;
import dev.shouli.core.db.DatabaseEndpoint;
import dev.shouli.support.Axe;
import dev.shouli.support.Browser;
import dev.shouli.support.Complaints;
import dev.shouli.support.Http;
import dev.shouli.support.TestDatabase;
import dev.shouli.support.TestGateway;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * A person in a real browser (Debian's headless Chromium) on the citizen pages: the form's second chances
 * (errors, an expired form, too many files) keep everything typed and every file chosen, the receipt has its
 * own address, the status page answers the right contact only — and axe-core finds no serious or critical
 * accessibility problem on any of these pages. Screenshots land in target/screenshots/.
 */
class CitizenPagesBrowserTest {

    private static final FormSubmissionTest.TestClock CLOCK = new FormSubmissionTest.TestClock();
    private static final int MAX_ATTACHMENTS = 2;
    private static final String DESCRIPTION = "11月20日在华润万家深圳南山分店买的电饭煲，第一次使用就跳闸冒烟，门店拒绝退货。";

    private static DatabaseEndpoint db;
    private static Gateway gateway;
    private static ChromeDriver browser;
    private static Http http;
    private static Path files;

    @BeforeAll
    static void start() throws Exception {
        db = TestDatabase.freshDatabase();
        gateway = TestGateway.start(db, Map.of("SHOULI_INTAKE_MAX_ATTACHMENTS", String.valueOf(MAX_ATTACHMENTS),
                "SHOULI_STATUS_CLIENT_LIMIT", "1000"), CLOCK);
        http = new Http(gateway.port());
        browser = Browser.start();
        files = Files.createTempDirectory("shouli-browser-files");
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.quit();
        }
        TestGateway.stop(gateway);
    }

    @AfterEach
    void desktop() {
        Browser.phoneWidth(browser, false);
    }

    private static String url(String path) {
        return "http://127.0.0.1:" + gateway.port() + path;
    }

    private static WebElement field(String label) {
        return Browser.field(browser, label);
    }

    /** Sends the form and waits until the answer replaced the page. */
    private static void submit() {
        Browser.submitAndWait(browser, browser.findElement(By.cssSelector("form button[type=submit]")));
    }

    private static Path photo(String name, Color colour) throws Exception {
        Path file = files.resolve(name);
        BufferedImage image = new BufferedImage(16, 16, BufferedImage.TYPE_INT_RGB);
        var g = image.createGraphics();
        g.setColor(colour);
        g.fillRect(0, 0, 16, 16);
        g.dispose();
        ImageIO.write(image, "png", file.toFile());
        return file;
    }

    private static long cases() {
        return TestDatabase.queryLong(db, "SELECT count(*) FROM complaint_case");
    }

    private static String activeElementId() {
        return (String) browser.executeScript("return document.activeElement && document.activeElement.id");
    }

    private static void both(String name) {
        Browser.screenshot(browser, name);
        Browser.phoneWidth(browser, true);
        Browser.screenshot(browser, name + "-390");
        Browser.phoneWidth(browser, false);
    }

    @Test
    void errorsComeInOneRoundWithTheSummaryFocusedAndTheTypedValuesAndTheFileKept() throws Exception {
        Path receiptPhoto = photo("收据.png", Color.RED);
        browser.get(url("/?lang=zh-CN"));
        Axe.assertNoSeriousViolations(browser, "the empty form");
        both("form");

        field("姓名").sendKeys("王先生");
        field("手机或电话号码").sendKeys("13800138000");
        field("标题").sendKeys("电饭煲冒烟，门店拒绝退货");
        field("照片、收据或PDF文件").sendKeys(receiptPhoto.toString());
        // Organisation and description left empty: the browser does not stop us (novalidate), the server says all.
        submit();

        assertThat(browser.getTitle()).startsWith("错误：");
        assertThat(activeElementId()).isEqualTo("summary");
        List<WebElement> problems = browser.findElements(By.cssSelector("#summary li"));
        assertThat(problems).extracting(WebElement::getText).containsExactly(
                "单位或商家名称：投诉时请填写被投诉的单位或商家。", "详细经过：请写明事情的经过。");
        assertThat(field("姓名").getAttribute("value")).isEqualTo("王先生");
        assertThat(field("标题").getAttribute("value")).isEqualTo("电饭煲冒烟，门店拒绝退货");
        assertThat(field("收据.png（" + ResultPages.size(Files.size(receiptPhoto)) + "）").isSelected()).isTrue();
        Axe.assertNoSeriousViolations(browser, "the form with errors");
        both("form-errors");

        field("单位或商家名称").sendKeys("华润万家");
        field("详细经过").sendKeys(DESCRIPTION);
        submit();

        assertThat(browser.getCurrentUrl()).contains("/form/receipt/");
        String reference = browser.findElement(By.id("reference")).getText();
        JsonArray attachments = http.deskJson("/api/v1/cases/" + reference).getJsonArray("attachments");
        assertThat(attachments).hasSize(1);
        assertThat(attachments.getJsonObject(0).getString("name")).isEqualTo("收据.png");
        assertThat(attachments.getJsonObject(0).getString("contentType")).isEqualTo("image/png");
        assertThat(attachments.getJsonObject(0).getLong("size")).isEqualTo(Files.size(receiptPhoto));
    }

    @Test
    void theReceiptHasItsOwnAddressSafeToReloadAndTheReferenceNeverWrapsOnAPhone() throws Exception {
        browser.get(url("/?lang=zh-CN"));
        field("手机或电话号码").sendKeys("13900139000");
        field("单位或商家名称").sendKeys("华润万家");
        field("详细经过").sendKeys(DESCRIPTION);
        submit();
        String address = browser.getCurrentUrl();
        String reference = browser.findElement(By.id("reference")).getText();
        long before = cases();

        browser.navigate().refresh();

        assertThat(browser.getCurrentUrl()).isEqualTo(address).contains("/form/receipt/");
        assertThat(browser.findElement(By.id("reference")).getText()).isEqualTo(reference);
        assertThat(browser.getPageSource()).contains("您的投诉已登记", "1个工作日内");
        assertThat(cases()).isEqualTo(before);
        Axe.assertNoSeriousViolations(browser, "the receipt");
        both("receipt");

        Browser.phoneWidth(browser, true);
        browser.navigate().refresh();
        Object lines = browser.executeScript("var r = document.createRange();"
                + "r.selectNodeContents(document.getElementById('reference'));"
                + "var tops = {}; Array.from(r.getClientRects()).forEach(function (c) { tops[Math.round(c.top)] = 1; });"
                + "return Object.keys(tops).length;");
        assertThat(((Number) lines).intValue()).as("lines the reference takes at 390 px").isEqualTo(1);
        WebElement box = browser.findElement(By.id("reference"));
        assertThat(box.getRect().getX() + box.getRect().getWidth()).isLessThanOrEqualTo(390);
    }

    @Test
    void theContactErrorIsShownOnceAndMarksBothFields() {
        browser.get(url("/?lang=zh-CN"));
        field("单位或商家名称").sendKeys("华润万家");
        field("详细经过").sendKeys(DESCRIPTION);
        submit();

        assertThat(browser.findElements(By.cssSelector("#summary li"))).extracting(WebElement::getText)
                .containsExactly("手机或电话号码：请填写电话或电子邮箱（至少一项），以便我们答复您。");
        assertThat(browser.findElements(By.cssSelector("p.error"))).hasSize(1);
        assertThat(field("电子邮箱").getAttribute("aria-invalid")).isEqualTo("true");
        assertThat(field("电子邮箱").getAttribute("aria-describedby")).contains("e-phone");
    }

    @Test
    void anExpiredFormComesBackWithEverythingTypedAndItsFileAndAFreshToken() throws Exception {
        Path receiptPhoto = photo("发票.png", Color.BLUE);
        browser.get(url("/?lang=zh-CN"));
        field("手机或电话号码").sendKeys("13700137000");
        field("单位或商家名称").sendKeys("华润万家");
        field("详细经过").sendKeys(DESCRIPTION);
        field("退款").click();
        field("照片、收据或PDF文件").sendKeys(receiptPhoto.toString());
        CLOCK.advance(Duration.ofHours(13)); // the form lives 12 hours
        try {
            submit();

            assertThat(browser.findElement(By.id("summary")).getText()).contains("表单已过期");
            assertThat(activeElementId()).isEqualTo("summary");
            assertThat(field("详细经过").getAttribute("value")).isEqualTo(DESCRIPTION);
            assertThat(field("退款").isSelected()).isTrue();
            assertThat(browser.getPageSource()).contains("发票.png");
            Axe.assertNoSeriousViolations(browser, "the expired form (403)");
            both("form-expired");

            submit();

            assertThat(browser.getCurrentUrl()).contains("/form/receipt/");
            String reference = browser.findElement(By.id("reference")).getText();
            JsonObject found = http.deskJson("/api/v1/cases/" + reference);
            assertThat(found.getString("description")).isEqualTo(DESCRIPTION);
            assertThat(found.getJsonArray("attachments")).hasSize(1);
        } finally {
            CLOCK.advance(Duration.ofHours(-13));
        }
    }

    @Test
    void tooManyFilesKeepWhatFitsAndWhatWasTyped() throws Exception {
        Path a = photo("照片1.png", Color.RED);
        Path b = photo("照片2.png", Color.GREEN);
        Path c = photo("照片3.png", Color.BLUE);
        browser.get(url("/?lang=zh-CN"));
        field("手机或电话号码").sendKeys("13600136000");
        field("单位或商家名称").sendKeys("华润万家");
        field("详细经过").sendKeys(DESCRIPTION);
        field("照片、收据或PDF文件").sendKeys(a + "\n" + b + "\n" + c);
        submit();

        assertThat(browser.getTitle()).startsWith("错误：");
        assertThat(browser.findElement(By.id("summary")).getText()).contains("附件过多或过大", "“照片3.png”未保存");
        assertThat(field("详细经过").getAttribute("value")).isEqualTo(DESCRIPTION);
        assertThat(browser.findElements(By.cssSelector("input[name=kept]:checked"))).hasSize(2);
        Axe.assertNoSeriousViolations(browser, "the form with too many files (413)");
        both("form-too-many-files");

        submit();

        String reference = browser.findElement(By.id("reference")).getText();
        assertThat(http.deskJson("/api/v1/cases/" + reference).getJsonArray("attachments")).hasSize(2);
    }

    @Test
    void aFormSentAgainWithOtherContentShowsTheReferenceItGot() {
        browser.get(url("/?lang=zh-CN"));
        String usedToken = browser.findElement(By.name("token")).getAttribute("value");
        field("手机或电话号码").sendKeys("13400134000");
        field("单位或商家名称").sendKeys("华润万家");
        field("详细经过").sendKeys(DESCRIPTION);
        submit();
        String reference = browser.findElement(By.id("reference")).getText();

        // As after Back in a browser that kept the old page: the same rendered form, edited, sent again.
        browser.get(url("/?lang=zh-CN"));
        browser.executeScript("document.querySelector('input[name=token]').value = arguments[0];", usedToken);
        field("手机或电话号码").sendKeys("13400134000");
        field("单位或商家名称").sendKeys("华润万家");
        field("详细经过").sendKeys(DESCRIPTION + "补充：店长也拒绝处理。");
        submit();

        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("此表单已经提交过");
        assertThat(browser.getPageSource()).contains("受理编号：" + reference);
        Axe.assertNoSeriousViolations(browser, "the form already sent (409)");
        both("form-already-sent");
        browser.findElement(By.linkText("查看受理回执")).click();
        assertThat(browser.findElement(By.id("reference")).getText()).isEqualTo(reference);
    }

    @Test
    void aTextFileIsRefusedLikeThePickerSaysImagesAndPdfOnly() throws Exception {
        Path text = files.resolve("说明.txt");
        Files.writeString(text, "这不是图片", StandardCharsets.UTF_8);
        browser.get(url("/?lang=zh-CN"));
        assertThat(field("照片、收据或PDF文件").getAttribute("accept")).contains("image/jpeg", "application/pdf")
                .doesNotContain("text");
        field("手机或电话号码").sendKeys("13500135000");
        field("单位或商家名称").sendKeys("华润万家");
        field("详细经过").sendKeys(DESCRIPTION);
        field("照片、收据或PDF文件").sendKeys(text.toString());
        submit();

        assertThat(browser.findElement(By.id("e-attachments")).getText()).contains("“说明.txt”不是图片或PDF文件");
        assertThat(browser.findElements(By.cssSelector("input[name=kept]"))).isEmpty();
    }

    @Test
    void getFormAndUnknownAddressesShowPagesNotJson() {
        browser.get(url("/form?lang=en"));
        assertThat(browser.getCurrentUrl()).endsWith("/?lang=en");
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Make a complaint");

        // An address nothing serves; under /desk the console answers with pages of its own (ConsoleSignInTest).
        browser.get(url("/nothing-here?lang=zh-CN"));
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("页面不存在");
        assertThat(browser.getTitle()).startsWith("错误：");
        Axe.assertNoSeriousViolations(browser, "the 404 page");
        both("not-found");

        browser.get(url("/form/receipt/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA?lang=zh-CN"));
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("页面不存在");

        HttpResponse<String> api = http.get("/nothing-here");
        assertThat(api.statusCode()).isEqualTo(404);
        assertThat(api.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    }

    @Test
    void theStatusPageAnswersTheRightContactOnly() {
        HttpResponse<String> created = http.postJson("/api/v1/complaints", Complaints.airConditioner().encode());
        String reference = new JsonObject(created.body()).getString("reference");

        browser.get(url("/status?lang=zh-CN"));
        Axe.assertNoSeriousViolations(browser, "the status page");
        field("受理编号").sendKeys(reference);
        field("手机号码后4位或电子邮箱").sendKeys("1234");
        submit();

        assertThat(browser.findElement(By.id("summary")).getText()).contains("没有找到与此受理编号和联系方式相符的事项");
        assertThat(activeElementId()).isEqualTo("summary");
        assertThat(browser.getPageSource()).doesNotContain("华润万家");
        Axe.assertNoSeriousViolations(browser, "the status page, no match");
        both("status-no-match");

        field("手机号码后4位或电子邮箱").clear();
        field("手机号码后4位或电子邮箱").sendKeys("8000");
        submit();

        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("办理进度");
        assertThat(browser.getPageSource()).contains(reference, "已受理，等待处理", "华润万家 深圳南山分店", "首次答复")
                .doesNotContain("张伟", "13800138000");
        Axe.assertNoSeriousViolations(browser, "the status answer");
        both("status-answer");
    }

    @Test
    void theReceiptLinksToTheStatusPageWithTheReferenceFilledIn() {
        browser.get(url("/?lang=zh-CN"));
        field("电子邮箱").sendKeys("li@example.com");
        field("单位或商家名称").sendKeys("华润万家");
        field("详细经过").sendKeys(DESCRIPTION);
        submit();
        String reference = browser.findElement(By.id("reference")).getText();

        browser.findElement(By.linkText("查询办理进度")).click();
        field("手机号码后4位或电子邮箱").sendKeys("li@example.com");
        submit();

        // The link filled in the reference: only the contact was typed.
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("办理进度");
        assertThat(browser.getPageSource()).contains(reference);
    }

    @Test
    void checkboxesAreLargeEnoughToHitOnAPhone() {
        Browser.phoneWidth(browser, true);
        browser.get(url("/?lang=zh-CN"));

        for (WebElement box : browser.findElements(By.cssSelector(".choice input[type=checkbox]"))) {
            assertThat(box.getSize().getWidth()).isGreaterThanOrEqualTo(24);
            assertThat(box.getSize().getHeight()).isGreaterThanOrEqualTo(24);
            WebElement label = browser.findElement(By.cssSelector("label[for='" + box.getAttribute("id") + "']"));
            assertThat(label.getSize().getHeight()).as("the label, also a target").isGreaterThanOrEqualTo(40);
        }
    }
}
