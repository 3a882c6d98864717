package dev.shouli.feature.bulk;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import dev.shouli.Gateway;
import dev.shouli.core.db.DatabaseEndpoint;
import dev.shouli.support.HeldCases;
import dev.shouli.support.Http;
import dev.shouli.support.Incidents;
import dev.shouli.support.TestDatabase;
import dev.shouli.support.TestGateway;
import io.vertx.core.json.JsonObject;
import java.net.ServerSocket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A batch whose gateway stopped half-way is finished by the next gateway on the same database: every case acted on
 * once, every complainant told once.
 */
class BatchResumeTest {

    private static GreenMail smtp;
    private static DatabaseEndpoint db;
    private static Map<String, String> env;

    @BeforeAll
    static void start() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        smtp = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        smtp.start();
        db = TestDatabase.freshDatabase();
        // One lane: the items are worked one after the other, in reference order.
        env = Map.of("SHOULI_DEDUP_ENABLED", "true", "SHOULI_MAILER_HOST", "127.0.0.1",
                "SHOULI_MAILER_PORT", String.valueOf(port), "SHOULI_MAILER_START_TLS", "DISABLED",
                "SHOULI_OUTBOX_POLL_INTERVAL", "100ms", "SHOULI_BULK_POLL_INTERVAL", "50ms", "SHOULI_BULK_LANES", "1");
    }

    @AfterAll
    static void stop() {
        smtp.stop();
    }

    private static long mailsTo(String address) {
        return Arrays.stream(smtp.getReceivedMessages()).filter(m -> {
            try {
                return m.getSubject().contains("最新进展")
                        && Arrays.stream(m.getAllRecipients()).anyMatch(a -> a.toString().equalsIgnoreCase(address));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }).count();
    }

    private static JsonObject awaitBatch(Http http, long batch, Predicate<JsonObject> until) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        JsonObject shown = http.deskJson("/api/v1/batches/" + batch);
        while (!until.test(shown) && System.nanoTime() < deadline) {
            Thread.sleep(50);
            shown = http.deskJson("/api/v1/batches/" + batch);
        }
        return shown;
    }

    private static void awaitMails(List<String> addresses) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline && addresses.stream().anyMatch(a -> mailsTo(a) == 0)) {
            Thread.sleep(100);
        }
    }

    private static long acknowledgements(String reference) {
        return TestDatabase.queryLong(db, "SELECT count(*) FROM case_event e JOIN complaint_case c ON c.id = e.case_id"
                + " WHERE c.reference = '" + reference + "' AND e.kind = 'acknowledge'");
    }

    @Test
    void aBatchCutOffByAStoppedGatewayIsFinishedByTheNextOneEachCaseOnceEachComplainantToldOnce() throws Exception {
        Gateway first = TestGateway.start(db, env, Clock.systemUTC());
        Http http = new Http(first.port());
        Incidents.Made incident = Incidents.make(first, http, "大润发超市", 6);
        List<String> inOrder = incident.references().stream().sorted().toList();
        String held = inOrder.get(3);
        long batch;
        // Another transaction holds the fourth case (a desk user's action on it), so the lane stops there, with the
        // first three done and committed, when the gateway goes away.
        try (HeldCases desk = HeldCases.hold(db, List.of(held))) {
            HttpResponse<String> started = http.send(http.request("/api/v1/incidents/" + incident.id()
                            + "/acknowledge?wait=0").header("Authorization", "Bearer " + TestGateway.DESK_TOKEN)
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
                            new JsonObject().put("publicNote", "已收到多位市民反映，正在统一核查。").encode())).build());
            assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
            batch = new JsonObject(started.body()).getLong("batch");
            assertThat(awaitBatch(http, batch, b -> b.getInteger("done") >= 3).getInteger("done")).isEqualTo(3);
            List<String> toldFirst = inOrder.subList(0, 3).stream()
                    .map(r -> incident.emails().get(incident.references().indexOf(r))).toList();
            awaitMails(toldFirst);

            // The stop waits for the lane's statement, which waits for the lock: let go of it once the stop began.
            CompletableFuture<Void> stopping = CompletableFuture.runAsync(() -> TestGateway.stop(first));
            Thread.sleep(500);
            desk.release();
            stopping.get(60, TimeUnit.SECONDS);
        }
        assertThat(TestDatabase.queryLong(db, "SELECT count(*) FROM case_batch_item WHERE batch_id = " + batch
                + " AND state = 'pending'")).as("items left when the gateway stopped").isGreaterThan(0);

        Gateway second = TestGateway.start(db, env, Clock.systemUTC());
        try {
            JsonObject finished = awaitBatch(new Http(second.port()), batch, b -> b.getBoolean("finished"));

            assertThat(finished.getInteger("total")).isEqualTo(6);
            assertThat(finished.getInteger("done")).as(finished.encode()).isEqualTo(6);
            for (String reference : incident.references()) {
                assertThat(acknowledgements(reference)).as(reference).isEqualTo(1);
            }
            awaitMails(incident.emails());
            Thread.sleep(500);
            for (String email : incident.emails()) {
                assertThat(mailsTo(email)).as(email).isEqualTo(1);
            }
        } finally {
            TestGateway.stop(second);
        }
    }
}
