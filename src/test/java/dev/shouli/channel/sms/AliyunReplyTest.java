package dev.shouli.channel.sms;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shouli.Gateway;
import dev.shouli.feature.console.ConsoleClient;
import dev.shouli.support.Complaints;
import dev.shouli.support.Http;
import dev.shouli.support.TestDatabase;
import dev.shouli.support.TestGateway;
import io.vertx.core.json.JsonObject;
import java.net.ServerSocket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.jsoup.Jsoup;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Aliyun sends only the templates it approved (receipts, the 回访 question): a written reply to a complainant who left
 * only a phone cannot go, and the desk is told that reason — not that no SMS provider is configured.
 */
class AliyunReplyTest {

    private static final String PASSWORD = "correct horse battery staple";

    private static Gateway gateway;
    private static Http http;

    @BeforeAll
    static void start() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        Map<String, String> env = new HashMap<>();
        env.put("SHOULI_CHANNELS_SMS_SEND_PROVIDER", "aliyun");
        // Nothing listens there: the receipts this test makes wait in the outbox, nothing leaves the machine.
        env.put("SHOULI_CHANNELS_SMS_ALIYUN_API_BASE_URL", "http://127.0.0.1:" + closed);
        env.put("SHOULI_CHANNELS_SMS_ALIYUN_SIGN_NAME", "受理");
        env.put("SHOULI_CHANNELS_SMS_ALIYUN_TEMPLATE_CODE", "SMS_100000001");
        env.put("SHOULI_ALIYUN_ACCESS_KEY_ID", "test-key-id");
        env.put("SHOULI_ALIYUN_ACCESS_KEY_SECRET", "test-key-secret");
        env.put("SHOULI_CONSOLE_BOOTSTRAP_USER", "lina:agent");
        env.put("SHOULI_CONSOLE_BOOTSTRAP_PASSWORD", PASSWORD);
        gateway = TestGateway.start(TestDatabase.freshDatabase(), env, Clock.systemUTC());
        http = new Http(gateway.port());
    }

    @AfterAll
    static void stop() {
        TestGateway.stop(gateway);
    }

    private static String phoneOnlyCase() {
        return new JsonObject(http.postJson("/api/v1/complaints", Complaints.airConditioner()
                .put("complainant", new JsonObject().put("phone", "13800138000")).encode(),
                "Idempotency-Key", UUID.randomUUID().toString()).body()).getString("reference");
    }

    @Test
    void aReplyToAPhoneOnlyCaseIsRefusedBecauseTheProviderSendsOnlyApprovedTemplates() {
        String reference = phoneOnlyCase();

        HttpResponse<String> refused = http.send(http.request("/api/v1/cases/" + reference + "/reply")
                .header("Authorization", "Bearer " + TestGateway.DESK_TOKEN).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(new JsonObject().put("text", "您好").encode())).build());

        assertThat(refused.statusCode()).isEqualTo(409);
        assertThat(new JsonObject(refused.body()).getString("refusal")).isEqualTo("sms-templates-only");
    }

    @Test
    void theCasePageSaysTheProviderSendsOnlyApprovedTemplates() {
        String reference = phoneOnlyCase();
        ConsoleClient lina = new ConsoleClient(gateway.port());
        assertThat(lina.signIn("lina", PASSWORD).statusCode()).isEqualTo(303);

        String said = Jsoup.parse(lina.get("/desk/cases/" + reference).body()).select("#reply-cannot").text();

        assertThat(said).contains("只能发送已审核的模板").doesNotContain("未配置短信发送服务");
    }
}
