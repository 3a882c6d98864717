package dev.shouli.feature.console;

import dev.shouli.core.db.SqlTime;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Each desk user's saved filters of the case list: a name and the list's query string. */
final class SavedFilterStore {

    /** A saved filter: open {@code /desk/cases?query}. */
    record SavedFilter(long id, String name, String query) {
    }

    private final Pool pool;

    SavedFilterStore(Pool pool) {
        this.pool = pool;
    }

    Future<List<SavedFilter>> of(String username) {
        return pool.preparedQuery("SELECT id, name, query FROM desk_saved_filter WHERE username = $1 ORDER BY name")
                .execute(Tuple.of(username)).map(rows -> {
                    List<SavedFilter> out = new ArrayList<>();
                    rows.forEach(r -> out.add(new SavedFilter(r.getLong("id"), r.getString("name"), r.getString("query"))));
                    return out;
                });
    }

    /** Saves under a name, replacing the user's filter of that name. */
    Future<Void> save(String username, String name, String query, Instant now) {
        return pool.preparedQuery("""
                        INSERT INTO desk_saved_filter (username, name, query, created_at) VALUES ($1, $2, $3, $4)
                        ON CONFLICT (username, name) DO UPDATE SET query = EXCLUDED.query""")
                .execute(Tuple.of(username, name, query, SqlTime.utc(now))).mapEmpty();
    }

    Future<Void> delete(String username, long id) {
        return pool.preparedQuery("DELETE FROM desk_saved_filter WHERE username = $1 AND id = $2")
                .execute(Tuple.of(username, id)).mapEmpty();
    }
}
