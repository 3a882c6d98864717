package dev.shouli.feature.routing;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.SqlClient;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The classifier versions this instance has loaded. Which version is active (or in shadow) is asked of the
 * database each time, so an activation on one instance holds on every other at once; a version's bytes are read
 * and unpacked once (off the event loop) and kept while it is one of the last few used.
 */
final class ModelVersions {

    private static final int KEPT = 3;

    private final Vertx vertx;
    private final ModelStore store;
    private final Map<Integer, Classification.Version> loaded = new LinkedHashMap<>(8, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Integer, Classification.Version> eldest) {
            return size() > KEPT;
        }
    };

    ModelVersions(Vertx vertx, ModelStore store) {
        this.vertx = vertx;
        this.store = store;
    }

    /** The active and the shadow version, each loaded, each absent when there is none. */
    record Live(Optional<Classification.Version> active, Optional<Classification.Version> shadow) {
    }

    Future<Live> live(SqlClient client) {
        return store.live(client).compose(live -> {
            Future<Optional<Classification.Version>> active = load(client, live.active());
            Future<Optional<Classification.Version>> shadow = load(client, live.shadow());
            return Future.all(active, shadow).map(v -> new Live(active.result(), shadow.result()));
        });
    }

    Future<Optional<Classification.Version>> active(SqlClient client) {
        return live(client).map(Live::active);
    }

    /** A version by number, loaded (also one that is neither active nor in shadow). */
    Future<Classification.Version> version(SqlClient client, int version) {
        Classification.Version cached = cached(version);
        if (cached != null) {
            return Future.succeededFuture(cached);
        }
        return store.bytes(client, version)
                .compose(bytes -> vertx.executeBlocking(() -> ClassifierModel.fromBytes(bytes), false))
                .map(model -> remember(new Classification.Version(version, model)));
    }

    private Future<Optional<Classification.Version>> load(SqlClient client, Optional<Integer> version) {
        return version.isEmpty() ? Future.succeededFuture(Optional.empty())
                : version(client, version.get()).map(Optional::of);
    }

    private synchronized Classification.Version cached(int version) {
        return loaded.get(version);
    }

    private synchronized Classification.Version remember(Classification.Version version) {
        loaded.putIfAbsent(version.number(), version);
        return loaded.get(version.number());
    }
}
