package dev.shouli.core.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shouli.core.db.DatabaseEndpoint;
import dev.shouli.core.db.Migrations;
import dev.shouli.support.MutableClock;
import dev.shouli.support.TestDatabase;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** How the outbox worker spreads its work: batches, deliveries at once, a paced channel beside an unpaced one. */
class OutboxLanesTest {

    private static final Instant START = Instant.parse("2026-11-25T02:00:00Z");

    private DatabaseEndpoint db;
    private Vertx vertx;
    private Pool pool;
    private OutboxStore store;
    private final MutableClock clock = new MutableClock(START);

    @BeforeEach
    void setUp() throws Exception {
        db = TestDatabase.freshDatabase();
        Migrations.migrate(db);
        vertx = Vertx.vertx();
        pool = PgBuilder.pool().with(new PoolOptions().setMaxSize(4)).connectingTo(db.connectOptions())
                .using(vertx).build();
        store = new OutboxStore(pool);
    }

    @AfterEach
    void tearDown() throws Exception {
        await(vertx.close());
    }

    private static <T> T await(Future<T> future) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    }

    /** A handler on {@code channel}, delivering as {@code send} says, at most {@code rate} a second (0: any). */
    private static OutboxHandler handler(String channel, double rate, Function<OutboxItem, Future<String>> send) {
        return new OutboxHandler() {
            @Override
            public String kind() {
                return "receipt";
            }

            @Override
            public String channel() {
                return channel;
            }

            @Override
            public Future<String> deliver(OutboxItem item) {
                return send.apply(item);
            }

            @Override
            public double sendsPerSecond() {
                return rate;
            }
        };
    }

    private OutboxWorker worker(int batchSize, int concurrency, OutboxHandler... handlers) throws Exception {
        OutboxWorker worker = new OutboxWorker(store, List.of(handlers), new OutboxWorker.Settings(
                Duration.ofHours(1), batchSize, Duration.ofMinutes(2),
                new Backoff(Duration.ofSeconds(5), Duration.ofMinutes(15)), Duration.ofHours(48), concurrency), clock);
        await(vertx.deployVerticle(worker));
        return worker;
    }

    private void enqueue(String channel, int n) throws Exception {
        for (int i = 0; i < n; i++) {
            await(OutboxStore.enqueue(pool, null, "receipt", channel, new JsonObject(), channel + ":" + i,
                    clock.instant()));
        }
    }

    private long count(String channel, String status) {
        return TestDatabase.queryLong(db, "SELECT count(*) FROM outbox WHERE channel = '" + channel
                + "' AND status = '" + status + "'");
    }

    @Test
    void aRoundDeliversAWholeBatchAtOnceUpToTheConcurrency() throws Exception {
        enqueue("email", 40);
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        List<Promise<String>> held = Collections.synchronizedList(new ArrayList<>());
        OutboxWorker worker = worker(40, 16, handler("email", 0, item -> {
            most.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            Promise<String> p = Promise.promise();
            held.add(p);
            // Every delivery waits until sixteen are in flight at once, then all of them end.
            if (held.size() % 16 == 0) {
                List.copyOf(held).forEach(h -> {
                    inFlight.decrementAndGet();
                    h.tryComplete("250 OK");
                });
            }
            return p.future();
        }));

        int claimed = await(worker.poll());

        assertThat(claimed).as("one claim of at most the concurrency").isEqualTo(16);
        assertThat(most.get()).isEqualTo(16);
        assertThat(count("email", "sent")).isEqualTo(16);
    }

    @Test
    void aFullLaneClaimsItsNextBatchWithoutWaitingForThePollInterval() throws Exception {
        enqueue("email", 50);
        OutboxWorker worker = worker(10, 10, handler("email", 0, item -> Future.succeededFuture("250 OK")));

        await(worker.poll());

        long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (count("email", "sent") < 50 && System.nanoTime() < giveUp) {
            Thread.sleep(20);
        }
        assertThat(count("email", "sent")).as("all fifty within one poll interval (an hour here)").isEqualTo(50);
    }

    private void waitUntilSent(String channel, long n) throws InterruptedException {
        long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (count(channel, "sent") < n && System.nanoTime() < giveUp) {
            Thread.sleep(20);
        }
    }

    @Test
    void aPacedChannelSendsNoFasterThanItsRate() throws Exception {
        enqueue("sms", 12);
        List<Long> sentAt = Collections.synchronizedList(new ArrayList<>());
        OutboxWorker worker = worker(100, 32, handler("sms", 4, item -> {
            sentAt.add(System.nanoTime());
            return Future.succeededFuture("queued");
        }));

        long started = System.nanoTime();
        int first = await(worker.poll());
        waitUntilSent("sms", 12);

        assertThat(first).as("what four a second allows in the next two seconds").isEqualTo(8);
        assertThat(count("sms", "sent")).isEqualTo(12);
        assertThat(TimeUnit.NANOSECONDS.toMillis(sentAt.get(sentAt.size() - 1) - started))
                .as("the twelfth of twelve at four a second goes out after 2.75 s").isGreaterThanOrEqualTo(2_700);
    }

    @Test
    void twoWorkersShareAPacedChannelsRate() throws Exception {
        enqueue("sms", 8);
        List<Long> sentAt = Collections.synchronizedList(new ArrayList<>());
        Function<OutboxItem, Future<String>> send = item -> {
            sentAt.add(System.nanoTime());
            return Future.succeededFuture("queued");
        };
        OutboxWorker one = worker(2, 32, handler("sms", 4, send));
        OutboxWorker two = worker(2, 32, handler("sms", 4, send));

        long started = System.nanoTime();
        await(Future.all(one.poll(), two.poll()));
        waitUntilSent("sms", 8);

        assertThat(count("sms", "sent")).isEqualTo(8);
        assertThat(TimeUnit.NANOSECONDS.toMillis(sentAt.stream().mapToLong(Long::longValue).max().orElseThrow()
                - started)).as("eight at four a second across both instances take 1.75 s").isGreaterThanOrEqualTo(1_700);
    }

    @Test
    void aPacedChannelDoesNotHoldBackAnotherOne() throws Exception {
        enqueue("sms", 30);
        enqueue("email", 30);
        OutboxWorker worker = worker(100, 32, handler("sms", 1, item -> Future.succeededFuture("queued")),
                handler("email", 0, item -> Future.succeededFuture("250 OK")));

        await(worker.poll());

        assertThat(count("email", "sent")).as("all mail, within the first two SMS slots").isEqualTo(30);
        assertThat(count("sms", "sent")).as("about two seconds' worth at one a second").isBetween(2L, 3L);
    }
}
