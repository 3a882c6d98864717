package dev.shouli.core.db;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Group commit for small writes made by many deliveries at once (the outbox's results, the e-mail channel's checks):
 * what is asked while a write is on its way goes out together in the next one, as one statement for all. With
 * nothing in flight a request goes out at once and alone, so nothing waits for a batch to fill; under load, a hundred
 * deliveries settled at once cost one pooled connection, one round trip and one commit, not a hundred. Safe to call
 * from any thread.
 *
 * @param <E> one request
 * @param <R> what one write answers (each request is answered with the answer of the write it went out in)
 */
public final class Batched<E, R> {

    private final Function<List<E>, Future<R>> write;
    private List<E> queued = new ArrayList<>();
    private List<Promise<R>> waiting = new ArrayList<>();
    private boolean writing;

    /** @param write one statement for all the requests given; never called with none */
    public Batched(Function<List<E>, Future<R>> write) {
        this.write = write;
    }

    public Future<R> add(E request) {
        Promise<R> answer = Promise.promise();
        boolean start;
        synchronized (this) {
            queued.add(request);
            waiting.add(answer);
            start = !writing;
            writing = true;
        }
        if (start) {
            next();
        }
        return answer.future();
    }

    private void next() {
        List<E> batch;
        List<Promise<R>> answers;
        synchronized (this) {
            if (queued.isEmpty()) {
                writing = false;
                return;
            }
            batch = queued;
            answers = waiting;
            queued = new ArrayList<>();
            waiting = new ArrayList<>();
        }
        Future<R> written;
        try {
            written = write.apply(batch);
        } catch (RuntimeException e) {
            written = Future.failedFuture(e);
        }
        written.onComplete(ar -> {
            answers.forEach(a -> a.handle(ar));
            next();
        });
    }
}
