package dev.shouli.drills;

import dev.shouli.support.Http;
import io.vertx.core.json.JsonObject;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * Closed-loop load for the drills: a few client threads, each sending JSON complaints one after the other, every
 * one with its own Idempotency-Key, a person of its own (phone) and a text of its own, so each should make a case.
 * Every attempt is kept with its answer (or the I/O error that took its place) and when it was sent and answered,
 * so a drill can tell what was acknowledged and what was answered while something was down.
 */
final class IntakeLoad {

    /** One request: status -1 when no answer came (the connection broke or was refused). */
    record Attempt(String key, String body, long sentNanos, long answeredNanos, int status, String answer,
                   String retryAfter, String error) {

        boolean acknowledged() {
            return status >= 200 && status < 300;
        }
    }

    private static final long PAUSE_AFTER_REFUSAL_MILLIS = 100;

    private final Http http;
    private final String run;
    private final AtomicBoolean stop = new AtomicBoolean();
    private final AtomicInteger next = new AtomicInteger();
    private final AtomicInteger acknowledged = new AtomicInteger();
    private final List<Attempt> attempts = Collections.synchronizedList(new ArrayList<>());
    private final List<Thread> threads = new ArrayList<>();

    /** @param run makes keys, phones and texts unique across drills and rounds on one database */
    IntakeLoad(int port, String run) {
        this.http = new Http(port);
        this.run = run;
    }

    IntakeLoad start(int clients) {
        for (int i = 0; i < clients; i++) {
            Thread t = new Thread(this::loop, "drill-client-" + i);
            t.setDaemon(true);
            threads.add(t);
            t.start();
        }
        return this;
    }

    int acknowledged() {
        return acknowledged.get();
    }

    /** The first acknowledged request that was sent at or after {@code nanos} (System.nanoTime), if any yet. */
    Optional<Attempt> firstAcknowledgedSentSince(long nanos) {
        synchronized (attempts) {
            return attempts.stream().filter(a -> a.acknowledged() && a.sentNanos() >= nanos)
                    .min(Comparator.comparingLong(Attempt::answeredNanos));
        }
    }

    /** No client starts another request; those in flight go on. */
    void stopSending() {
        stop.set(true);
    }

    /** Stops sending and waits for the requests in flight to be answered or to fail. */
    List<Attempt> stop() throws InterruptedException {
        stop.set(true);
        for (Thread t : threads) {
            t.join(60_000);
        }
        synchronized (attempts) {
            return List.copyOf(attempts);
        }
    }

    private void loop() {
        while (!stop.get()) {
            int n = next.incrementAndGet();
            String key = run + "-" + n;
            String body = complaint(run.hashCode() * 100_000L + n, key).encode();
            Attempt a = send(key, body);
            attempts.add(a);
            if (!a.acknowledged()) {
                // A client told to retry later waits before its next request (Retry-After says 30 s; a drill cannot).
                try {
                    Thread.sleep(PAUSE_AFTER_REFUSAL_MILLIS);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }

    /** Sends one complaint (again, for a resend) and records what came back. */
    Attempt send(String key, String body) {
        long sent = System.nanoTime();
        try {
            HttpResponse<String> r = http.postJson("/api/v1/complaints", body, "Idempotency-Key", key);
            if (r.statusCode() >= 200 && r.statusCode() < 300) {
                acknowledged.incrementAndGet();
            }
            return new Attempt(key, body, sent, System.nanoTime(), r.statusCode(), r.body(),
                    r.headers().firstValue("Retry-After").orElse(null), null);
        } catch (UncheckedIOException | IllegalStateException e) {
            return new Attempt(key, body, sent, System.nanoTime(), -1, null, null, String.valueOf(e.getCause()));
        }
    }

    /** Sends each attempt's request again, eight at a time; the answers come back in the same order. */
    List<Attempt> resend(List<Attempt> firsts) throws Exception {
        ExecutorService senders = Executors.newFixedThreadPool(8);
        try {
            List<Future<Attempt>> again = new ArrayList<>();
            for (Attempt a : firsts) {
                again.add(senders.submit(() -> send(a.key(), a.body())));
            }
            List<Attempt> out = new ArrayList<>();
            for (Future<Attempt> f : again) {
                out.add(f.get());
            }
            return out;
        } finally {
            senders.shutdown();
        }
    }

    private static JsonObject complaint(long n, String key) {
        String phone = String.format("+86139%08d", Math.floorMod(n, 100_000_000L));
        return new JsonObject()
                .put("kind", "complaint")
                .put("subject", "空调坏了 " + key)
                .put("description", "第" + n + "号：我在华润万家门店买的空调第三天就不制冷，售后一直推诿，订单号 DD" + n + "。")
                .put("complainant", new JsonObject().put("name", "顾客" + n).put("phone", phone))
                .put("respondent", new JsonObject().put("organisation", "华润万家"))
                .put("demand", new JsonObject().put("text", "要求退货并退款2999元"));
    }

    /** "201×812 503×40 none×3": the answers by status, for the drill's report. */
    static String byStatus(List<Attempt> attempts) {
        Map<String, Long> counts = new TreeMap<>(attempts.stream().collect(Collectors.groupingBy(
                a -> a.status() < 0 ? "none" : String.valueOf(a.status()), Collectors.counting())));
        return counts.entrySet().stream().map(e -> e.getKey() + "×" + e.getValue()).collect(Collectors.joining(" "));
    }
}
