package dev.shouli.core.intake;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shouli.Gateway;
import dev.shouli.core.db.DatabaseEndpoint;
import dev.shouli.support.TestDatabase;
import dev.shouli.support.TestGateway;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
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

    /** The rest of a test unit, given what its first step answered. */
    private interface Then {
        Future<Long> apply(SqlConnection conn, Long first, PendingWrites writes);
    }

    /** A test unit: a first step run when its transaction opens, with the other units' first steps, then the rest. */
    private record Unit(Function<SqlConnection, Future<Long>> first, Then then) {
    }

    /** Group commit over test units, as intake uses it: first steps at the opening, the rest in order. */
    private static final class Commits {
        private final GroupCommit<Unit, Map<Unit, Long>, Long> commits;
        /** The number of units of each transaction as it started, as the intake metrics are told it. */
        final List<Integer> started = Collections.synchronizedList(new ArrayList<>());

        Commits(int maxBatch, int lanes) {
            commits = new GroupCommit<>(gateway.pool(), maxBatch, lanes, new GroupCommit.Work<>() {
                @Override
                public Future<Map<Unit, Long>> open(SqlConnection conn, List<Unit> units, PendingWrites writes) {
                    Map<Unit, Long> firsts = new IdentityHashMap<>();
                    List<Future<?>> sent = new ArrayList<>();
                    for (Unit u : units) {
                        sent.add(u.first().apply(conn).onSuccess(r -> firsts.put(u, r)));
                    }
                    return Future.all(sent).map(firsts);
                }

                @Override
                public Future<Long> run(SqlConnection conn, Unit unit, Map<Unit, Long> firsts, PendingWrites writes) {
                    return unit.then().apply(conn, firsts.get(unit), writes);
                }
            }, started::add);
        }

        Future<Long> submit(Function<SqlConnection, Future<Long>> work) {
            return commits.submit(new Unit(conn -> Future.succeededFuture(0L), (conn, first, writes) -> work.apply(conn)));
        }

        Future<Long> submit(Function<SqlConnection, Future<Long>> first, Then then) {
            return commits.submit(new Unit(first, then));
        }
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
        Commits commits = new Commits(16, 2);
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
        // Each transaction was reported once as it started, with its units.
        assertThat(commits.started).hasSize(transactions.size()).allSatisfy(n -> assertThat(n).isBetween(1, 16));
        assertThat(commits.started.stream().mapToInt(Integer::intValue).sum()).isEqualTo(60);
    }

    @Test
    void aUnitThatBreaksTheSharedTransactionFailsAloneAndItsNeighboursCommit() throws Exception {
        TestDatabase.execute(db, "INSERT INTO group_commit_probe VALUES ('taken', 0)");
        Commits commits = new Commits(32, 1);
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
        Commits commits = new Commits(32, 1);
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
    void theFirstStepsOfATransactionsUnitsGoOutTogetherBeforeTheirSecondStepsRunInOrder() throws Exception {
        TestDatabase.execute(db, "CREATE TABLE group_commit_steps (seq bigserial, step text)");
        Commits commits = new Commits(32, 1);
        Future<Long> blocker = commits.submit(conn -> conn.query("SELECT pg_sleep(0.2)").execute().map(0L));
        List<Future<Long>> units = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            String n = String.valueOf(i);
            units.add(commits.submit(
                    conn -> conn.preparedQuery("INSERT INTO group_commit_steps (step) VALUES ($1) RETURNING seq")
                            .execute(Tuple.of("first-" + n)).map(rows -> rows.iterator().next().getLong("seq")),
                    (conn, firstSeq, writes) -> conn.preparedQuery("INSERT INTO group_commit_steps (step) VALUES ($1)")
                            .execute(Tuple.of("then-" + n)).map(firstSeq)));
        }
        await(blocker);
        for (Future<Long> unit : units) {
            await(unit);
        }
        List<String> order = new ArrayList<>();
        gateway.pool().query("SELECT step FROM group_commit_steps ORDER BY seq").execute()
                .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS)
                .forEach(row -> order.add(row.getString("step")));
        assertThat(order).containsExactly("first-0", "first-1", "first-2", "first-3", "first-4",
                "then-0", "then-1", "then-2", "then-3", "then-4");
    }

    @Test
    void sharedTransactionsThatDeadlockStillAnswerEveryUnit() throws Exception {
        TestDatabase.execute(db, "CREATE TABLE group_commit_locks (k text PRIMARY KEY)");
        TestDatabase.execute(db, "INSERT INTO group_commit_locks VALUES ('a'), ('b')");
        // Two gateway instances' worth of group commit, each with one transaction of two units taking the same
        // two row locks in the opposite order: PostgreSQL kills one transaction, its units run again alone.
        Commits one = new Commits(32, 1);
        Commits other = new Commits(32, 1);
        List<Future<Long>> answers = new ArrayList<>();
        for (Commits commits : List.of(one, other)) {
            String first = commits == one ? "a" : "b";
            String second = commits == one ? "b" : "a";
            answers.add(commits.submit(conn -> conn.query("SELECT pg_sleep(0.2)").execute().map(0L)));
            answers.add(commits.submit(conn -> lock(conn, first)
                    .compose(v -> conn.query("SELECT pg_sleep(0.3)").execute()).map(1L)));
            answers.add(commits.submit(conn -> lock(conn, second).map(2L)));
        }
        for (Future<Long> answer : answers) {
            await(answer);
        }
    }

    private static Future<Void> lock(SqlConnection conn, String key) {
        return conn.preparedQuery("SELECT k FROM group_commit_locks WHERE k = $1 FOR UPDATE")
                .execute(Tuple.of(key)).mapEmpty();
    }

    @Test
    void aWriteNobodyWaitedForThatFailsFailsTheTransactionInsteadOfCommittingIt() throws Exception {
        TestDatabase.execute(db, "INSERT INTO group_commit_probe VALUES ('already-there', 0)");
        Commits commits = new Commits(32, 1);
        Future<Long> blocker = commits.submit(conn -> conn.query("SELECT pg_sleep(0.2)").execute().map(0L));
        // Answered at once, its two inserts left pending; the second violates the primary key.
        Future<Long> careless = commits.submit(conn -> Future.succeededFuture(0L), (conn, nothing, writes) -> {
            writes.add(insert("pending-ok").apply(conn));
            writes.add(insert("already-there").apply(conn));
            return Future.succeededFuture(7L);
        });
        Future<Long> neighbour = commits.submit(insert("pending-neighbour"));
        await(blocker);
        assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> await(careless)))
                .isInstanceOf(ExecutionException.class)
                .rootCause().hasMessageContaining("group_commit_probe_pkey");
        await(neighbour);
        assertThat(TestDatabase.queryLong(db, "SELECT count(*) FROM group_commit_probe WHERE k = 'pending-ok'"))
                .isZero();
        assertThat(TestDatabase.queryLong(db,
                "SELECT count(*) FROM group_commit_probe WHERE k = 'pending-neighbour'")).isEqualTo(1);
    }

    @Test
    void neverRunsMoreTransactionsAtOnceThanItHasLanes() throws Exception {
        Commits commits = new Commits(4, 2);
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
