package dev.shouli.core.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shouli.core.db.DatabaseEndpoint;
import dev.shouli.core.db.Migrations;
import dev.shouli.support.MutableClock;
import dev.shouli.support.TestDatabase;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** An item recorded as sent before its receiver can have it, and attempts that no longer own their item. */
class OutboxHandOverTest {

    private static final Instant START = Instant.parse("2026-11-25T02:00:00Z");
    private static final Duration LEASE = Duration.ofMinutes(2);

    private DatabaseEndpoint db;
    private Vertx vertx;
    private Pool pool;
    private OutboxStore store;
    private final MutableClock clock = new MutableClock(START);
    private final AtomicInteger deliveries = new AtomicInteger();

    @BeforeEach
    void setUp() throws Exception {
        db = TestDatabase.freshDatabase();
        Migrations.migrate(db);
        vertx = Vertx.vertx();
        pool = PgBuilder.pool().with(new PoolOptions().setMaxSize(4)).connectingTo(db.connectOptions())
                .using(vertx).build();
        store = new OutboxStore(pool);
        await(OutboxStore.enqueue(pool, null, "receipt", "email", new JsonObject(), "receipt:1", clock.instant()));
    }

    @AfterEach
    void tearDown() throws Exception {
        await(vertx.close());
    }

    private static <T> T await(Future<T> future) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    private OutboxWorker worker(BiFunction<OutboxItem, HandOver, Future<String>> send) throws Exception {
        OutboxHandler handler = new OutboxHandler() {
            @Override
            public String kind() {
                return "receipt";
            }

            @Override
            public String channel() {
                return "email";
            }

            @Override
            public Future<String> deliver(OutboxItem item) {
                return deliver(item, HandOver.NONE);
            }

            @Override
            public Future<String> deliver(OutboxItem item, HandOver handOver) {
                deliveries.incrementAndGet();
                return send.apply(item, handOver);
            }
        };
        OutboxWorker worker = new OutboxWorker(store, List.of(handler), new OutboxWorker.Settings(Duration.ofHours(1),
                10, LEASE, new Backoff(Duration.ofSeconds(5), Duration.ofMinutes(15)), Duration.ofHours(48), 8), clock);
        await(vertx.deployVerticle(worker));
        return worker;
    }

    private String column(String column) {
        return TestDatabase.queryString(db, "SELECT " + column + " FROM outbox WHERE idempotency_key = 'receipt:1'");
    }

    @Test
    void anItemHandedOverByAnInstanceThatThenDiedIsNeverSentAgain() throws Exception {
        // The dying instance: claims, records the hand-over, and is gone before the receiver's answer is recorded.
        OutboxItem item = await(store.claimDue("email", List.of("receipt"), 10, clock.instant(), LEASE)).get(0);
        await(store.handOver(OutboxStore.Attempt.of(item), clock.instant()));
        OutboxWorker survivor = worker((i, h) -> Future.succeededFuture("250 OK"));

        clock.advance(LEASE.multipliedBy(3));
        assertThat(await(survivor.poll())).isZero();

        assertThat(deliveries.get()).isZero();
        assertThat(column("status")).isEqualTo("sent");
        assertThat(column("result")).startsWith("handed over");
    }

    @Test
    void anItemWhoseInstanceDiedBeforeTheHandOverIsSentByAnother() throws Exception {
        await(store.claimDue("email", List.of("receipt"), 10, clock.instant(), LEASE));
        OutboxWorker survivor = worker((i, h) -> h.record().map("250 OK"));

        clock.advance(LEASE.plusSeconds(1));
        await(survivor.poll());

        assertThat(deliveries.get()).isEqualTo(1);
        assertThat(column("status")).isEqualTo("sent");
        assertThat(column("result")).isEqualTo("250 OK");
    }

    @Test
    void anAttemptWhoseLeaseRanOutCannotHandTheItemOver() throws Exception {
        OutboxItem stalled = await(store.claimDue("email", List.of("receipt"), 10, clock.instant(), LEASE)).get(0);
        clock.advance(LEASE.plusSeconds(1));
        OutboxItem taken = await(store.claimDue("email", List.of("receipt"), 10, clock.instant(), LEASE)).get(0);

        Future<Void> late = store.handOver(OutboxStore.Attempt.of(stalled), clock.instant());
        Future<Void> owner = store.handOver(OutboxStore.Attempt.of(taken), clock.instant());

        boolean refused = await(late.transform(ar -> Future.succeededFuture(ar.failed())));
        assertThat(refused).as("the stalled attempt is refused").isTrue();
        await(owner);
        assertThat(TestDatabase.queryLong(db, "SELECT attempts FROM outbox WHERE idempotency_key = 'receipt:1'"))
                .isEqualTo(taken.attempts());
    }

    @Test
    void anAttemptWhoseLeaseRanOutCannotOverwriteTheResultOfTheNext() throws Exception {
        OutboxItem stalled = await(store.claimDue("email", List.of("receipt"), 10, clock.instant(), LEASE)).get(0);
        clock.advance(LEASE.plusSeconds(1));
        OutboxItem taken = await(store.claimDue("email", List.of("receipt"), 10, clock.instant(), LEASE)).get(0);
        await(store.markSent(OutboxStore.Attempt.of(taken), "250 OK", clock.instant()));

        await(store.markFailed(OutboxStore.Attempt.of(stalled), "timeout", clock.instant(), clock.instant()));

        assertThat(column("status")).isEqualTo("sent");
        assertThat(column("result")).isEqualTo("250 OK");
    }

    @Test
    void aHandOverWithoutTheReceiversAnswerStaysSentAsUnconfirmed() throws Exception {
        OutboxWorker worker = worker((i, h) -> h.record()
                .compose(v -> Future.failedFuture(new OutboxHandler.Unconfirmed("connection lost after the data"))));

        await(worker.poll());
        clock.advance(Duration.ofHours(1));
        await(worker.poll());

        assertThat(deliveries.get()).isEqualTo(1);
        assertThat(column("status")).isEqualTo("sent");
        assertThat(column("result")).isEqualTo("unconfirmed: connection lost after the data");
    }

    @Test
    void aRefusalAfterTheHandOverPutsTheItemBackForAnotherAttempt() throws Exception {
        OutboxWorker worker = worker((i, h) -> h.record()
                .compose(v -> Future.failedFuture(new IllegalStateException("451 try again later"))));

        await(worker.poll());

        assertThat(column("status")).isEqualTo("failed");
        assertThat(column("delivered_at")).isNull();
    }
}
