package dev.shouli.feature.routing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shouli.Gateway;
import dev.shouli.core.db.DatabaseEndpoint;
import dev.shouli.feature.console.ConsoleClient;
import dev.shouli.support.Http;
import dev.shouli.support.TestDatabase;
import dev.shouli.support.TestGateway;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The routing pages over HTTP: both languages, what agents may not do, and the console's anti-forgery check. */
class RoutingConsoleTest {

    private static final String PASSWORD = "correct horse battery staple";
    private static final List<String> PAGES = List.of("/desk/routing", "/desk/routing/triage",
            "/desk/routing/units/construction", "/desk/routing/units/triage", "/desk/routing/rules",
            "/desk/routing/classifier", "/desk/routing/report");

    private static DatabaseEndpoint db;
    private static Gateway gateway;
    private static String reference;

    @BeforeAll
    static void start() {
        db = TestDatabase.freshDatabase();
        Map<String, String> env = new HashMap<>(RoutingFixture.env());
        env.put("SHOULI_CONSOLE_BOOTSTRAP_USER", "lina:supervisor");
        env.put("SHOULI_CONSOLE_BOOTSTRAP_PASSWORD", PASSWORD);
        gateway = TestGateway.start(db, TestGateway.config(RoutingFixture.sevenUnits("fewest_open", ""), env),
                Clock.systemUTC());
        Http http = new Http(gateway.port());
        reference = RoutingFixture.complaint(http, "<b>电梯</b>坏了", "电梯坏了 <script>alert(1)</script>", "城乡建设");
        RoutingFixture.routed(http, reference, false);
    }

    @AfterAll
    static void stop() {
        TestGateway.stop(gateway);
    }

    private static ConsoleClient signedIn(String language) {
        ConsoleClient browser = new ConsoleClient(gateway.port());
        browser.signIn("lina", PASSWORD);
        if (!"zh-CN".equals(language)) {
            browser.post("/desk/language", Map.of("_csrf", browser.csrfOf("/desk/cases"), "lang", language));
        }
        return browser;
    }

    @Test
    void everyRoutingPageRendersInEnglish() {
        ConsoleClient browser = signedIn("en");

        for (String page : PAGES) {
            HttpResponse<String> answer = browser.get(page);
            assertThat(answer.statusCode()).as(page).isEqualTo(200);
            assertThat(answer.body()).as(page).contains("<html lang=\"en\">")
                    .contains("<a href=\"/desk/routing\" aria-current=\"page\">Routing</a>");
        }
        assertThat(browser.get("/desk/cases/" + reference).body()).contains("id=\"h-routing\"")
                .contains("construction team").contains("from the source");
    }

    @Test
    void theCasePagesRoutingCardEscapesWhatTheCaseSays() {
        String page = signedIn("zh-CN").get("/desk/cases/" + reference).body();

        assertThat(page).contains("id=\"h-routing\"").doesNotContain("<script>alert(1)</script>");
    }

    @Test
    void agentsSeeNeitherTheRuleEditorNorTheMemberForms() {
        TestDatabase.execute(db, "INSERT INTO desk_user (username, display_name, role, password_hash, created_at, "
                + "updated_at) VALUES ('wei', '张伟', 'agent', 'x', now(), now()) ON CONFLICT DO NOTHING");
        TestDatabase.execute(db, "UPDATE desk_user SET password_hash = (SELECT password_hash FROM desk_user "
                + "WHERE username = 'lina') WHERE username = 'wei'");
        ConsoleClient agent = new ConsoleClient(gateway.port());
        agent.signIn("wei", PASSWORD);

        assertThat(agent.get("/desk/routing").body()).doesNotContain("/desk/routing/rules");
        assertThat(agent.get("/desk/routing/rules").statusCode()).isEqualTo(403);
        assertThat(agent.get("/desk/routing/units/construction").body()).doesNotContain("name=\"username\"");
        assertThat(agent.post("/desk/routing/units/construction/members",
                Map.of("_csrf", agent.csrfOf("/desk/routing"), "username", "wei")).statusCode()).isEqualTo(403);
    }

    @Test
    void aRoutingFormPostWithoutTheAntiForgeryTokenIsRefused() {
        ConsoleClient browser = signedIn("zh-CN");

        HttpResponse<String> answer = browser.post("/desk/routing/cases/" + reference + "/category",
                Map.of("category", "环境保护"));

        assertThat(answer.statusCode()).isEqualTo(403);
        assertThat(TestDatabase.queryString(db, "SELECT category FROM complaint_case WHERE reference = '" + reference
                + "'")).isEqualTo("城乡建设");
    }

    @Test
    void anUnknownUnitIsTheConsolesNotFoundPage() {
        assertThat(signedIn("zh-CN").get("/desk/routing/units/moon").statusCode()).isEqualTo(404);
    }
}
