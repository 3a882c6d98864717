package dev.shouli.core.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shouli.core.db.DatabaseEndpoint;
import dev.shouli.core.db.Migrations;
import dev.shouli.support.MutableClock;
import dev.shouli.support.TestDatabase;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Outbox delivery against a real HTTP receiver on loopback that fails, times out and recovers. */
class OutboxWorkerTest {

    private static final Instant START = Instant.parse("2026-11-25T02:00:00Z");

    private DatabaseEndpoint db;
    private Vertx vertx;
    private Pool pool;
    private OutboxStore store;
    private HttpServer receiver;
    private final Queue<String> script = new ConcurrentLinkedQueue<>();
    private final List<String> receivedKeys = Collections.synchronizedList(new ArrayList<>());
    private final MutableClock clock = new MutableClock(START);

    @BeforeEach
    void setUp() throws Exception {
        db = TestDatabase.freshDatabase();
        Migrations.migrate(db);
        vertx = Vertx.vertx();
        pool = PgBuilder.pool().with(new PoolOptions().setMaxSize(4)).connectingTo(db.connectOptions())
                .using(vertx).build();
        store = new OutboxStore(pool);
        receiver = await(vertx.createHttpServer().requestHandler(request -> {
            receivedKeys.add(request.getHeader("Idempotency-Key"));
            String next = script.poll();
            switch (next == null ? "ok" : next) {
                case "hang" -> { } // never answers: the sender's timeout must fire
                case "fail" -> request.response().setStatusCode(500).end();
                case "refuse" -> request.response().setStatusCode(422).end();
                default -> request.response().setStatusCode(200).end("delivered");
            }
        }).listen(0, "127.0.0.1"));
    }

    @AfterEach
    void tearDown() throws Exception {
        await(vertx.close());
    }

    private static <T> T await(Future<T> future) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    /** A webhook handler as the real ones will be: idempotency key sent, 4xx permanent, timeouts retried. */
    private OutboxHandler webhook() {
        WebClient client = WebClient.create(vertx, new WebClientOptions());
        return new OutboxHandler() {
            @Override
            public String kind() {
                return "test";
            }

            @Override
            public String channel() {
                return "webhook";
            }

            @Override
            public Future<String> deliver(OutboxItem item) {
                return client.post(receiver.actualPort(), "127.0.0.1", "/hook")
                        .timeout(300)
                        .putHeader("Idempotency-Key", item.idempotencyKey())
                        .sendJsonObject(item.payload())
                        .map(response -> {
                            if (response.statusCode() >= 400 && response.statusCode() < 500) {
                                throw new PermanentFailure("receiver refused with " + response.statusCode());
                            }
                            if (response.statusCode() >= 300) {
                                throw new IllegalStateException("receiver answered " + response.statusCode());
                            }
                            return "HTTP " + response.statusCode();
                        });
            }
        };
    }

    private OutboxWorker worker() throws Exception {
        OutboxWorker worker = new OutboxWorker(store, List.of(webhook()), new OutboxWorker.Settings(
                Duration.ofHours(1), 10, Duration.ofMinutes(2),
                new Backoff(Duration.ofSeconds(5), Duration.ofMinutes(15)), Duration.ofHours(48)), clock);
        await(vertx.deployVerticle(worker));
        return worker;
    }

    private void enqueue(String key) throws Exception {
        await(OutboxStore.enqueue(pool, null, "test", "webhook", new JsonObject().put("n", key), key, clock.instant()));
    }

    private String status(String key) {
        return switch ((int) TestDatabase.queryLong(db, "SELECT CASE status WHEN 'pending' THEN 0 WHEN 'sending' THEN 1 "
                + "WHEN 'sent' THEN 2 WHEN 'failed' THEN 3 ELSE 4 END FROM outbox WHERE idempotency_key = '" + key + "'")) {
            case 0 -> "pending";
            case 1 -> "sending";
            case 2 -> "sent";
            case 3 -> "failed";
            default -> "dead";
        };
    }

    @Test
    void retriesAfterAFailureAndATimeoutThenDeliversWithTheSameIdempotencyKey() throws Exception {
        OutboxWorker worker = worker();
        script.addAll(List.of("fail", "hang", "ok"));
        enqueue("receipt:1");

        await(worker.poll());
        assertThat(status("receipt:1")).isEqualTo("failed");
        assertThat(await(worker.poll())).as("not due again before the backoff").isZero();

        clock.advance(Duration.ofSeconds(10));
        await(worker.poll());
        assertThat(status("receipt:1")).isEqualTo("failed");

        clock.advance(Duration.ofSeconds(30));
        await(worker.poll());
        assertThat(status("receipt:1")).isEqualTo("sent");
        assertThat(receivedKeys).containsExactly("receipt:1", "receipt:1", "receipt:1");
        assertThat(TestDatabase.queryLong(db, "SELECT attempts FROM outbox WHERE idempotency_key = 'receipt:1'"))
                .isEqualTo(3);
    }

    @Test
    void aRefusalByTheReceiverIsDeadAtOnce() throws Exception {
        OutboxWorker worker = worker();
        script.add("refuse");
        enqueue("receipt:2");

        await(worker.poll());

        assertThat(status("receipt:2")).isEqualTo("dead");
    }

    @Test
    void anItemFailingPastItsMaximumAgeIsDeadAndCanBeRetriedByAnOperator() throws Exception {
        OutboxWorker worker = worker();
        enqueue("receipt:3");
        clock.advance(Duration.ofHours(49));
        script.add("fail");

        await(worker.poll());
        assertThat(status("receipt:3")).isEqualTo("dead");

        long id = TestDatabase.queryLong(db, "SELECT id FROM outbox WHERE idempotency_key = 'receipt:3'");
        assertThat(await(store.retry(id, clock.instant()))).isTrue();
        await(worker.poll());
        assertThat(status("receipt:3")).isEqualTo("sent");
    }

    @Test
    void anItemWhoseInstanceDiedMidSendIsTakenOverAfterTheLease() throws Exception {
        enqueue("receipt:4");
        // An instance claims the item and dies before recording anything.
        assertThat(await(store.claimDue("webhook", List.of("test"), 10, clock.instant(), Duration.ofMinutes(2))))
                .hasSize(1);
        OutboxWorker worker = worker();

        assertThat(await(worker.poll())).as("still leased to the dead instance").isZero();
        clock.advance(Duration.ofMinutes(3));
        await(worker.poll());

        assertThat(status("receipt:4")).isEqualTo("sent");
    }

    @Test
    void itemsWithoutAHandlerHereStayQueued() throws Exception {
        await(OutboxStore.enqueue(pool, null, "receipt", "carrier-pigeon", new JsonObject(), "receipt:5",
                clock.instant()));
        OutboxWorker worker = worker();

        await(worker.poll());

        assertThat(status("receipt:5")).isEqualTo("pending");
    }

    @Test
    void twoInstancesClaimingAtOnceNeverTakeTheSameItem() throws Exception {
        for (int i = 0; i < 60; i++) {
            enqueue("bulk:" + i);
        }
        Pool otherPool = PgBuilder.pool().with(new PoolOptions().setMaxSize(4)).connectingTo(db.connectOptions())
                .using(vertx).build();
        OutboxStore other = new OutboxStore(otherPool);
        List<Future<List<OutboxItem>>> claims = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            OutboxStore s = i % 2 == 0 ? store : other;
            claims.add(s.claimDue("webhook", List.of("test"), 15, clock.instant(), Duration.ofMinutes(2)));
        }
        await(Future.all(claims));

        Set<Long> seen = new HashSet<>();
        int total = 0;
        for (Future<List<OutboxItem>> claim : claims) {
            for (OutboxItem item : claim.result()) {
                seen.add(item.id());
                total++;
            }
        }
        assertThat(total).isEqualTo(seen.size()).isEqualTo(60);
    }
}
