package dev.shouli.core.db;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Fixed-window counters in PostgreSQL: one upsert per hit, so every gateway instance counts into the same row
 * and several instances limit exactly as one would.
 */
public final class RateLimitStore {

    private static final String HIT = """
            INSERT INTO rate_limit_hit (bucket, window_start, hits, expires_at) VALUES ($1, $2, 1, $3)
            ON CONFLICT (bucket, window_start) DO UPDATE SET hits = rate_limit_hit.hits + 1
            RETURNING hits""";

    private static final String FORGET_EXPIRED = "DELETE FROM rate_limit_hit WHERE expires_at < $1";

    /** A hit counted: the hits in this window so far (this one included) and when the window ends. */
    public record Count(int hits, Instant windowEnd) {
    }

    private final Pool pool;

    public RateLimitStore(Pool pool) {
        this.pool = pool;
    }

    /** Counts one hit on {@code bucket} in the window of length {@code window} that contains {@code now}. */
    public Future<Count> hit(String bucket, Duration window, Instant now) {
        long length = window.toSeconds();
        Instant start = Instant.ofEpochSecond(now.getEpochSecond() / length * length);
        Instant end = start.plus(window);
        // About one hit in a hundred sweeps old windows away; the index keeps that cheap.
        Future<?> sweep = ThreadLocalRandom.current().nextInt(100) == 0
                ? pool.preparedQuery(FORGET_EXPIRED).execute(Tuple.of(SqlTime.utc(now)))
                : Future.succeededFuture();
        return sweep.compose(ignored -> pool.preparedQuery(HIT)
                .execute(Tuple.of(bucket, SqlTime.utc(start), SqlTime.utc(end)))
                .map(rows -> new Count(rows.iterator().next().getInteger("hits"), end)));
    }
}
