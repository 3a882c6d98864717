package dev.shouli.intake;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shouli.Gateway;
import dev.shouli.store.DatabaseEndpoint;
import dev.shouli.support.TestDatabase;
import dev.shouli.support.TestGateway;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Group commit against a real PostgreSQL: units arriving together share transactions, run in order, are
 * answered only once committed, and a unit that breaks its transaction fails alone.
 */
class GroupCommitTest {

    private static DatabaseEndpoint db;
    private static Gateway gateway;

    @BeforeAll
    static void start() {
        db = TestDatabase.freshDatabase();
        gateway = TestGateway.start(db);
        TestDatabase.execute(db, "CREATE TABLE group_commit_probe (k text PRIMARY KEY, tx bigint NOT NULL)");
    }

    @AfterAll
    static void stop() {
        TestGateway.stop(gateway);
    }

    /** Inserts {@code key}; answers the id of the transaction it ran in. */
    private static Function<SqlConnection, Future<Long>> insert(String key) {
        return conn -> conn.preparedQuery("INSERT INTO group_commit_probe VALUES ($1, txid_current()) RETURNING tx")
                .execute(Tuple.of(key)).map(rows -> rows.iterator().next().getLong("tx"));
    }

    private static <T> T await(Future<T> f) throws Exception {
        return f.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    @Test
    void unitsArrivingTogetherShareTransactionsAndAreAnsweredOnlyWhenCommitted() throws Exception {
        GroupCommit<Long> commits = new GroupCommit<>(gateway.pool(), 16, 2);
        List<Future<Long>> answers = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            String key = "together-" + i;
            answers.add(commits.submit(insert(key)).map(tx -> {
                // Answered: another connection must already see the row.
                assertThat(TestDatabase.queryLong(db,
                        "SELECT count(*) FROM group_commit_probe WHERE k = '" + key + "'")).isEqualTo(1);
                return tx;
            }));
        }
        Set<Long> transactions = new HashSet<>();
        for (Future<Long> answer : answers) {
            transactions.add(await(answer));
        }
        assertThat(TestDatabase.queryLong(db, "SELECT count(*) FROM group_commit_probe WHERE k LIKE 'together-%'"))
                .isEqualTo(60);
        // 60 units, at most 16 per transaction: at least 4 transactions, and far fewer than 60.
        assertThat(transactions).hasSizeBetween(4, 30);
    }

    @Test
    void aUnitThatBreaksTheSharedTransactionFailsAloneAndItsNeighboursCommit() throws Exception {
        TestDatabase.execute(db, "INSERT INTO group_commit_probe VALUES ('taken', 0)");
        GroupCommit<Long> commits = new GroupCommit<>(gateway.pool(), 32, 1);
        // One lane, and a slow first unit: the ten behind it queue up and go together, the bad one among them.
        Future<Long> first = commits.submit(conn -> conn.query("SELECT pg_sleep(0.3)").execute()
                .compose(v -> insert("neighbour-first").apply(conn)));
        List<Future<Long>> neighbours = new ArrayList<>();
        Future<Long> bad = null;
        for (int i = 0; i < 10; i++) {
            if (i == 5) {
                bad = commits.submit(insert("taken"));
            }
            neighbours.add(commits.submit(insert("neighbour-" + i)));
        }
        await(first);
        for (Future<Long> n : neighbours) {
            await(n);
        }
        Future<Long> broken = bad;
        assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> await(broken)))
                .isInstanceOf(ExecutionException.class)
                .rootCause().hasMessageContaining("group_commit_probe_pkey");
        assertThat(TestDatabase.queryLong(db, "SELECT count(*) FROM group_commit_probe WHERE k LIKE 'neighbour-%'"))
                .isEqualTo(11);
        assertThat(TestDatabase.queryLong(db, "SELECT tx FROM group_commit_probe WHERE k = 'taken'")).isZero();
    }

    @Test
    void aLaterUnitInTheSameTransactionSeesWhatAnEarlierOneWrote() throws Exception {
        GroupCommit<Long> commits = new GroupCommit<>(gateway.pool(), 32, 1);
        Future<Long> blocker = commits.submit(conn -> conn.query("SELECT pg_sleep(0.2)").execute().map(1L));
        Future<Long> writer = commits.submit(insert("seen-by-next"));
        Future<Long> reader = commits.submit(conn -> conn
                .preparedQuery("SELECT count(*) AS n FROM group_commit_probe WHERE k = $1 AND tx = txid_current()")
                .execute(Tuple.of("seen-by-next")).map(rows -> rows.iterator().next().getLong("n")));
        await(blocker);
        await(writer);
        // Same transaction (tx = txid_current()), and already visible to the later unit.
        assertThat(await(reader)).isEqualTo(1);
    }

    @Test
    void neverRunsMoreTransactionsAtOnceThanItHasLanes() throws Exception {
        GroupCommit<Long> commits = new GroupCommit<>(gateway.pool(), 4, 2);
        AtomicInteger inside = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        List<Future<Long>> answers = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            answers.add(commits.submit(conn -> {
                most.accumulateAndGet(inside.incrementAndGet(), Math::max);
                return conn.query("SELECT pg_sleep(0.01)").execute().map(v -> {
                    inside.decrementAndGet();
                    return 0L;
                });
            }));
        }
        for (Future<Long> answer : answers) {
            await(answer);
        }
        // Units of one transaction run one after the other, so at most one per lane is inside at a time.
        assertThat(most.get()).isBetween(1, 2);
    }
}
