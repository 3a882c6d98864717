package dev.shouli.core.db;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;

/** Values every gateway instance must agree on, such as a generated key. */
public final class SettingStore {

    private final Pool pool;

    public SettingStore(Pool pool) {
        this.pool = pool;
    }

    /** Stores {@code candidate} unless a value exists already; returns the value that won. */
    public Future<String> getOrCreate(String name, String candidate) {
        return pool.preparedQuery("INSERT INTO gateway_setting (name, value) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING")
                .execute(Tuple.of(name, candidate))
                .compose(ignored -> pool.preparedQuery("SELECT value FROM gateway_setting WHERE name = $1")
                        .execute(Tuple.of(name)))
                .map(rows -> rows.iterator().next().getString("value"));
    }
}
