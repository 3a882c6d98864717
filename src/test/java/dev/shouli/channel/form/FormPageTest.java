package dev.shouli.channel.form;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shouli.Gateway;
import dev.shouli.support.TestDatabase;
import dev.shouli.support.TestGateway;
import java.net.http.HttpResponse;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** GET /: the form in three languages, accessible without JavaScript, sent with protective headers. */
class FormPageTest {

    private static Gateway gateway;
    private static FormClient client;

    @BeforeAll
    static void start() {
        gateway = TestGateway.start(TestDatabase.freshDatabase());
        client = new FormClient(gateway.port());
    }

    @AfterAll
    static void stop() {
        TestGateway.stop(gateway);
    }

    @Test
    void formIsInSimplifiedChineseByDefault() throws Exception {
        HttpResponse<String> page = client.get("/");

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
        assertThat(page.body()).contains("<html lang=\"zh-CN\">", "被投诉方", "详细经过", "提交");
    }

    @Test
    void formIsInTraditionalChineseWhenChosen() throws Exception {
        String html = client.get("/?lang=zh-TW").body();

        assertThat(html).contains("<html lang=\"zh-TW\">", "詳細經過", "您的聯絡方式", "action=\"/form?lang=zh-TW\"");
    }

    @Test
    void formIsInEnglishWhenChosen() throws Exception {
        String html = client.get("/?lang=en").body();

        assertThat(html).contains("<html lang=\"en\">", "Who the complaint is about", "What happened, in detail");
    }

    @Test
    void formFollowsTheBrowsersAcceptLanguageWhenNoneIsChosen() throws Exception {
        String html = client.get("/", "Accept-Language", "zh-HK, en;q=0.5").body();

        assertThat(html).contains("<html lang=\"zh-TW\">");
    }

    @Test
    void everyFieldHasALabelPointingAtIt() throws Exception {
        String html = client.get("/").body();

        Matcher fields = Pattern.compile("<(input|select|textarea) [^>]*id=\"([^\"]+)\"").matcher(html);
        int count = 0;
        while (fields.find()) {
            count++;
            assertThat(html).as("label for %s", fields.group(2)).contains("<label for=\"" + fields.group(2) + "\">");
        }
        assertThat(count).as("labelled fields").isGreaterThan(25);
        assertThat(html).doesNotContain("<script");
    }

    @Test
    void languageSwitcherLinksToAllThreeLanguages() throws Exception {
        String html = client.get("/?lang=en").body();

        assertThat(html).contains("href=\"/?lang=zh-CN\"", "href=\"/?lang=zh-TW\"", "href=\"/?lang=en\"",
                "简体中文", "繁體中文");
    }

    @Test
    void formIsSentWithSecurityHeadersAndAStrictCookie() throws Exception {
        HttpResponse<String> page = client.get("/");

        assertThat(page.headers().firstValue("Content-Security-Policy").orElseThrow())
                .contains("default-src 'none'", "frame-ancestors 'none'", "form-action 'self'")
                .doesNotContain("unsafe-inline");
        assertThat(page.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        assertThat(page.headers().firstValue("X-Frame-Options")).hasValue("DENY");
        assertThat(page.headers().firstValue("Referrer-Policy")).isPresent();
        assertThat(page.headers().firstValue("Cache-Control")).hasValue("no-store");
        assertThat(page.headers().firstValue("Set-Cookie").orElseThrow())
                .containsIgnoringCase("HttpOnly").contains("SameSite=Strict", "Path=/");
    }

    @Test
    void honeypotIsHiddenFromPeopleAndAssistiveTechnology() throws Exception {
        String html = client.get("/").body();

        assertThat(html).containsPattern("<div class=\"hp\" aria-hidden=\"true\">.*name=\"website\" value=\"\" "
                + "tabindex=\"-1\" autocomplete=\"off\"");
    }
}
