package dev.shouli.core.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shouli.Gateway;
import dev.shouli.core.db.DatabaseEndpoint;
import dev.shouli.feature.console.ConsoleClient;
import dev.shouli.support.Complaints;
import dev.shouli.support.Http;
import dev.shouli.support.TestDatabase;
import dev.shouli.support.TestGateway;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Zero setup: no mailer and no SMS send provider. Receipts are recorded as unsent at once, with the reason and
 * the text they would have had, instead of being retried against a server that is not there.
 */
class UnsentDeliveryTest {

    private static final String CONSOLE_PASSWORD = "correct horse battery staple";

    private static DatabaseEndpoint db;
    private static Gateway gateway;
    private static Http http;

    @BeforeAll
    static void start() {
        db = TestDatabase.freshDatabase();
        // The committed defaults: mailer.host empty, channels.sms.sendProvider none. (And a console supervisor.)
        gateway = TestGateway.start(db, Map.of("SHOULI_CONSOLE_BOOTSTRAP_USER", "lina:supervisor",
                "SHOULI_CONSOLE_BOOTSTRAP_PASSWORD", CONSOLE_PASSWORD), Clock.systemUTC());
        http = new Http(gateway.port());
    }

    @AfterAll
    static void stop() {
        TestGateway.stop(gateway);
    }

    private static String intake(JsonObject complaint) {
        HttpResponse<String> answer = http.postJson("/api/v1/complaints", complaint.encode());
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(201);
        return new JsonObject(answer.body()).getString("reference");
    }

    /** The case's first delivery once it satisfies {@code settled}, waiting for the outbox worker. */
    private static JsonObject delivery(String reference, Predicate<JsonObject> settled) throws InterruptedException {
        Instant until = Instant.now().plus(Duration.ofSeconds(20));
        while (true) {
            JsonArray deliveries = http.deskJson("/api/v1/cases/" + reference).getJsonArray("deliveries");
            if (!deliveries.isEmpty() && settled.test(deliveries.getJsonObject(0))) {
                return deliveries.getJsonObject(0);
            }
            assertThat(Instant.now()).as("delivery of %s settled: %s", reference, deliveries).isBefore(until);
            Thread.sleep(100);
        }
    }

    private static boolean unsent(JsonObject d) {
        return "unsent".equals(d.getString("status"));
    }

    @Test
    void emailReceiptWithoutAMailerIsRecordedAsUnsentWithItsText() throws Exception {
        String reference = intake(Complaints.airConditioner());

        JsonObject receipt = delivery(reference, UnsentDeliveryTest::unsent);

        assertThat(receipt.getString("kind")).isEqualTo("receipt");
        assertThat(receipt.getString("channel")).isEqualTo("email");
        assertThat(receipt.getInteger("attempts")).as("recorded by intake, no attempt made").isZero();
        assertThat(receipt.getString("result")).contains("no mailer configured", "mailer.host");
        assertThat(receipt.getString("lastError")).isNull();
        JsonObject preview = receipt.getJsonObject("preview");
        assertThat(preview.getJsonArray("to")).containsExactly("zhangwei@example.com");
        assertThat(preview.getString("subject")).contains(reference);
        assertThat(preview.getString("text")).contains(reference);
        assertThat(preview.getJsonObject("headers").getString("Auto-Submitted")).isEqualTo("auto-replied");
    }

    @Test
    void unsentReceiptIsNeverRetriedByItself() throws Exception {
        String reference = intake(Complaints.airConditioner());
        delivery(reference, UnsentDeliveryTest::unsent);

        Thread.sleep(2500); // two more outbox polls

        assertThat(delivery(reference, UnsentDeliveryTest::unsent).getInteger("attempts")).isZero();
    }

    @Test
    void unsentReceiptCancelsItsReceiptDeadlineInsteadOfBreachingIt() throws Exception {
        String reference = intake(Complaints.airConditioner());
        delivery(reference, UnsentDeliveryTest::unsent);

        JsonArray deadlines = http.deskJson("/api/v1/cases/" + reference).getJsonObject("sla").getJsonArray("deadlines");

        assertThat(deadlines).anySatisfy(d -> {
            assertThat(((JsonObject) d).getString("kind")).isEqualTo("receipt");
            assertThat(((JsonObject) d).getString("state")).isEqualTo("cancelled");
        });
    }

    @Test
    void unsentItemsAreListedByTheOutboxApiAndCanBeRetried() throws Exception {
        String reference = intake(Complaints.airConditioner());
        long id = delivery(reference, UnsentDeliveryTest::unsent).getLong("id");

        JsonArray listed = http.deskJson("/api/v1/outbox?status=unsent").getJsonArray("items");
        assertThat(listed).anySatisfy(item -> assertThat(((JsonObject) item).getLong("id")).isEqualTo(id));

        HttpResponse<String> retried = http.send(http.request("/api/v1/outbox/" + id + "/retry")
                .header("Authorization", "Bearer " + TestGateway.DESK_TOKEN)
                .POST(HttpRequest.BodyPublishers.noBody()).build());
        assertThat(retried.statusCode()).as(retried.body()).isEqualTo(200);
        // Still no mailer: the retry is recorded as unsent again, by the outbox's first attempt.
        JsonObject again = delivery(reference, d -> unsent(d) && d.getInteger("attempts") == 1);
        assertThat(again.getString("result")).contains("no mailer configured");
    }

    @Test
    void theConsolesOutboxPageListsUnsentItemsWithTheReasonAndARetry() throws Exception {
        String reference = intake(Complaints.airConditioner());
        long id = delivery(reference, UnsentDeliveryTest::unsent).getLong("id");
        ConsoleClient console = new ConsoleClient(gateway.port());
        console.signIn("lina", CONSOLE_PASSWORD);

        HttpResponse<String> page = console.get("/desk/outbox?status=unsent");

        assertThat(page.statusCode()).isEqualTo(200);
        // The reason in the console's words (the API keeps the gateway's own).
        assertThat(page.body()).contains("aria-current=\"page\" class=\"button\">未发送</a>", reference,
                "未发送：没有配置发信服务器", "action=\"/desk/outbox/" + id + "/retry\"");
    }

    @Test
    void smsReceiptWithoutASendProviderIsRecordedAsUnsentWithItsText() throws Exception {
        JsonObject phoneOnly = Complaints.airConditioner();
        phoneOnly.getJsonObject("complainant").remove("email");
        String reference = intake(phoneOnly);

        JsonObject receipt = delivery(reference, UnsentDeliveryTest::unsent);

        assertThat(receipt.getString("channel")).isEqualTo("sms");
        assertThat(receipt.getString("result")).contains("no SMS send provider configured");
        assertThat(receipt.getJsonObject("preview").getString("to")).isEqualTo("+8613800138000");
        assertThat(receipt.getJsonObject("preview").getString("text")).contains(reference);
    }
}
