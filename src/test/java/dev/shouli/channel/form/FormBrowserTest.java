package dev.shouli.channel.form;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shouli.Gateway;
import dev.shouli.support.Browser;
import dev.shouli.support.TestDatabase;
import dev.shouli.support.TestGateway;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A person in a real browser: headless Chromium fills the form in Chinese, finding every field by its visible
 * label, attaches a photo, sends it, reads the reference off the receipt, and the desk finds that case.
 */
class FormBrowserTest {

    private static final String DESCRIPTION = "11月20日晚上在华润万家深圳南山分店购买的电饭煲，回家第一次使用就跳闸冒烟。"
            + "第二天拿去门店要求退货，店员说已经拆封不能退，只能寄回厂家检测，要等一个月。";

    private static Gateway gateway;
    private static WebDriver browser;

    @BeforeAll
    static void start() {
        gateway = TestGateway.start(TestDatabase.freshDatabase());
        browser = Browser.start();
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.quit();
        }
        TestGateway.stop(gateway);
    }

    @Test
    void complaintFilledInChineseWithAPhotoBecomesACaseTheDeskCanFind() throws Exception {
        Path photo = Files.createTempDirectory("shouli-photo").resolve("收据.png");
        ImageIO.write(redSquare(), "png", photo.toFile());
        long photoSize = Files.size(photo);

        browser.get("http://127.0.0.1:" + gateway.port() + "/?lang=en");
        browser.findElement(By.linkText("简体中文")).click();
        assertThat(browser.findElement(By.tagName("html")).getAttribute("lang")).isEqualTo("zh-CN");

        field("姓名").sendKeys("王先生");
        field("手机或电话号码").sendKeys("13800138000");
        field("单位或商家名称").sendKeys("华润万家");
        field("分店或网点").sendKeys("深圳南山分店");
        field("标题").sendKeys("电饭煲冒烟，门店拒绝退货");
        field("详细经过").sendKeys(DESCRIPTION);
        field("退款").click();
        field("诉求说明").sendKeys("全额退款299元");
        field("涉及金额（元）").sendKeys("299");
        field("照片、收据或PDF文件").sendKeys(photo.toAbsolutePath().toString());
        browser.findElement(By.cssSelector("button[type=submit]")).click();

        WebElement shown = new WebDriverWait(browser, Duration.ofSeconds(20))
                .until(d -> d.findElement(By.id("reference")));
        String reference = shown.getText().strip();
        assertThat(reference).matches("TS\\d{8}-\\d{6}[A-Z]");
        assertThat(browser.getPageSource()).contains("请记下或截图保存此编号");

        FormClient desk = new FormClient(gateway.port());
        JsonObject found = desk.desk("/api/v1/cases/" + reference);
        assertThat(found.getString("description")).isEqualTo(DESCRIPTION);
        assertThat(found.getJsonObject("respondent").getString("organisation")).isEqualTo("华润万家");
        assertThat(found.getJsonObject("respondent").getString("branch")).isEqualTo("深圳南山分店");
        assertThat(found.getJsonObject("demand").getJsonArray("types")).containsExactly("refund");
        assertThat(found.getJsonObject("demand").getString("amount")).isEqualTo("299");
        JsonArray attachments = found.getJsonArray("attachments");
        assertThat(attachments).hasSize(1);
        assertThat(attachments.getJsonObject(0).getString("name")).isEqualTo("收据.png");
        assertThat(attachments.getJsonObject(0).getString("contentType")).isEqualTo("image/png");
        assertThat(attachments.getJsonObject(0).getLong("size")).isEqualTo(photoSize);
        HttpResponse<byte[]> download = desk.download(attachments.getJsonObject(0).getString("href"));
        assertThat(download.body()).isEqualTo(Files.readAllBytes(photo));
    }

    /** The field a visible label names, found the way assistive technology finds it: through label for=. */
    private static WebElement field(String label) {
        String id = browser.findElement(By.xpath("//label[normalize-space(text())='" + label + "']")).getAttribute("for");
        return browser.findElement(By.id(id));
    }

    private static BufferedImage redSquare() {
        BufferedImage image = new BufferedImage(16, 16, BufferedImage.TYPE_INT_RGB);
        var g = image.createGraphics();
        g.setColor(Color.RED);
        g.fillRect(0, 0, 16, 16);
        g.dispose();
        return image;
    }
}
