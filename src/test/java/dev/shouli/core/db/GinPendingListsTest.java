package dev.shouli.core.db;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shouli.support.TestDatabase;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A GIN index's pending list is merged in the background once its table took enough rows, and not before. */
class GinPendingListsTest {

    private DatabaseEndpoint db;
    private Vertx vertx;
    private Pool pool;

    @BeforeEach
    void setUp() throws Exception {
        db = TestDatabase.freshDatabase();
        Migrations.migrate(db);
        TestDatabase.execute(db, "CREATE EXTENSION IF NOT EXISTS pgstattuple");
        // Autovacuum merges pending lists too, after enough inserts: it once emptied the list this test expects
        // the job to leave alone. The job is what is tested here.
        TestDatabase.execute(db, "ALTER TABLE complaint_case SET (autovacuum_enabled = false)");
        vertx = Vertx.vertx();
        pool = PgBuilder.pool().with(new PoolOptions().setMaxSize(2)).connectingTo(db.connectOptions())
                .using(vertx).build();
    }

    @AfterEach
    void tearDown() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    /** Cases with text for the console's trigram index, counted in the statistics at once. */
    private void insertCases(int n, int first) throws Exception {
        try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
             Statement s = c.createStatement()) {
            s.execute("INSERT INTO complaint_case (reference, kind, channel, received_at, urgency, subject, description,"
                    + " complainant, respondent, demand) SELECT 'TS-' || g, 'complaint', 'api', now(), 'normal',"
                    + " '预付卡门店关门', '在乐享健身办了年卡，门店突然关门，要求退还剩余费用 ' || g, '{}', '{}', '{}'"
                    + " FROM generate_series(" + first + ", " + (first + n - 1) + ") g");
            s.execute("SELECT pg_stat_force_next_flush()");
        }
    }

    private long pending() {
        return TestDatabase.queryLong(db, "SELECT pending_tuples FROM pgstatginindex('complaint_case_search_idx')");
    }

    private void round(GinPendingLists job) throws Exception {
        job.runRound().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    @Test
    void aListIsMergedOnceItsTableTookEnoughRows() throws Exception {
        GinPendingLists job = new GinPendingLists(pool);
        insertCases((int) GinPendingLists.ROWS + 50, 1);
        assertThat(pending()).isPositive();

        round(job);

        assertThat(pending()).isZero();
    }

    @Test
    void aShortListIsLeftForLater() throws Exception {
        GinPendingLists job = new GinPendingLists(pool);
        insertCases((int) GinPendingLists.ROWS + 50, 1);
        round(job);
        insertCases(100, 100_000);

        round(job);

        assertThat(pending()).as("a hundred rows are too few to merge").isPositive();
    }
}
