package dev.shouli.core.intake;

import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;

/**
 * Statements sent in an intake transaction whose answers the sender does not wait for, so that the next
 * intake's statements can go out in the same network write. PostgreSQL runs a connection's statements in
 * the order they were sent, so later statements still see their effects; the transaction commits only
 * after every one of them has succeeded (a failed statement that nobody waited for would otherwise turn
 * the COMMIT into a silent rollback).
 */
public final class PendingWrites {

    private final List<Future<?>> writes = new ArrayList<>();

    public synchronized void add(Future<?> write) {
        writes.add(write);
    }

    /** @return succeeds once every write added so far has succeeded, fails with the first failure */
    synchronized Future<Void> allDone() {
        return Future.all(List.copyOf(writes)).mapEmpty();
    }
}
