package dev.shouli.feature.dedup;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.util.List;
import java.util.Optional;

/** The incidents as the desk reads them, for the desk API and the console: newest first, and one with its cases. */
public final class Incidents {

    private final Pool pool;
    private final IncidentStore store = new IncidentStore();

    Incidents(Pool pool) {
        this.pool = pool;
    }

    /** A page of incidents, newest first, before {@code beforeId} when given. */
    public Future<List<JsonObject>> list(Long beforeId, int limit) {
        return store.incidents(pool, beforeId, limit);
    }

    /** One incident with its member cases, or empty. */
    public Future<Optional<JsonObject>> get(long id) {
        return store.incident(pool, id);
    }
}
