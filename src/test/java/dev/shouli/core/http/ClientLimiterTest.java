package dev.shouli.core.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shouli.Gateway;
import dev.shouli.core.db.DatabaseEndpoint;
import dev.shouli.support.RawHttp;
import dev.shouli.support.RawHttp.Answer;
import dev.shouli.support.TestDatabase;
import dev.shouli.support.TestGateway;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Per-client limits of the routes anyone can call: 429 with Retry-After and nothing stored past them, while calls a
 * source proved it may make go through. Each test speaks from its own loopback address: a client of its own.
 */
class ClientLimiterTest {

    private static final String COMPLAINT = "{\"description\":\"小区门口的餐馆每晚噪音到凌晨\",\"phone\":\"13800138000\"}";
    private static DatabaseEndpoint db;
    private static Gateway gateway;

    @BeforeAll
    static void start() {
        db = TestDatabase.freshDatabase();
        gateway = TestGateway.start(db, Map.of(
                "SHOULI_HTTP_ANONYMOUS_PER_CLIENT_PER_MINUTE", "3",
                "SHOULI_HTTP_REFUSED_PER_CLIENT_PER_MINUTE", "2",
                "SHOULI_TWILIO_AUTH_TOKEN", "twilio-auth-token-for-tests",
                "SHOULI_EMAIL_WEBHOOK_TOKEN", "email-webhook-token-0123456789"), Clock.systemUTC());
    }

    @AfterAll
    static void stop() {
        TestGateway.stop(gateway);
    }

    private static Answer json(String from, String body, String... headers) throws Exception {
        return RawHttp.post(gateway.port(), from, "/api/v1/complaints", "application/json",
                body.getBytes(StandardCharsets.UTF_8), headers);
    }

    private static long rejected(String channel) {
        return TestDatabase.queryLong(db, "SELECT count(*) FROM submission WHERE outcome = 'rejected' AND channel = '"
                + channel + "'");
    }

    @Test
    void anAnonymousClientOverItsLimitIsAnswered429WithRetryAfterAndNothingStored() throws Exception {
        for (int i = 0; i < 3; i++) {
            assertThat(json("127.0.0.21", COMPLAINT).status()).isEqualTo(201);
        }
        long cases = TestDatabase.queryLong(db, "SELECT count(*) FROM complaint_case");

        Answer limited = json("127.0.0.21", COMPLAINT);

        assertThat(limited.status()).isEqualTo(429);
        assertThat(limited.headers().get("content-type")).startsWith("application/problem+json");
        assertThat(Integer.parseInt(limited.headers().get("retry-after"))).isBetween(1, 60);
        assertThat(TestDatabase.queryLong(db, "SELECT count(*) FROM complaint_case")).isEqualTo(cases);
    }

    @Test
    void aPartnerIsNotLimitedByTheAnonymousLimit() throws Exception {
        for (int i = 0; i < 5; i++) {
            assertThat(json("127.0.0.22", COMPLAINT, "Authorization", "Bearer " + TestGateway.PARTNER_KEY).status())
                    .isEqualTo(201);
        }
    }

    @Test
    void refusedRequestsPastTheClientsLimitAreAnswered429AndNotKept() throws Exception {
        long before = rejected("api");
        for (int i = 0; i < 2; i++) {
            assertThat(json("127.0.0.23", "not json " + i, "Authorization", "Bearer " + TestGateway.PARTNER_KEY)
                    .status()).isEqualTo(400);
        }

        Answer limited = json("127.0.0.23", "not json again", "Authorization", "Bearer " + TestGateway.PARTNER_KEY);

        assertThat(limited.status()).isEqualTo(429);
        assertThat(rejected("api")).isEqualTo(before + 2);
    }

    @Test
    void unsignedSmsWebhooksPastTheClientsLimitAreAnswered429AndNotKept() throws Exception {
        long before = rejected("sms");
        byte[] body = "MessageSid=SMforged&From=%2B8613800138000&Body=hello".getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < 2; i++) {
            assertThat(RawHttp.post(gateway.port(), "127.0.0.24", "/intake/sms/twilio",
                    "application/x-www-form-urlencoded", body, "X-Twilio-Signature", "forged").status()).isEqualTo(403);
        }

        Answer limited = RawHttp.post(gateway.port(), "127.0.0.24", "/intake/sms/twilio",
                "application/x-www-form-urlencoded", body, "X-Twilio-Signature", "forged");

        assertThat(limited.status()).isEqualTo(429);
        assertThat(limited.headers()).containsKey("retry-after");
        assertThat(rejected("sms")).isEqualTo(before + 2);
    }

    @Test
    void emailWebhookCallsWithoutTheTokenPastTheClientsLimitAreAnswered429() throws Exception {
        byte[] mail = "From: a@example.cn\r\nSubject: x\r\n\r\nhello\r\n".getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < 2; i++) {
            assertThat(RawHttp.post(gateway.port(), "127.0.0.25", "/intake/email", "message/rfc822", mail).status())
                    .isEqualTo(401);
        }

        assertThat(RawHttp.post(gateway.port(), "127.0.0.25", "/intake/email", "message/rfc822", mail).status())
                .isEqualTo(429);
    }

    @Test
    void theFormOverTheClientsLimitAnswersAPageWith429() throws Exception {
        byte[] body = "description=x".getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < 3; i++) {
            RawHttp.post(gateway.port(), "127.0.0.26", "/form", "application/x-www-form-urlencoded", body);
        }

        Answer limited = RawHttp.post(gateway.port(), "127.0.0.26", "/form", "application/x-www-form-urlencoded",
                body);

        assertThat(limited.status()).isEqualTo(429);
        assertThat(limited.headers().get("content-type")).startsWith("text/html");
        assertThat(limited.headers()).containsKey("retry-after");
    }
}
