package dev.shouli.feature.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shouli.Gateway;
import dev.shouli.ShouliConfig;
import dev.shouli.core.module.ConfiguredModule;
import dev.shouli.core.module.Module;
import dev.shouli.core.module.ModuleConfig;
import dev.shouli.core.module.ModuleContext;
import dev.shouli.support.Complaints;
import dev.shouli.support.Http;
import dev.shouli.support.TestDatabase;
import dev.shouli.support.TestGateway;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A module that is not the console adds a navigation entry, pages and a case-page section through
 * {@link ConsoleExtension}: its pages sit behind the console's session and anti-forgery checks, in the console's
 * shell and language.
 */
class ConsoleExtensionTest {

    private static final String AGENT_PASSWORD = "agent password 0123";

    private static Gateway gateway;

    /** A module of this test only: a page that greets, a form that echoes, a supervisors' page, a case section. */
    private static final class ExampleModule implements Module<Void> {

        @Override
        public String name() {
            return "example";
        }

        @Override
        public Void configure(ModuleConfig config) {
            return null;
        }

        @Override
        public Future<Void> install(Void config, ModuleContext context) {
            context.provide(ConsoleExtension.class, new ConsoleExtension() {
                @Override
                public List<NavEntry> navigation() {
                    return List.of(new NavEntry("/desk/example", Map.of("zh-CN", "示例", "en", "Example"), false),
                            new NavEntry("/desk/example/secret", Map.of("zh-CN", "主管页", "en", "Supervisors"), true));
                }

                @Override
                public void pages(Pages pages) {
                    pages.get("/desk/example", false, (ctx, view) -> view.send(ctx, 200, view.page("/desk/example",
                            "Example", "<h1>" + view.language() + " " + ConsoleView.escape("<" + view.username() + ">")
                                    + "</h1><form method=\"post\" action=\"/desk/example\">" + view.csrfField()
                                    + "<input name=\"word\"></form>")));
                    pages.post("/desk/example", false, (ctx, view) -> view.redirect(ctx,
                            "/desk/example?word=" + ConsoleView.url(ctx.request().getFormAttribute("word"))));
                    pages.get("/desk/example/secret", true, (ctx, view) -> view.send(ctx, 200,
                            view.page("/desk/example/secret", "Secret", "<h1>secret</h1>")));
                }

                @Override
                public Future<String> caseSection(ConsoleView view, JsonObject caseRecord) {
                    return Future.succeededFuture("<section class=\"card\"><h2>example section</h2><p>"
                            + ConsoleView.escape(caseRecord.getString("subject")) + "</p></section>");
                }
            });
            return Future.succeededFuture();
        }
    }

    @BeforeAll
    static void start() {
        ShouliConfig defaults = TestGateway.config(Map.of(
                "SHOULI_CONSOLE_BOOTSTRAP_USER", "lina:supervisor",
                "SHOULI_CONSOLE_BOOTSTRAP_PASSWORD", ConsoleSignInTest.PASSWORD));
        List<ConfiguredModule<?>> modules = new ArrayList<>(defaults.modules());
        modules.add(0, new ConfiguredModule<>(new ExampleModule(), null));
        ShouliConfig config = new ShouliConfig(defaults.core(), defaults.sla(), modules, defaults.warnings());
        gateway = TestGateway.start(TestDatabase.freshDatabase(), config, Clock.systemUTC());
        new DeskUsersFixture(gateway).add("wei", "agent", AGENT_PASSWORD);
    }

    @AfterAll
    static void stop() {
        TestGateway.stop(gateway);
    }

    private static ConsoleClient signedIn(String user, String password) {
        ConsoleClient browser = new ConsoleClient(gateway.port());
        assertThat(browser.signIn(user, password).statusCode()).isEqualTo(303);
        return browser;
    }

    @Test
    void anExtensionPageNeedsASession() {
        HttpResponse<String> answer = new ConsoleClient(gateway.port()).get("/desk/example");

        assertThat(answer.statusCode()).isEqualTo(303);
        assertThat(answer.headers().firstValue("Location")).contains("/desk/sign-in?next=%2Fdesk%2Fexample");
    }

    @Test
    void anExtensionPageIsShownInTheConsolesShellWithItsNavigationEntryCurrent() {
        HttpResponse<String> page = signedIn("lina", ConsoleSignInTest.PASSWORD).get("/desk/example");

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Security-Policy")).isPresent();
        assertThat(page.body()).contains("<html lang=\"zh-CN\">").contains("<h1>zh-CN &lt;lina&gt;</h1>")
                .contains("<a href=\"/desk/example\" aria-current=\"page\">示例</a>")
                .contains("<a href=\"/desk/cases\">");
    }

    @Test
    void theNavigationEntryIsOnTheConsolesOwnPagesInTheUsersLanguage() {
        ConsoleClient browser = signedIn("lina", ConsoleSignInTest.PASSWORD);
        browser.post("/desk/language", Map.of("_csrf", browser.csrfOf("/desk/cases"), "lang", "en"));

        String cases = browser.get("/desk/cases").body();

        assertThat(cases).contains("<a href=\"/desk/example\">Example</a>")
                .contains("<a href=\"/desk/example/secret\">Supervisors</a>");
    }

    @Test
    void aSupervisorsEntryIsHiddenFromAgentsAndItsPageRefused() {
        ConsoleClient agent = signedIn("wei", AGENT_PASSWORD);

        assertThat(agent.get("/desk/cases").body()).contains("/desk/example\"").doesNotContain("/desk/example/secret");
        assertThat(agent.get("/desk/example/secret").statusCode()).isEqualTo(403);
    }

    @Test
    void aFormPostNeedsTheAntiForgeryToken() {
        ConsoleClient browser = signedIn("wei", AGENT_PASSWORD);

        assertThat(browser.post("/desk/example", Map.of("word", "x")).statusCode()).isEqualTo(403);
        HttpResponse<String> posted = browser.post("/desk/example",
                Map.of("_csrf", browser.csrfOf("/desk/example"), "word", "退款"));
        assertThat(posted.statusCode()).isEqualTo(303);
        assertThat(posted.headers().firstValue("Location")).contains("/desk/example?word=%E9%80%80%E6%AC%BE");
    }

    @Test
    void theCasePageShowsTheExtensionsSection() {
        JsonObject answer = new JsonObject(new Http(gateway.port()).postJson("/api/v1/complaints",
                Complaints.airConditioner().encode()).body());

        String page = signedIn("wei", AGENT_PASSWORD).get("/desk/cases/" + answer.getString("reference")).body();

        assertThat(page).contains("<h2>example section</h2>");
    }

    @Test
    void anUnknownPathUnderDeskIsStillTheConsolesNotFoundPage() {
        HttpResponse<String> page = signedIn("wei", AGENT_PASSWORD).get("/desk/example-nothing");

        assertThat(page.statusCode()).isEqualTo(404);
        assertThat(page.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
    }
}
