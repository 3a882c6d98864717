package dev.shouli.feature.routing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shouli.Gateway;
import dev.shouli.core.db.DatabaseEndpoint;
import dev.shouli.support.Axe;
import dev.shouli.support.Browser;
import dev.shouli.support.Http;
import dev.shouli.support.TestDatabase;
import dev.shouli.support.TestGateway;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A supervisor in a real browser (headless Chromium) following the console's links: from the navigation to the
 * routing overview, a unit's page where she adds a member, the triage queue and a case she dispatches, the rule
 * editor where she writes a rule, dry-runs it and reads which cases would go elsewhere, then activates it; the
 * report and the classifier page. axe-core checks every page.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RoutingBrowserTest {

    private static DatabaseEndpoint db;
    private static Gateway gateway;
    private static ChromeDriver browser;
    private static String base;
    private static List<String> construction;
    private static String vague;

    @BeforeAll
    static void start() {
        db = TestDatabase.freshDatabase();
        Map<String, String> env = new HashMap<>(RoutingFixture.env());
        env.put("SHOULI_CONSOLE_BOOTSTRAP_USER", "lina:supervisor");
        env.put("SHOULI_CONSOLE_BOOTSTRAP_PASSWORD", "correct horse battery staple");
        gateway = TestGateway.start(db, TestGateway.config(RoutingFixture.sevenUnits("round_robin", ""), env),
                Clock.systemUTC());
        TestDatabase.execute(db, "INSERT INTO desk_user (username, display_name, role, password_hash, created_at, "
                + "updated_at) VALUES ('wei', '张伟', 'agent', 'x', now(), now())");
        Http http = new Http(gateway.port());
        // The sources' own categories decide these; with no classifier trained the last one waits in triage.
        construction = List.of(
                RoutingFixture.complaint(http, "电梯坏了一个月", "小区3号楼电梯坏了一个月，物业一直不修。", "城乡建设"),
                RoutingFixture.complaint(http, "路灯不亮", "幸福路的路灯一周都不亮了。", "城乡建设"));
        RoutingFixture.complaint(http, "公交不按站停", "12路公交车经常不按站停靠。", "交通运输");
        vague = RoutingFixture.complaint(http, "反映情况", "有个情况想反映一下，希望有关部门重视。", null);
        RoutingFixture.routedAll(http, List.of(construction.get(0), construction.get(1), vague), false);
        base = "http://127.0.0.1:" + gateway.port();
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
    @Order(1)
    void theNavigationLeadsToTheRoutingOverview() {
        browser.get(base + "/desk/cases");
        field("用户名").sendKeys("lina");
        field("密码").sendKeys("correct horse battery staple");
        browser.findElement(By.cssSelector("button[type=submit]")).click();
        waitFor(d -> d.getCurrentUrl().endsWith("/desk/cases"));

        browser.findElement(By.linkText("分派")).click();

        waitFor(d -> d.getCurrentUrl().endsWith("/desk/routing"));
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("分派");
        assertThat(browser.findElement(By.tagName("table")).getText()).contains("分拣").contains("城乡建设组")
                .contains("在岗成员轮流指派");
        Axe.assertNoSeriousViolations(browser, "routing overview");
        Browser.screenshot(browser, "routing-overview");
    }

    @Test
    @Order(2)
    void aSupervisorAddsAMemberOnTheUnitsPage() {
        browser.findElement(By.linkText("城乡建设组")).click();
        waitFor(d -> d.getCurrentUrl().endsWith("/desk/routing/units/construction"));
        assertThat(browser.getPageSource()).contains("该单位还没有成员");
        Axe.assertNoSeriousViolations(browser, "unit without members");

        new Select(field("添加成员")).selectByVisibleText("张伟 (wei)");
        browser.findElement(By.xpath("//button[normalize-space()='添加']")).click();

        waitFor(d -> d.getCurrentUrl().contains("done=memberAdded"));
        assertThat(browser.findElement(By.cssSelector("[role=status]")).getText()).isEqualTo("已添加成员。");
        assertThat(browser.findElement(By.tagName("table")).getText()).contains("wei").contains("在岗");
        Axe.assertNoSeriousViolations(browser, "unit with a member");
        Browser.screenshot(browser, "routing-unit");
    }

    @Test
    @Order(3)
    void triageDispatchesAWaitingCaseFromItsPage() {
        browser.findElement(By.linkText("← 分派总览")).click();
        browser.findElement(By.linkText("分拣队列")).click();
        waitFor(d -> d.getCurrentUrl().endsWith("/desk/routing/triage"));
        Axe.assertNoSeriousViolations(browser, "triage queue");

        browser.findElement(By.linkText(vague)).click();
        waitFor(d -> d.getCurrentUrl().endsWith("/desk/cases/" + vague));
        WebElement card = browser.findElement(By.id("routing"));
        assertThat(card.getText()).contains("分拣").contains("未判定").contains("尚未启用分类模型");
        Axe.assertNoSeriousViolations(browser, "case in triage");
        Browser.screenshot(browser, "routing-case-in-triage");
        card.findElement(By.xpath(".//summary[normalize-space()='派单']")).click();
        new Select(field("承办单位")).selectByVisibleText("环境保护组");
        new Select(browser.findElement(By.id("r-dispatch-category"))).selectByVisibleText("环境保护");
        card.findElement(By.cssSelector("form[action$='/dispatch'] button[type=submit]")).click();

        waitFor(d -> d.findElement(By.id("routing")).getText().contains("环境保护组"));
        assertThat(browser.findElement(By.id("routing")).getText()).contains("坐席设置").contains("lina 分拣派单");
    }

    @Test
    @Order(4)
    void theRuleEditorsDryRunListsTheCasesThatWouldGoElsewhereBeforeActivating() {
        browser.get(base + "/desk/routing");
        browser.findElement(By.linkText("分派规则")).click();
        waitFor(d -> d.getCurrentUrl().endsWith("/desk/routing/rules"));
        assertThat(field("规则（YAML）").getAttribute("value")).contains("to-construction");
        Axe.assertNoSeriousViolations(browser, "rule editor");

        WebElement editor = field("规则（YAML）");
        editor.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.DELETE);
        editor.sendKeys("rules:\n- name: lamps\n  when: {keywords: [路灯]}\n  unit: environment\n"
                + "- name: construction\n  when: {category: 城乡建设}\n  unit: construction\n");
        browser.findElement(By.xpath("//button[normalize-space()='试运行']")).click();

        waitFor(d -> !d.findElements(By.id("dry-run-summary")).isEmpty());
        String summary = browser.findElement(By.id("dry-run-summary")).getText();
        assertThat(summary).matches("这套规则会把最近 \\d+ 件案件中的 \\d+ 件分派到不同的单位。");
        String list = browser.findElement(By.id("h-dry-run")).findElement(By.xpath("..")).getText();
        assertThat(list).contains(construction.get(1)).doesNotContain(construction.get(0));
        assertThat(field("规则（YAML）").getAttribute("value")).contains("lamps");
        Axe.assertNoSeriousViolations(browser, "rule dry run");
        Browser.screenshot(browser, "routing-rule-dry-run");

        browser.findElement(By.xpath("//button[normalize-space()='启用']")).click();
        waitFor(d -> d.getCurrentUrl().contains("done=rulesActivated"));
        assertThat(browser.getPageSource()).contains("现行规则为控制台启用的版本 1");
    }

    @Test
    @Order(5)
    void aRuleSetThatDoesNotFitIsShownAgainWithItsProblem() {
        WebElement editor = field("规则（YAML）");
        editor.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.DELETE);
        editor.sendKeys("rules:\n- name: nowhere\n  unit: moon\n");
        browser.findElement(By.xpath("//button[normalize-space()='试运行']")).click();

        waitFor(d -> !d.findElements(By.cssSelector("[role=alert]")).isEmpty());
        assertThat(browser.findElement(By.cssSelector("[role=alert]")).getText()).contains("no unit 'moon'");
        assertThat(field("规则（YAML）").getAttribute("value")).contains("moon");
    }

    @Test
    @Order(6)
    void theReportAndTheClassifierPageFollowFromTheOverview() {
        browser.get(base + "/desk/routing");
        browser.findElement(By.linkText("分派统计")).click();
        waitFor(d -> d.getCurrentUrl().contains("/desk/routing/report"));
        assertThat(browser.findElement(By.tagName("table")).getText()).contains("城乡建设组").contains("首次派单正确率");
        Axe.assertNoSeriousViolations(browser, "routing report");
        Browser.screenshot(browser, "routing-report");

        browser.get(base + "/desk/routing");
        browser.findElement(By.linkText("分类模型")).click();
        waitFor(d -> d.getCurrentUrl().endsWith("/desk/routing/classifier"));
        assertThat(browser.getPageSource()).contains("还没有训练过分类模型");
        Axe.assertNoSeriousViolations(browser, "classifier versions");
    }

    private static WebElement field(String label) {
        String id = browser.findElement(By.xpath("//label[normalize-space(text())='" + label + "']")).getAttribute("for");
        return browser.findElement(By.id(id));
    }

    private static void waitFor(java.util.function.Function<WebDriver, Boolean> condition) {
        new WebDriverWait(browser, Duration.ofSeconds(20))
                .ignoring(org.openqa.selenium.StaleElementReferenceException.class)
                .until(condition::apply);
    }
}
