package dev.shouli.core.db;

import io.vertx.core.Future;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;

/** Readiness of the store: the database answers and the schema is at the version this build expects. */
public final class SchemaCheck {

    private static final String UNDEFINED_TABLE = "42P01";

    private final Pool pool;
    private final String expectedVersion;

    public SchemaCheck(Pool pool, String expectedVersion) {
        this.pool = pool;
        this.expectedVersion = expectedVersion;
    }

    /** Succeeds with a short description when ready; fails with the reason when not. */
    public Future<String> check() {
        return pool.preparedQuery("SELECT 1 FROM flyway_schema_history WHERE version = $1 AND success")
                .execute(Tuple.of(expectedVersion))
                .recover(e -> Future.failedFuture(e instanceof PgException pg
                        && UNDEFINED_TABLE.equals(pg.getSqlState())
                        ? new IllegalStateException("database reachable but not migrated") : e))
                .map(rows -> {
                    if (rows.size() == 0) {
                        throw new IllegalStateException("schema version " + expectedVersion + " not applied yet");
                    }
                    return "schema version " + expectedVersion;
                });
    }
}
