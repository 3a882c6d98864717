package dev.shouli.bench;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import java.io.BufferedWriter;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * The benchmark's load generator (bench/run.sh drives it): POST /api/v1/complaints with the requests of a
 * workload file, in one of two ways.
 * <ul>
 *   <li>{@code closed}: {@code --connections} requests in flight, each sent when the one before it on its
 *       connection was answered. This measures throughput; its latency is only Little's law
 *       (connections / throughput), so it is not reported as latency.</li>
 *   <li>{@code open}: requests sent at a fixed {@code --rate} whether or not earlier ones were answered, and
 *       each request's latency counted from the moment it was due, not the moment it went out — a client
 *       that falls behind (no free connection, a stalled send) adds that delay to the request rather than
 *       hiding it (coordinated omission).</li>
 * </ul>
 * Every answer goes to {@code <out>/<tag>.answers.tsv} (request, key, status, outcome, reference, trader, story) for
 * {@link Verify}; the figures are printed as {@code BENCH key=value} lines, and the open loop also writes a
 * per-second timeline.
 *
 * <pre>
 * LoadDriver closed --workload bench/workloads/burst.yaml --url http://127.0.0.1:8080 --connections 64 \
 *     --duration 30s --tag burst-1 --out bench/results/x
 * LoadDriver open --workload ... --rate 400 --duration 60s ...
 * </pre>
 */
public final class LoadDriver {

    private static final long HIGHEST_MICROS = 60_000_000L;

    private final Workload workload;
    private final List<URI> targets;
    private final String tag;
    private final String replayTag;
    private final long replayCount;
    private final Duration timeout;
    private final BufferedWriter answers;
    private final Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
    private final List<HttpClientAgent> clients = new ArrayList<>();
    private final Recorder latency = new Recorder(HIGHEST_MICROS, 3);
    private final Histogram total = new Histogram(HIGHEST_MICROS, 3);
    private final Map<String, AtomicLong> counts = new TreeMap<>();
    private final AtomicLong sent = new AtomicLong();
    /** The open loop's unrecorded warm-up requests: their work is in the CPU and WAL a run is charged with. */
    private long warmUpSent;

    LoadDriver(Map<String, String> args, int connectionsPerTarget) throws IOException {
        workload = Workload.load(Path.of(required(args, "workload")));
        targets = new ArrayList<>();
        for (String url : required(args, "url").split(",")) {
            targets.add(URI.create(url.strip()));
        }
        tag = required(args, "tag");
        replayTag = args.get("replay-tag");
        replayCount = Long.parseLong(args.getOrDefault("replay-count", "0"));
        if (workload.isRedelivery() && (replayTag == null || replayCount <= 0)) {
            throw new IllegalArgumentException("a redelivery workload needs --replay-tag and --replay-count");
        }
        timeout = parse(args.getOrDefault("timeout", "2s"));
        Path out = Path.of(required(args, "out"));
        Files.createDirectories(out);
        answers = Files.newBufferedWriter(out.resolve(tag + ".answers.tsv"), StandardCharsets.UTF_8);
        for (URI ignored : targets) {
            // An idle connection is given up before the gateway closes it: a kept-alive connection that sends no new
            // request head within http.headerTimeout (10 s) is closed, and a request sent on it at that moment failed
            // with HttpClosedException (7 to 20 of 18,000 in an open loop at 300/s, where a burst leaves many idle).
            clients.add(vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true).setKeepAliveTimeout(5),
                    new PoolOptions().setHttp1MaxSize(connectionsPerTarget)));
        }
    }

    public static void main(String[] argv) throws Exception {
        if (argv.length == 0) {
            System.err.println("usage: LoadDriver closed|open|verify --option value ... (see the class comment)");
            System.exit(2);
        }
        Map<String, String> args = options(argv);
        switch (argv[0]) {
            case "closed" -> {
                int connections = Integer.parseInt(args.getOrDefault("connections", "64"));
                LoadDriver d = new LoadDriver(args, connections);
                d.closedLoop(connections, parse(args.getOrDefault("duration", "60m")),
                        Long.parseLong(args.getOrDefault("requests", String.valueOf(Long.MAX_VALUE))));
            }
            case "receipts" -> ReceiptBench.main(args);
            case "open" -> {
                LoadDriver d = new LoadDriver(args, Integer.parseInt(args.getOrDefault("max-connections", "512")));
                d.openLoop(Double.parseDouble(required(args, "rate")), parse(args.getOrDefault("warmup", "10s")),
                        parse(required(args, "duration")),
                        Path.of(required(args, "out")).resolve(args.get("tag") + ".timeline.csv"));
            }
            case "verify" -> Verify.main(args);
            default -> throw new IllegalArgumentException("unknown mode " + argv[0]);
        }
        System.exit(0);
    }

    // ---- the two loops -------------------------------------------------------------------------------

    /** Until {@code duration} has passed or {@code requests} were sent, whichever comes first. */
    void closedLoop(int connections, Duration duration, long requests) throws Exception {
        long start = System.nanoTime();
        long end = start + duration.toNanos();
        CountDownLatch done = new CountDownLatch(connections);
        for (int c = 0; c < connections; c++) {
            int target = c % targets.size();
            vertx.runOnContext(v -> nextInClosedLoop(target, end, requests, done));
        }
        done.await(duration.toSeconds() + timeout.toSeconds() + 30, TimeUnit.SECONDS);
        finish(System.nanoTime() - start, "closed");
    }

    private void nextInClosedLoop(int target, long end, long requests, CountDownLatch done) {
        // One event loop: nobody else counts between the check and the increment.
        if (System.nanoTime() >= end || sent.get() >= requests) {
            done.countDown();
            return;
        }
        long n = sent.getAndIncrement();
        long due = System.nanoTime();
        send(target, n, due).onComplete(v -> nextInClosedLoop(target, end, requests, done));
    }

    /**
     * The driver's own first seconds (class loading, JIT, new connections) would count as the gateway's
     * latency, so {@code warmup} at the same rate goes first, with keys of its own and not recorded.
     */
    private void openLoop(double rate, Duration warmup, Duration duration, Path timelineFile) throws Exception {
        double interval = 1e9 / rate;
        long warm = (long) (rate * warmup.toNanos() / 1e9);
        long warmStart = System.nanoTime();
        for (long n = 0; n < warm; n++) {
            long due = warmStart + (long) (n * interval);
            long wait;
            while ((wait = due - System.nanoTime()) > 0) {
                LockSupport.parkNanos(wait);
            }
            warmUp((int) (n % targets.size()), n);
        }
        warmUpSent = warm;
        long total = (long) (rate * duration.toNanos() / 1e9);
        List<String> timeline = new ArrayList<>();
        timeline.add("second,sent,answered,p50_ms,p99_ms,max_ms");
        long start = System.nanoTime();
        long nextReport = start + 1_000_000_000L;
        long answeredBefore = 0;
        for (long n = 0; n < total; n++) {
            long due = start + (long) (n * interval);
            long wait;
            while ((wait = due - System.nanoTime()) > 0) {
                LockSupport.parkNanos(wait);
            }
            sent.incrementAndGet();
            send((int) (n % targets.size()), n, due);
            if (System.nanoTime() >= nextReport) {
                answeredBefore = report(timeline, start, n + 1, answeredBefore);
                nextReport += 1_000_000_000L;
            }
        }
        // Wait for the last answers (or their time-outs).
        long deadline = System.nanoTime() + timeout.toNanos() + 5_000_000_000L;
        while (answered() < total && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        report(timeline, start, total, answeredBefore);
        Files.write(timelineFile, timeline, StandardCharsets.UTF_8);
        finish(System.nanoTime() - start, "open");
        System.out.printf("BENCH offered_rate=%.1f%n", rate);
    }

    private long report(List<String> timeline, long start, long sentSoFar, long answeredBefore) {
        Histogram h = latency.getIntervalHistogram();
        total.add(h);
        long answered = answered();
        timeline.add(String.format("%d,%d,%d,%.2f,%.2f,%.2f", (System.nanoTime() - start) / 1_000_000_000L,
                sentSoFar, answered - answeredBefore, h.getValueAtPercentile(50) / 1000.0,
                h.getValueAtPercentile(99) / 1000.0, h.getMaxValue() / 1000.0));
        return answered;
    }

    // ---- one request ---------------------------------------------------------------------------------

    /** A request of the warm-up: sent like the others, its answer not counted. */
    private void warmUp(int target, long n) {
        Workload.Request r = workload.request(tag + "-warmup", n, replayTag, replayCount);
        clients.get(target).request(options(target, r))
                .compose(req -> req.send(Buffer.buffer(r.body(), "UTF-8")))
                .compose(resp -> resp.body());
    }

    private RequestOptions options(int target, Workload.Request r) {
        URI uri = targets.get(target);
        return new RequestOptions().setMethod(HttpMethod.POST).setHost(uri.getHost())
                .setPort(uri.getPort()).setURI("/api/v1/complaints").setIdleTimeout(timeout.toMillis())
                .putHeader("Content-Type", "application/json; charset=utf-8")
                .putHeader("Idempotency-Key", r.key())
                .putHeader("User-Agent", "shouli-bench");
    }

    /** Sends request {@code n}; its latency counts from {@code due}. Never fails: failures are counted. */
    private Future<Void> send(int target, long n, long due) {
        Workload.Request r = workload.request(tag, n, replayTag, replayCount);
        return clients.get(target).request(options(target, r))
                .compose(req -> req.send(Buffer.buffer(r.body(), "UTF-8")))
                .compose(resp -> resp.body().map(body -> {
                    answered(n, r, due, resp.statusCode(), body);
                    return (Void) null;
                }))
                .recover(failure -> {
                    long micros = (System.nanoTime() - due) / 1000;
                    count(micros >= timeout.toNanos() / 1000 || failure instanceof java.util.concurrent.TimeoutException
                            || String.valueOf(failure.getMessage()).contains("timeout") ? "timeouts" : "errors");
                    record(due);
                    // The outcome column says what failed (no answer came), so a failure can be told from another.
                    write(n, r, 0, failure.getClass().getSimpleName(), "-");
                    return Future.succeededFuture();
                });
    }

    private void answered(long n, Workload.Request r, long due, int status, Buffer body) {
        long micros = record(due);
        String outcome = "-";
        String reference = "-";
        if (status >= 200 && status < 300) {
            JsonObject answer = parsed(body);
            if (answer == null) {
                // Counted here, once: thrown, it would reach send's recover and be recorded a second time, which
                // would hide an unanswered request from the count.
                count("errors");
                write(n, r, status, "unparsable", "-");
                return;
            }
            outcome = answer.getString("outcome", "-");
            reference = answer.getString("reference", "-");
            count(micros > timeout.toNanos() / 1000 ? "late_2xx" : "ok_2xx");
            count("outcome_" + outcome);
            count("status_" + status);
        } else {
            count(status >= 500 ? "status_5xx" : "status_4xx");
        }
        write(n, r, status, outcome, reference);
    }

    /** The answer as JSON, or null when it is not a JSON object. */
    private static JsonObject parsed(Buffer body) {
        try {
            return new JsonObject(body);
        } catch (RuntimeException notAnObject) {
            return null;
        }
    }

    private long record(long due) {
        long micros = Math.max(1, Math.min(HIGHEST_MICROS, (System.nanoTime() - due) / 1000));
        latency.recordValue(micros);
        count("answered");
        return micros;
    }

    private synchronized void write(long n, Workload.Request r, int status, String outcome, String reference) {
        try {
            answers.write(n + "\t" + r.key() + "\t" + status + "\t" + outcome + "\t" + reference + "\t"
                    + r.respondent() + "\t" + r.story() + "\t" + r.receipt() + "\t" + System.currentTimeMillis() + "\n");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private void count(String what) {
        synchronized (counts) {
            counts.computeIfAbsent(what, k -> new AtomicLong()).incrementAndGet();
        }
    }

    private long answered() {
        synchronized (counts) {
            AtomicLong a = counts.get("answered");
            return a == null ? 0 : a.get();
        }
    }

    private void finish(long nanos, String mode) throws IOException {
        total.add(latency.getIntervalHistogram());
        answers.close();
        double seconds = nanos / 1e9;
        Map<String, Object> out = new java.util.LinkedHashMap<>();
        out.put("mode", mode);
        out.put("workload", workload.name());
        out.put("duration_s", String.format("%.2f", seconds));
        out.put("requests", sent.get());
        out.put("warmup_requests", warmUpSent);
        synchronized (counts) {
            counts.forEach((k, v) -> out.put(k, v.get()));
        }
        long ok = counts.containsKey("ok_2xx") ? counts.get("ok_2xx").get() : 0;
        out.put("ok_2xx_per_s", String.format("%.1f", ok / seconds));
        // A request neither answered nor failed by the end (the open loop waits its time-out and 5 s more) is lost
        // to the client: counted as an error, not left out.
        long unanswered = Math.max(0, sent.get() - answered());
        out.put("unanswered", unanswered);
        long bad = sum("status_4xx", "status_5xx", "timeouts", "errors", "late_2xx") + unanswered;
        out.put("errors_total", bad);
        if ("open".equals(mode)) {
            out.put("lat_p50_ms", ms(total.getValueAtPercentile(50)));
            out.put("lat_p90_ms", ms(total.getValueAtPercentile(90)));
            out.put("lat_p99_ms", ms(total.getValueAtPercentile(99)));
            out.put("lat_p999_ms", ms(total.getValueAtPercentile(99.9)));
            out.put("lat_max_ms", ms(total.getMaxValue()));
        } else {
            // In a closed loop this is connections / throughput (Little's law), not a property to compare.
            out.put("mean_in_flight_ms", ms((long) total.getMean()));
        }
        out.forEach((k, v) -> System.out.println("BENCH " + k + "=" + v));
        vertx.close();
    }

    private long sum(String... keys) {
        long s = 0;
        synchronized (counts) {
            for (String k : keys) {
                AtomicLong v = counts.get(k);
                s += v == null ? 0 : v.get();
            }
        }
        return s;
    }

    private static String ms(long micros) {
        return String.format("%.2f", micros / 1000.0);
    }

    // ---- arguments -----------------------------------------------------------------------------------

    static Map<String, String> options(String[] argv) {
        Map<String, String> out = new HashMap<>();
        for (int i = 1; i < argv.length; i += 2) {
            if (!argv[i].startsWith("--") || i + 1 >= argv.length) {
                throw new IllegalArgumentException("expected --name value, got " + argv[i]);
            }
            out.put(argv[i].substring(2), argv[i + 1]);
        }
        return out;
    }

    static String required(Map<String, String> args, String name) {
        String v = args.get(name);
        if (v == null) {
            throw new IllegalArgumentException("--" + name + " is required");
        }
        return v;
    }

    /** 30s, 2m, 500ms. */
    static Duration parse(String s) {
        if (s.endsWith("ms")) {
            return Duration.ofMillis(Long.parseLong(s.substring(0, s.length() - 2)));
        }
        long n = Long.parseLong(s.substring(0, s.length() - 1));
        return switch (s.charAt(s.length() - 1)) {
            case 's' -> Duration.ofSeconds(n);
            case 'm' -> Duration.ofMinutes(n);
            default -> throw new IllegalArgumentException("a duration like 30s or 2m, not " + s);
        };
    }
}
