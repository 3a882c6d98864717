package dev.shouli.support;

import dev.shouli.Gateway;
import dev.shouli.core.db.DatabaseEndpoint;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Incidents are linked after intake, off the answer path (dedup.IncidentLinker): tests wait for the linker to
 * catch up before looking at incidents — also before asserting that no incident was made.
 */
public final class Incidents {

    private Incidents() {
    }

    /** Waits until every committed case has been through incident linking (at most 60 s). */
    public static void awaitLinked(DatabaseEndpoint db) {
        await(() -> TestDatabase.queryLong(db, "SELECT count(*) FROM incident_queue"));
    }

    /** The same through a gateway's own pool. */
    public static void awaitLinked(Gateway gateway) {
        await(() -> {
            try {
                return gateway.pool().query("SELECT count(*) AS n FROM incident_queue").execute()
                        .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS)
                        .iterator().next().getLong("n");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    private static void await(LongSupplier queued) {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (queued.getAsLong() > 0) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("incident linking did not catch up within 60 s");
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }
}
