package dev.shouli.channel.sms;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shouli.Gateway;
import dev.shouli.feature.console.ConsoleClient;
import dev.shouli.support.Http;
import dev.shouli.support.TestDatabase;
import dev.shouli.support.TestGateway;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.jsoup.Jsoup;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A desk agent's reply to an SMS complainant goes out through the configured provider (Vonage, faked on loopback). */
class ReplySmsTest {

    private static final String PASSWORD = "correct horse battery staple";

    private static Vertx fakeVertx;
    private static FakeSmsApi vonage;
    private static Gateway gateway;

    @BeforeAll
    static void start() throws Exception {
        fakeVertx = Vertx.vertx();
        vonage = new FakeSmsApi(fakeVertx, r -> {
            FakeSmsApi.require("/sms/json".equals(r.path()), "path " + r.path());
            return new FakeSmsApi.Answer(200, new JsonObject().put("message-count", "1").put("messages",
                    new JsonArray().add(new JsonObject().put("to", r.field("to")).put("status", "0")
                            .put("message-id", "MSG-" + r.field("client-ref")))));
        });
        Map<String, String> env = new HashMap<>();
        env.put("SHOULI_CHANNELS_SMS_SEND_PROVIDER", "vonage");
        env.put("SHOULI_CHANNELS_SMS_VONAGE_API_BASE_URL", vonage.baseUrl());
        env.put("SHOULI_CHANNELS_SMS_VONAGE_FROM", "Shouli");
        env.put("SHOULI_VONAGE_API_KEY", "key123");
        env.put("SHOULI_VONAGE_API_SECRET", "secret456");
        env.put("SHOULI_OUTBOX_POLL_INTERVAL", "100ms");
        env.put("SHOULI_CONSOLE_BOOTSTRAP_USER", "lina:agent");
        env.put("SHOULI_CONSOLE_BOOTSTRAP_PASSWORD", PASSWORD);
        gateway = TestGateway.start(TestDatabase.freshDatabase(), env, Clock.systemUTC());
    }

    @AfterAll
    static void stop() throws Exception {
        TestGateway.stop(gateway);
        vonage.close();
        fakeVertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void replyToAComplainantWithOnlyAPhoneGoesOutBySms() throws Exception {
        JsonObject complaint = new JsonObject().put("description", "楼下烧烤店油烟太大，晚上十点后还在营业。")
                .put("complainant", new JsonObject().put("phone", "13800138000"))
                .put("respondent", new JsonObject().put("organisation", "老王烧烤"));
        String reference = new JsonObject(new Http(gateway.port()).postJson("/api/v1/complaints", complaint.encode(),
                "Idempotency-Key", UUID.randomUUID().toString()).body()).getString("reference");
        ConsoleClient browser = new ConsoleClient(gateway.port());
        browser.signIn("lina", PASSWORD);
        String page = browser.get("/desk/cases/" + reference).body();
        String nonce = Jsoup.parse(page).selectFirst("form[action$=/reply] input[name=nonce]").attr("value");

        HttpResponse<String> sent = browser.post("/desk/cases/" + reference + "/reply", Map.of(
                "_csrf", ConsoleClient.csrf(page), "nonce", nonce, "text", "您好，城管已约谈商家，今晚起十点后停业。"));

        assertThat(sent.statusCode()).isEqualTo(303);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (vonage.received.stream().noneMatch(r -> String.valueOf(r.field("client-ref")).startsWith("reply:"))
                && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        FakeSmsApi.Received reply = vonage.received.stream()
                .filter(r -> String.valueOf(r.field("client-ref")).startsWith("reply:")).findFirst().orElseThrow();
        assertThat(reply.field("to")).isEqualTo("8613800138000");
        assertThat(reply.field("text")).isEqualTo("您好，城管已约谈商家，今晚起十点后停业。");
        assertThat(vonage.problems).isEmpty();
    }
}
