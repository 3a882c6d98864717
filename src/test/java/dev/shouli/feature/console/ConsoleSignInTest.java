package dev.shouli.feature.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shouli.Gateway;
import dev.shouli.ShouliConfig;
import dev.shouli.core.db.DatabaseEndpoint;
import dev.shouli.core.db.EmbeddedDatabase;
import dev.shouli.support.Http;
import dev.shouli.support.TestDatabase;
import dev.shouli.support.TestGateway;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Signing in to the console: Argon2id users in PostgreSQL, sessions any instance honours, a cookie the browser
 * cannot leak to scripts or other sites, anti-forgery tokens on every POST, throttled guessing.
 */
class ConsoleSignInTest {

    static final String PASSWORD = "correct horse battery staple";

    private static DatabaseEndpoint db;
    private static Gateway first;
    private static Gateway second;

    @BeforeAll
    static void start() {
        db = TestDatabase.freshDatabase();
        Map<String, String> env = new HashMap<>(Map.of(
                "SHOULI_CONSOLE_BOOTSTRAP_USER", "lina:supervisor",
                "SHOULI_CONSOLE_BOOTSTRAP_PASSWORD", PASSWORD,
                "SHOULI_CONSOLE_SIGN_IN_MAX_FAILURES_PER_ACCOUNT", "3",
                "SHOULI_CONSOLE_SIGN_IN_MAX_FAILURES_PER_CLIENT", "8"));
        first = TestGateway.start(db, env, Clock.systemUTC());
        second = TestGateway.start(db, env, Clock.systemUTC());
    }

    @AfterAll
    static void stop() {
        TestGateway.stop(first);
        TestGateway.stop(second);
    }

    @Test
    void pageWithoutSessionSendsToSignInAndBack() {
        HttpResponse<String> answer = new ConsoleClient(first.port()).get("/desk/cases?status=new");

        assertThat(answer.statusCode()).isEqualTo(303);
        assertThat(answer.headers().firstValue("Location")).contains("/desk/sign-in?next=%2Fdesk%2Fcases%3Fstatus%3Dnew");
    }

    @Test
    void signInSetsAStrictHttpOnlySessionCookieAndOpensTheConsole() {
        ConsoleClient browser = new ConsoleClient(first.port());

        HttpResponse<String> answer = browser.signIn("lina", PASSWORD);

        assertThat(answer.statusCode()).isEqualTo(303);
        assertThat(answer.headers().firstValue("Location")).contains("/desk/cases");
        String cookie = browser.setCookies(answer).stream().filter(c -> c.startsWith("shouli_desk=")).findFirst()
                .orElseThrow();
        assertThat(cookie).containsIgnoringCase("HttpOnly").contains("SameSite=Strict").contains("Path=/desk");
        // Plain HTTP on loopback: the one place the cookie may go without Secure.
        assertThat(cookie).doesNotContain("Secure");
        HttpResponse<String> cases = browser.get("/desk/cases");
        assertThat(cases.statusCode()).isEqualTo(200);
        assertThat(cases.body()).contains("<html lang=\"zh-CN\">").contains("案件").contains("lina");
        assertThat(cases.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(
                csp -> assertThat(csp).contains("script-src 'self'").doesNotContain("unsafe"));
    }

    @Test
    void secureFlagIsOffOnlyForPlainHttpBetweenLoopbackAddresses() {
        assertThat(ConsoleSessions.secure("auto", false, "127.0.0.1", "127.0.0.1")).isFalse();
        assertThat(ConsoleSessions.secure("auto", false, "localhost", "0:0:0:0:0:0:0:1")).isFalse();
        assertThat(ConsoleSessions.secure("auto", false, "desk.example.cn", "127.0.0.1")).isTrue();
        assertThat(ConsoleSessions.secure("auto", false, "10.0.0.5", "10.0.0.9")).isTrue();
        assertThat(ConsoleSessions.secure("auto", true, "127.0.0.1", "127.0.0.1")).isTrue();
        assertThat(ConsoleSessions.secure("always", false, "127.0.0.1", "127.0.0.1")).isTrue();
    }

    @Test
    void sessionStartedOnOneInstanceWorksOnTheOther() {
        ConsoleClient browser = new ConsoleClient(first.port());
        browser.signIn("lina", PASSWORD);

        HttpResponse<String> onSecond = browser.sameBrowserOn(second.port()).get("/desk/cases");

        assertThat(second.port()).isNotEqualTo(first.port());
        assertThat(onSecond.statusCode()).isEqualTo(200);
        assertThat(onSecond.body()).contains("lina");
    }

    @Test
    void signOutOnOneInstanceEndsTheSessionOnBoth() {
        ConsoleClient browser = new ConsoleClient(first.port());
        browser.signIn("lina", PASSWORD);
        ConsoleClient sameOnSecond = browser.sameBrowserOn(second.port());

        HttpResponse<String> out = browser.post("/desk/sign-out", Map.of("_csrf", browser.csrfOf("/desk/cases")));

        assertThat(out.statusCode()).isEqualTo(303);
        assertThat(sameOnSecond.get("/desk/cases").statusCode()).isEqualTo(303);
    }

    @Test
    void postWithoutTheSessionsAntiForgeryTokenIsRefused() {
        ConsoleClient browser = new ConsoleClient(first.port());
        browser.signIn("lina", PASSWORD);

        HttpResponse<String> forged = browser.post("/desk/sign-out", Map.of("_csrf", "not-the-token"));
        HttpResponse<String> missing = browser.post("/desk/sign-out", Map.of());

        assertThat(forged.statusCode()).isEqualTo(403);
        assertThat(forged.body()).contains("表单已失效或来源不明");
        assertThat(missing.statusCode()).isEqualTo(403);
        assertThat(browser.get("/desk/cases").statusCode()).isEqualTo(200);
    }

    @Test
    void signInPostedWithoutTheSignInPagesTokenIsRefused() {
        ConsoleClient attacker = new ConsoleClient(first.port());

        HttpResponse<String> answer = attacker.post("/desk/sign-in",
                Map.of("username", "lina", "password", PASSWORD, "_csrf", "guessed"));

        assertThat(answer.statusCode()).isEqualTo(403);
        assertThat(attacker.cookie("shouli_desk")).isNull();
    }

    @Test
    void wrongPasswordsLockTheAccountForAWhileEvenForTheRightPassword() {
        ConsoleClient browser = new ConsoleClient(first.port());
        new DeskUsersFixture(first).add("wei.zhang", "agent", PASSWORD);
        for (int i = 0; i < 3; i++) {
            assertThat(browser.signIn("wei.zhang", "wrong password " + i).statusCode()).isEqualTo(401);
        }

        HttpResponse<String> right = new ConsoleClient(second.port()).signIn("wei.zhang", PASSWORD);

        assertThat(right.statusCode()).isEqualTo(429);
        assertThat(right.headers().firstValue("Retry-After")).isPresent();
        assertThat(right.body()).contains("登录失败次数过多");
    }

    @Test
    void unknownUserAndWrongPasswordGetTheSameAnswer() {
        HttpResponse<String> unknown = new ConsoleClient(first.port()).signIn("nobody", PASSWORD);
        HttpResponse<String> wrong = new ConsoleClient(first.port()).signIn("lina", "not the password");

        assertThat(unknown.statusCode()).isEqualTo(401).isEqualTo(wrong.statusCode());
        assertThat(unknown.body()).contains("用户名或密码不正确");
    }

    @Test
    void passwordsAreStoredAsArgon2idHashesOnly() {
        String hash = DeskUsersFixture.passwordHash(db, "lina");

        assertThat(hash).startsWith("$argon2id$v=19$m=19456,t=2,p=1$").doesNotContain(PASSWORD);
        assertThat(PasswordHasher.matches(PASSWORD, hash)).isTrue();
        assertThat(PasswordHasher.matches(PASSWORD + "x", hash)).isFalse();
    }

    @Test
    void addDeskUserCommandCreatesAUserWhoCanSignIn() {
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        Map<String, String> env = new HashMap<>(TestGateway.configEnvironment());
        env.put("SHOULI_DATABASE_URL", "postgresql://" + db.user() + ":" + db.password() + "@" + db.host() + ":"
                + db.port() + "/" + db.database());
        env.put(AddDeskUserCommand.PASSWORD_VARIABLE, "another long password 1");

        int exit = AddDeskUserCommand.run(new String[] {"add-desk-user", "Chen.Jie", "--role", "agent",
                "--display-name", "陈杰"}, env, new PrintStream(output, true, StandardCharsets.UTF_8), ConsoleSignInTest::settings);

        assertThat(exit).isZero();
        assertThat(output.toString(StandardCharsets.UTF_8)).contains("created agent chen.jie");
        ConsoleClient browser = new ConsoleClient(first.port());
        assertThat(browser.signIn("chen.jie", "another long password 1").statusCode()).isEqualTo(303);
        assertThat(browser.get("/desk/cases").body()).contains("陈杰").contains("坐席");
    }

    @Test
    void addDeskUserCommandUsesTheEmbeddedServerARunningGatewayStarted() throws Exception {
        Path dataDir = java.nio.file.Files.createTempDirectory("shouli-running");
        try (EmbeddedDatabase running = EmbeddedDatabase.start(dataDir.resolve("postgres"), 0, true)) {
            Map<String, String> env = new HashMap<>(TestGateway.configEnvironment());
            env.put("SHOULI_DATA_DIR", dataDir.toString());
            env.put(AddDeskUserCommand.PASSWORD_VARIABLE, "another long password 2");
            ByteArrayOutputStream output = new ByteArrayOutputStream();

            int exit = AddDeskUserCommand.run(new String[] {"add-desk-user", "zhou.min"}, env,
                    new PrintStream(output, true, StandardCharsets.UTF_8), ConsoleSignInTest::settings);

            assertThat(exit).as(output.toString(StandardCharsets.UTF_8)).isZero();
            assertThat(output.toString(StandardCharsets.UTF_8)).contains("port " + running.port())
                    .contains("created agent zhou.min");
            assertThat(TestDatabase.queryLong(running.endpoint(),
                    "SELECT count(*) FROM desk_user WHERE username = 'zhou.min' AND active")).isEqualTo(1);
        }
    }

    @Test
    void addDeskUserCommandRefusesAShortPassword() {
        Map<String, String> env = new HashMap<>(TestGateway.configEnvironment());
        env.put(AddDeskUserCommand.PASSWORD_VARIABLE, "short");
        ByteArrayOutputStream output = new ByteArrayOutputStream();

        int exit = AddDeskUserCommand.run(new String[] {"add-desk-user", "x.y"}, env,
                new PrintStream(output, true, StandardCharsets.UTF_8), ConsoleSignInTest::settings);

        assertThat(exit).isEqualTo(2);
        assertThat(output.toString(StandardCharsets.UTF_8)).contains("at least 12 characters");
    }

    @Test
    void bearerTokensStillOpenTheJsonApi() {
        assertThat(new Http(first.port()).desk("/api/v1/cases").statusCode()).isEqualTo(200);
    }

    @Test
    void unknownConsolePathIsAPageNotProblemJson() {
        ConsoleClient browser = new ConsoleClient(first.port());
        browser.signIn("lina", PASSWORD);

        HttpResponse<String> missing = browser.get("/desk/no-such-page");

        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.headers().firstValue("Content-Type")).contains("text/html; charset=utf-8");
    }

    @Test
    void unknownConsolePathWithoutASessionIsTheConsolesPageNotTheCitizensOne() {
        // The console owns /desk: a mistyped desk address leads back to sign-in, not to the complaint form.
        HttpResponse<String> missing = new ConsoleClient(first.port()).get("/desk/nothing-here");

        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.headers().firstValue("Content-Type")).contains("text/html; charset=utf-8");
        assertThat(missing.body()).contains("<h1>找不到此页面或案件</h1>", "href=\"/desk/sign-in\"")
                .doesNotContain("页面不存在");
    }

    /** The configuration as the command line reads it (see Main). */
    private static AddDeskUserCommand.Settings settings(Path file, Map<String, String> env) {
        ShouliConfig config = ShouliConfig.load(file, env);
        return new AddDeskUserCommand.Settings(config.core(), config.section(ConsoleConfig.class));
    }
}
