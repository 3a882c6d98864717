package dev.shouli.channel.form;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shouli.Gateway;
import dev.shouli.support.Axe;
import dev.shouli.support.Browser;
import dev.shouli.support.Http;
import dev.shouli.support.TestDatabase;
import dev.shouli.support.TestGateway;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * A complainant adds to their open case in a real browser, moving as a person does: from the form's link to the
 * status page, proving the case's contact, then writing a few lines and attaching a photo. What they add joins
 * that case as a follow-up with its evidence; axe-core finds no serious or critical problem on the pages.
 */
class StatusAdditionsBrowserTest {

    private static Gateway gateway;
    private static Http http;
    private static ChromeDriver browser;
    private static Path files;

    @BeforeAll
    static void start() throws Exception {
        gateway = TestGateway.start(TestDatabase.freshDatabase(), Map.of(), Clock.systemUTC());
        http = new Http(gateway.port());
        browser = Browser.start();
        files = Files.createTempDirectory("shouli-status-files");
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.quit();
        }
        TestGateway.stop(gateway);
    }

    @Test
    void aComplainantFollowsTheFormsLinkProvesTheContactAndAddsTextAndAPhotoToTheCase() throws Exception {
        String reference = new JsonObject(http.postJson("/api/v1/complaints", new JsonObject()
                .put("subject", "物业乱收停车费")
                .put("description", "小区物业从本月起每月多收停车管理费200元，没有任何公示，要求退还。")
                .put("complainant", new JsonObject().put("name", "赵敏").put("phone", "13911112222"))
                .put("respondent", new JsonObject().put("organisation", "蓝天物业"))
                .encode()).body()).getString("reference");
        Path photo = files.resolve("缴费单.png");
        BufferedImage image = new BufferedImage(16, 16, BufferedImage.TYPE_INT_RGB);
        var g = image.createGraphics();
        g.setColor(Color.BLUE);
        g.fillRect(0, 0, 16, 16);
        g.dispose();
        ImageIO.write(image, "png", photo.toFile());

        browser.get(url("/?lang=zh-CN"));
        browser.findElement(By.linkText("已经提交过？查询办理进度、补充材料")).click();
        field("受理编号").sendKeys(reference);
        field("手机号码后4位或电子邮箱").sendKeys("2222");
        submit();

        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("办理进度");
        Axe.assertNoSeriousViolations(browser, "the status page with the form to add material");
        Browser.screenshot(browser, "status-add");
        field("补充说明").sendKeys("补充：物业的收费通知是口头说的，附上我的缴费单。");
        field("照片或PDF文件（可多选）").sendKeys(photo.toString());
        submit();

        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("已补充");
        assertThat(browser.findElement(By.cssSelector("main p[role=status]")).getText()).contains(reference);
        Axe.assertNoSeriousViolations(browser, "the page saying the material was added");

        JsonObject record = http.deskJson("/api/v1/cases/" + reference);
        JsonArray submissions = record.getJsonArray("submissions");
        assertThat(submissions).hasSize(2);
        assertThat(submissions.getJsonObject(1).getString("channel")).isEqualTo("status");
        assertThat(submissions.getJsonObject(1).getString("role")).isEqualTo("follow_up");
        assertThat(record.getJsonArray("attachments")).extracting(a -> ((JsonObject) a).getString("name"))
                .containsExactly("缴费单.png");
    }

    private static String url(String path) {
        return "http://127.0.0.1:" + gateway.port() + path;
    }

    private static WebElement field(String label) {
        return Browser.field(browser, label);
    }

    /** Sends the page's last form and waits until the answer replaced the page. */
    private static void submit() {
        var buttons = browser.findElements(By.cssSelector("main form button[type=submit]"));
        Browser.submitAndWait(browser, buttons.get(buttons.size() - 1));
    }
}
