package dev.shouli.feature.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shouli.Gateway;
import dev.shouli.support.Complaints;
import dev.shouli.support.Http;
import dev.shouli.support.TestDatabase;
import dev.shouli.support.TestGateway;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.Map;
import java.util.UUID;
import org.jsoup.Jsoup;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The users page: a supervisor adds desk users, who sign in and are the names 分派 offers; deactivating one signs
 * them out and takes them off the list; a new password replaces the old one; an agent may not manage users, and a
 * supervisor may not lock themselves out.
 */
class ConsoleUsersTest {

    private static Gateway gateway;

    @BeforeAll
    static void start() {
        gateway = TestGateway.start(TestDatabase.freshDatabase(), Map.of(
                "SHOULI_CONSOLE_BOOTSTRAP_USER", "lina:supervisor",
                "SHOULI_CONSOLE_BOOTSTRAP_PASSWORD", ConsoleSignInTest.PASSWORD), Clock.systemUTC());
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

    private static HttpResponse<String> add(ConsoleClient supervisor, String username, String display, String role) {
        return supervisor.post("/desk/users", Map.of("_csrf", supervisor.csrfOf("/desk/users"), "username", username,
                "displayName", display, "role", role, "password", "a long password 42"));
    }

    @Test
    void aUserAddedOnThePageSignsInAndIsOfferedForAssignmentByDisplayName() {
        ConsoleClient lina = signedIn("lina", ConsoleSignInTest.PASSWORD);

        HttpResponse<String> added = add(lina, "wu.fang", "吴芳", "agent");

        assertThat(added.statusCode()).isEqualTo(303);
        assertThat(lina.get(added.headers().firstValue("Location").orElseThrow()).body()).contains("wu.fang")
                .contains("吴芳").contains("用户已添加");
        ConsoleClient wu = signedIn("wu.fang", "a long password 42");
        String reference = new JsonObject(new Http(gateway.port()).postJson("/api/v1/complaints",
                Complaints.airConditioner().encode(), "Idempotency-Key", UUID.randomUUID().toString()).body())
                .getString("reference");
        String page = wu.get("/desk/cases/" + reference).body();
        assertThat(Jsoup.parse(page).select("select[name=assignee] option").eachText()).contains("吴芳 (wu.fang)");
    }

    @Test
    void aDeactivatedUserIsSignedOutAndCanNoLongerBeAssigned() {
        ConsoleClient lina = signedIn("lina", ConsoleSignInTest.PASSWORD);
        add(lina, "zhao.lei", "赵磊", "agent");
        ConsoleClient zhao = signedIn("zhao.lei", "a long password 42");

        HttpResponse<String> off = lina.post("/desk/users/zhao.lei/active",
                Map.of("_csrf", lina.csrfOf("/desk/users"), "active", "false"));

        assertThat(off.statusCode()).isEqualTo(303);
        assertThat(zhao.get("/desk/cases").statusCode()).isEqualTo(303);
        String reference = new JsonObject(new Http(gateway.port()).postJson("/api/v1/complaints",
                Complaints.airConditioner().encode(), "Idempotency-Key", UUID.randomUUID().toString()).body())
                .getString("reference");
        HttpResponse<String> assign = lina.post("/desk/cases/" + reference + "/actions/assign",
                Map.of("_csrf", lina.csrfOf("/desk/cases"), "assignee", "zhao.lei"));
        assertThat(assign.statusCode()).isEqualTo(422);
        assertThat(assign.body()).contains("请检查：承办人");
        assertThat(Jsoup.parse(assign.body()).select("select[name=assignee] option").eachAttr("value"))
                .doesNotContain("zhao.lei");
    }

    @Test
    void aNewPasswordReplacesTheOldOne() {
        ConsoleClient lina = signedIn("lina", ConsoleSignInTest.PASSWORD);
        add(lina, "sun.li", "孙丽", "agent");

        lina.post("/desk/users/sun.li/password", Map.of("_csrf", lina.csrfOf("/desk/users"),
                "password", "an even longer password 7"));

        assertThat(new ConsoleClient(gateway.port()).signIn("sun.li", "a long password 42").statusCode()).isEqualTo(401);
        assertThat(new ConsoleClient(gateway.port()).signIn("sun.li", "an even longer password 7").statusCode())
                .isEqualTo(303);
    }

    @Test
    void anAgentMayNotManageUsers() {
        ConsoleClient lina = signedIn("lina", ConsoleSignInTest.PASSWORD);
        add(lina, "qian.wei", "钱伟", "agent");
        ConsoleClient agent = signedIn("qian.wei", "a long password 42");

        assertThat(agent.get("/desk/users").statusCode()).isEqualTo(403);
        assertThat(agent.get("/desk/cases").body()).doesNotContain("href=\"/desk/users\"");
    }

    @Test
    void aSupervisorCannotDeactivateThemselves() {
        ConsoleClient lina = signedIn("lina", ConsoleSignInTest.PASSWORD);

        HttpResponse<String> refused = lina.post("/desk/users/lina/active",
                Map.of("_csrf", lina.csrfOf("/desk/users"), "active", "false"));

        assertThat(refused.statusCode()).isEqualTo(422);
        assertThat(refused.body()).contains("不能停用自己");
    }

    @Test
    void aTakenUserNameIsRefusedInTheConsolesLanguage() {
        ConsoleClient lina = signedIn("lina", ConsoleSignInTest.PASSWORD);
        add(lina, "zhou.jie", "周杰", "agent");

        HttpResponse<String> again = add(lina, "zhou.jie", "周杰", "agent");

        assertThat(again.statusCode()).isEqualTo(422);
        assertThat(again.body()).contains("已有同名用户");
    }
}
