package dev.shouli.feature.desk;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.shouli.Gateway;
import dev.shouli.core.db.DatabaseEndpoint;
import dev.shouli.support.Complaints;
import dev.shouli.support.Http;
import dev.shouli.support.TestDatabase;
import dev.shouli.support.TestGateway;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Desk webhooks through the outbox against a loopback receiver that fails, times out and recovers. */
class DeskPushTest {

    private static final String SECRET = "crm-webhook-secret-0123456789";
    private static Receiver receiver;
    private static Gateway gateway;
    private static Http http;

    @BeforeAll
    static void start() throws IOException {
        receiver = new Receiver();
        DatabaseEndpoint db = TestDatabase.freshDatabase();
        gateway = TestGateway.start(db, Map.of(
                "SHOULI_DESK_WEBHOOKS", "crm=http://127.0.0.1:" + receiver.port() + "/events "
                        + "received,acknowledge,assign",
                "SHOULI_DESK_WEBHOOK_SECRET_CRM", SECRET,
                "SHOULI_DESK_WEBHOOK_TIMEOUT", "1s",
                "SHOULI_DESK_WEBHOOK_RELAY_INTERVAL", "100ms",
                "SHOULI_OUTBOX_POLL_INTERVAL", "100ms",
                "SHOULI_OUTBOX_BACKOFF_INITIAL", "200ms",
                "SHOULI_OUTBOX_BACKOFF_MAX", "500ms"), Clock.systemUTC());
        dev.shouli.support.DeskUsers.add(db, "wangfang", "王芳");
        http = new Http(gateway.port());
    }

    @AfterAll
    static void stop() {
        TestGateway.stop(gateway);
        receiver.stop();
    }

    private static String newCase() {
        return new JsonObject(http.postJson("/api/v1/complaints", Complaints.airConditioner().encode()).body())
                .getString("reference");
    }

    private static void act(String reference, String action, JsonObject body) {
        int status = http.send(http.request("/api/v1/cases/" + reference + "/" + action)
                .header("Authorization", "Bearer " + TestGateway.DESK_TOKEN)
                .POST(HttpRequest.BodyPublishers.ofString(body == null ? "" : body.encode())).build()).statusCode();
        assertThat(status).isEqualTo(200);
    }

    /** Bounded wait for real I/O (relay, outbox and HTTP run on their own timers). */
    private static void waitUntil(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting until " + what);
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    @Test
    void anEventIsRetriedAfterAFailureAndATimeoutAndArrivesSignedWithOneIdempotencyKey() {
        receiver.script.add("fail");
        receiver.script.add("hang");
        String reference = newCase();

        waitUntil("the event is accepted", () -> !receiver.accepted(reference).isEmpty());

        List<Receiver.Delivery> attempts = receiver.all(reference);
        assertThat(attempts).hasSizeGreaterThanOrEqualTo(3);
        assertThat(attempts).allSatisfy(a -> assertThat(a.signatureValid()).isTrue());
        assertThat(attempts).extracting(Receiver.Delivery::idempotencyKey).containsOnly(attempts.get(0).idempotencyKey());
        Receiver.Delivery accepted = receiver.accepted(reference).get(0);
        assertThat(accepted.event().getString("kind")).isEqualTo("received");
        assertThat(accepted.event().getString("id")).isEqualTo(accepted.eventIdHeader());
        JsonObject delivery = http.deskJson("/api/v1/cases/" + reference).getJsonArray("deliveries").stream()
                .map(JsonObject.class::cast).filter(d -> "desk-event".equals(d.getString("kind")))
                .findFirst().orElseThrow();
        waitUntil("the delivery is recorded", () -> "sent".equals(http.deskJson("/api/v1/cases/" + reference)
                .getJsonArray("deliveries").stream().map(JsonObject.class::cast)
                .filter(d -> "desk-event".equals(d.getString("kind"))).findFirst().orElseThrow().getString("status")));
        assertThat(delivery.getString("channel")).isEqualTo("webhook:crm");
    }

    @Test
    void eventsOfOneCaseArriveInOrderEvenWhenTheFirstDeliveryFails() {
        receiver.script.add("fail");
        String reference = newCase();
        act(reference, "acknowledge", null);
        act(reference, "assign", new JsonObject().put("assignee", "wangfang"));

        waitUntil("three events are accepted", () -> receiver.accepted(reference).size() == 3);

        assertThat(receiver.accepted(reference)).extracting(d -> d.event().getString("kind"))
                .containsExactly("received", "acknowledge", "assign");
    }

    @Test
    void anEventTheDeskRefusesWithA4xxIsDeadAfterOneAttemptAndVisible() {
        receiver.script.add("reject");
        String reference = newCase();

        waitUntil("the delivery is dead", () -> http.deskJson("/api/v1/cases/" + reference)
                .getJsonArray("deliveries").stream().map(JsonObject.class::cast)
                .anyMatch(d -> "desk-event".equals(d.getString("kind")) && "dead".equals(d.getString("status"))));

        JsonObject dead = http.deskJson("/api/v1/cases/" + reference).getJsonArray("deliveries").stream()
                .map(JsonObject.class::cast).filter(d -> "desk-event".equals(d.getString("kind")))
                .findFirst().orElseThrow();
        assertThat(dead.getInteger("attempts")).isEqualTo(1);
        assertThat(dead.getString("lastError")).contains("422");
    }

    @Test
    void eventsOutsideTheDesksFilterAreNotSent() {
        String reference = newCase();
        act(reference, "start", null);
        act(reference, "assign", new JsonObject().put("assignee", "wangfang"));

        waitUntil("the assignment arrives", () -> receiver.accepted(reference).size() == 2);

        assertThat(receiver.all(reference)).extracting(d -> d.event().getString("kind")).doesNotContain("start");
    }

    /** A desk's endpoint on loopback: verifies signatures like a real receiver, misbehaves when told to. */
    static final class Receiver {

        record Delivery(JsonObject event, String idempotencyKey, String eventIdHeader, boolean signatureValid,
                        int answered) {
        }

        final ConcurrentLinkedDeque<String> script = new ConcurrentLinkedDeque<>();
        private final List<Delivery> deliveries = new CopyOnWriteArrayList<>();
        private final HttpServer server;

        Receiver() throws IOException {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
            server.createContext("/events", this::handle);
            server.start();
        }

        int port() {
            return server.getAddress().getPort();
        }

        void stop() {
            server.stop(0);
        }

        List<Delivery> all(String reference) {
            return deliveries.stream().filter(d -> reference.equals(d.event().getString("reference"))).toList();
        }

        List<Delivery> accepted(String reference) {
            return all(reference).stream().filter(d -> d.answered() == 204).toList();
        }

        private void handle(HttpExchange exchange) throws IOException {
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            String timestamp = exchange.getRequestHeaders().getFirst("X-Shouli-Timestamp");
            String signature = exchange.getRequestHeaders().getFirst("X-Shouli-Signature");
            boolean valid = timestamp != null && signature != null && MessageDigest.isEqual(
                    expected(timestamp, body).getBytes(StandardCharsets.US_ASCII),
                    signature.getBytes(StandardCharsets.US_ASCII));
            String next = valid ? script.poll() : "refuse";
            int status = next == null ? 204 : switch (next) {
                case "fail" -> 503;
                case "refuse" -> 401;
                case "reject" -> 422;
                default -> 0;
            };
            deliveries.add(new Delivery(new JsonObject(new String(body, StandardCharsets.UTF_8)),
                    exchange.getRequestHeaders().getFirst("Idempotency-Key"),
                    exchange.getRequestHeaders().getFirst("X-Shouli-Event-Id"), valid, status));
            if (status == 0) {
                // Longer than the gateway's webhook timeout: the sender gives up and retries.
                try {
                    Thread.sleep(3000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                status = 204;
                exchange.sendResponseHeaders(status, -1);
                exchange.close();
                return;
            }
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        }

        /** The documented scheme, computed independently of the gateway's code. */
        private static String expected(String timestamp, byte[] body) {
            try {
                Mac mac = Mac.getInstance("HmacSHA256");
                mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
                byte[] prefix = (timestamp + ".").getBytes(StandardCharsets.US_ASCII);
                byte[] all = new byte[prefix.length + body.length];
                System.arraycopy(prefix, 0, all, 0, prefix.length);
                System.arraycopy(body, 0, all, prefix.length, body.length);
                return "v1=" + HexFormat.of().formatHex(mac.doFinal(all));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
