package dev.shouli.core.db;

import dev.shouli.core.jobs.PeriodicJob;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Merges the GIN indexes' pending lists into the indexes off the answer path. A GIN index with {@code fastupdate}
 * (the default) takes new entries into a pending list; the inserting transaction that overfills the list merges it
 * into the index before it can commit. For the console's trigram search index (a hundred trigrams per case) that is a
 * 4 MB merge of 100–200 ms every couple of seconds under load, inside one intake transaction shared by up to 32
 * intakes, every one of which waits for it (BENCHMARKS.md, "A leaner intake write path").
 *
 * <p>Here a list is merged once its table took {@value #ROWS} rows since the last merge — a little before it would
 * overfill, so about the batch PostgreSQL would merge itself: merging much smaller lists more often costs more (each
 * merge rewrites the posting lists it touches; merged every second, the search index wrote twice its own WAL again).
 * An intake that still overfills a list while a merge runs skips its own merge rather than wait. One instance at a
 * time merges (a try-lock); with several, each counts for itself, so a list may be merged twice as often.
 */
public final class GinPendingLists extends PeriodicJob {

    private static final Logger LOG = LoggerFactory.getLogger(GinPendingLists.class);
    private static final Duration INTERVAL = Duration.ofSeconds(1);
    /** Rows of a table between two merges of its GIN indexes' lists: about 2.7 MB of the trigram index's 4 MB. */
    static final long ROWS = 1000;

    /** Every GIN index of the schema and how many rows its table has taken (the statistics' running count). */
    private static final String INDEXES = """
            SELECT c.oid::regclass::text AS index, s.n_tup_ins AS inserted
              FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_am a ON a.oid = c.relam
                   JOIN pg_stat_user_tables s ON s.relid = i.indrelid
             WHERE a.amname = 'gin' AND c.relnamespace = current_schema()::regnamespace""";

    private static final String MERGE = """
            SELECT gin_clean_pending_list($1::regclass)
             WHERE pg_try_advisory_xact_lock(hashtextextended('shouli:gin-pending-lists', 0))""";

    private final Pool pool;
    private final Map<String, Long> mergedAt = new HashMap<>();
    private boolean refused;

    public GinPendingLists(Pool pool) {
        super("GIN pending-list merging", INTERVAL);
        this.pool = pool;
    }

    @Override
    protected Future<?> round() {
        if (refused) {
            return Future.succeededFuture();
        }
        return pool.query(INDEXES).execute().compose(rows -> {
            List<Future<?>> merges = new ArrayList<>();
            for (Row r : rows) {
                String index = r.getString("index");
                long inserted = r.getLong("inserted");
                long last = mergedAt.getOrDefault(index, 0L);
                // Below the last count: the statistics were reset (a restart of PostgreSQL).
                if (inserted - last >= ROWS || inserted < last) {
                    merges.add(pool.preparedQuery(MERGE).execute(Tuple.of(index))
                            .onSuccess(done -> mergedAt.put(index, inserted)));
                }
            }
            return Future.all(merges);
        }).recover(e -> {
            if (SqlErrors.isUnavailable(e)) {
                return Future.failedFuture(e);
            }
            // Not the indexes' owner, say: intakes keep merging the lists themselves, as PostgreSQL does by default.
            refused = true;
            LOG.info("not merging GIN pending lists in the background ({}); intakes merge them themselves",
                    e.toString());
            return Future.succeededFuture();
        });
    }
}
