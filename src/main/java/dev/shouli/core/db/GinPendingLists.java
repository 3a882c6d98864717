package dev.shouli.core.db;

import dev.shouli.core.jobs.PeriodicJob;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves the GIN indexes' pending lists into the indexes every second, off the answer path. A GIN index with
 * {@code fastupdate} (the default) takes new entries into a pending list; when the list outgrows its limit, the
 * inserting transaction merges it into the index before it can commit. For the console's trigram search index
 * (a hundred trigrams per case) that is a 4 MB merge of 100–200 ms every couple of seconds under load, inside one
 * intake transaction shared by up to 32 intakes, every one of which waits for it: a visible share of the answers past
 * p99 (BENCHMARKS.md, "A leaner intake write path"). Merged here, the lists stay small, no intake merges one, and a
 * search or dedup look-up, which reads the whole list, stays quick. One instance at a time cleans (a try-lock); the
 * work is the same, only no source waits for it.
 */
public final class GinPendingLists extends PeriodicJob {

    private static final Logger LOG = LoggerFactory.getLogger(GinPendingLists.class);
    private static final Duration INTERVAL = Duration.ofSeconds(1);

    private static final String CLEAN = """
            SELECT count(gin_clean_pending_list(i.indexrelid))
              FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_am a ON a.oid = c.relam
                   JOIN pg_namespace n ON n.oid = c.relnamespace
             WHERE a.amname = 'gin' AND n.nspname = current_schema()
               AND pg_try_advisory_xact_lock(hashtextextended('shouli:gin-pending-lists', 0))""";

    private final Pool pool;
    private boolean refused;

    public GinPendingLists(Pool pool) {
        super("GIN pending-list cleaning", INTERVAL);
        this.pool = pool;
    }

    @Override
    protected Future<?> round() {
        if (refused) {
            return Future.succeededFuture();
        }
        return pool.query(CLEAN).execute().recover(e -> {
            if (SqlErrors.isUnavailable(e)) {
                return Future.failedFuture(e);
            }
            // Not the indexes' owner, say: the inserting transactions keep merging, as PostgreSQL does by default.
            refused = true;
            LOG.info("not cleaning GIN pending lists in the background ({}); intakes merge them themselves", e.toString());
            return Future.succeededFuture();
        });
    }
}
