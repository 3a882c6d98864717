package dev.shouli.support;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Headless Chromium for browser tests: Debian's {@code chromium} and {@code chromium-driver}, named by path so
 * Selenium Manager never tries to download a browser or driver. A missing browser fails the test; it is not
 * skipped.
 */
public final class Browser {

    private static final String CHROMIUM = "/usr/bin/chromium";
    private static final String CHROMEDRIVER = "/usr/bin/chromedriver";

    private Browser() {
    }

    public static ChromeDriver start() {
        return start(new String[0]);
    }

    /** With more Chromium switches, e.g. {@code --lang=zh-CN} for pages shown as a Chinese user sees them. */
    public static ChromeDriver start(String... extraArguments) {
        Path profile;
        try {
            profile = Files.createTempDirectory("shouli-chromium");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--no-first-run", "--disable-quic", "--window-size=1280,2000",
                "--user-data-dir=" + profile.toAbsolutePath());
        options.addArguments(extraArguments);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER))
                .usingAnyFreePort()
                .build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
        return driver;
    }

    /** Lays pages out as a phone 390 CSS pixels wide would (an iPhone 12–15), or back on the desktop window. */
    public static void phoneWidth(ChromeDriver driver, boolean phone) {
        if (phone) {
            driver.executeCdpCommand("Emulation.setDeviceMetricsOverride", Map.of("width", 390, "height", 844,
                    "deviceScaleFactor", 1, "mobile", true));
        } else {
            driver.executeCdpCommand("Emulation.clearDeviceMetricsOverride", Map.of());
        }
    }

    /** Saves the whole page (not just the window) as target/screenshots/{name}.png, for a person to look at. */
    @SuppressWarnings("unchecked")
    public static Path screenshot(ChromeDriver driver, String name) {
        Map<String, Object> metrics = driver.executeCdpCommand("Page.getLayoutMetrics", Map.of());
        Map<String, Object> size = (Map<String, Object>) metrics.get("cssContentSize");
        Map<String, Object> clip = Map.of("x", 0, "y", 0, "scale", 1,
                "width", ((Number) size.get("width")).doubleValue(), "height", ((Number) size.get("height")).doubleValue());
        Map<String, Object> shot = driver.executeCdpCommand("Page.captureScreenshot",
                Map.of("format", "png", "captureBeyondViewport", true, "clip", clip));
        try {
            Path dir = Path.of("target", "screenshots");
            Files.createDirectories(dir);
            Path file = dir.resolve(name + ".png");
            Files.write(file, java.util.Base64.getDecoder().decode((String) shot.get("data")));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The field a visible label names, found the way assistive technology finds it: through label for=. */
    public static WebElement field(ChromeDriver driver, String label) {
        String id = driver.findElement(By.xpath("//label[normalize-space(text())='" + label + "']"))
                .getAttribute("for");
        return driver.findElement(By.id(id));
    }

    /** Clicks {@code button} and waits until the answer replaced the page (a mark set on this one is gone). */
    public static void submitAndWait(ChromeDriver driver, WebElement button) {
        driver.executeScript("window.shouliOldPage = true;");
        button.click();
        new WebDriverWait(driver, Duration.ofSeconds(20)).ignoring(WebDriverException.class).until(d ->
                Boolean.TRUE.equals(((ChromeDriver) d).executeScript(
                        "return window.shouliOldPage === undefined && document.readyState === 'complete';")));
    }
}
