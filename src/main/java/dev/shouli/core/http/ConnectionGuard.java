package dev.shouli.core.http;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bounds what one connection and one client may hold, so idle and slow connections cannot fill the open-file limit
 * (before this, 0 of 4 honest probes were answered while they did):
 * <ul>
 *   <li>a connection that has not sent a complete request head within {@code headerTimeout} — after it opened, or
 *       after its previous answer (an idle keep-alive connection) — is closed;</li>
 *   <li>a request whose body has not arrived completely within {@code bodyTimeout} after its head is answered
 *       {@code 408} and its connection closed;</li>
 *   <li>a client (remote address) holds at most {@code maxPerClient} connections at once (0: no limit); one more is
 *       closed at once. Behind a proxy every client has the proxy's address: set the limit for that.</li>
 * </ul>
 * Connections without any traffic at all are also closed by Vert.x's idle timeout ({@code http.idleTimeout}). One
 * guard serves every HTTP verticle instance of the process; each instance tracks its own connections on its own
 * event loop ({@link Tracker}) and checks them once a second.
 */
public final class ConnectionGuard {

    private static final Logger LOG = LoggerFactory.getLogger(ConnectionGuard.class);

    private final long headerTimeoutNanos;
    private final long bodyTimeoutNanos;
    private final int maxPerClient;
    private final Map<String, AtomicInteger> perClient = new ConcurrentHashMap<>();
    private final Counter refused;
    private final Counter headerTimeouts;
    private final Counter bodyTimeouts;

    public ConnectionGuard(Duration headerTimeout, Duration bodyTimeout, int maxPerClient, MeterRegistry registry) {
        this.headerTimeoutNanos = headerTimeout.toNanos();
        this.bodyTimeoutNanos = bodyTimeout.toNanos();
        this.maxPerClient = maxPerClient;
        this.refused = Counter.builder("shouli.http.connections.refused")
                .description("HTTP connections closed at once: their client already held its most").register(registry);
        this.headerTimeouts = timeouts(registry, "header");
        this.bodyTimeouts = timeouts(registry, "body");
    }

    private static Counter timeouts(MeterRegistry registry, String kind) {
        return Counter.builder("shouli.http.timeouts")
                .description("HTTP connections closed because a request head or body did not arrive in time")
                .tag("kind", kind).register(registry);
    }

    /** How long a connection may wait for its next request head before it is closed. */
    public Duration headerTimeout() {
        return Duration.ofNanos(headerTimeoutNanos);
    }

    /** A tracker for one verticle instance; use it on that instance's event loop only. */
    public Tracker tracker() {
        return new Tracker();
    }

    /** The connections of one HTTP verticle instance and where each stands. */
    public final class Tracker {
        private final Map<HttpConnection, State> states = new HashMap<>();

        /** Where one connection stands: waiting for a request head since {@code since}, or reading {@code request}. */
        private static final class State {
            HttpServerRequest request;
            long since = System.nanoTime();
        }

        public void opened(HttpConnection connection) {
            String client = connection.remoteAddress() == null ? "" : connection.remoteAddress().hostAddress();
            AtomicInteger held = perClient.computeIfAbsent(client, c -> new AtomicInteger());
            int now = held.incrementAndGet();
            connection.closeHandler(v -> {
                states.remove(connection);
                if (held.decrementAndGet() == 0) {
                    perClient.remove(client, held);
                }
            });
            if (maxPerClient > 0 && now > maxPerClient) {
                refused.increment();
                LOG.debug("HTTP connection closed: its client already holds {} connections", maxPerClient);
                connection.close();
                return;
            }
            states.put(connection, new State());
        }

        /** The head of {@code request} has arrived: its body's clock starts. */
        public void requestStarted(HttpServerRequest request) {
            State state = states.get(request.connection());
            if (state != null) {
                state.request = request;
                state.since = System.nanoTime();
            }
        }

        /** Closes what ran out of time; called once a second. */
        public void check() {
            long now = System.nanoTime();
            List<HttpConnection> late = new ArrayList<>();
            states.forEach((connection, state) -> {
                HttpServerRequest request = state.request;
                if (request != null && request.response().ended()) {
                    state.request = null; // answered: the next request head's clock starts
                    state.since = now;
                } else if (request == null && now - state.since > headerTimeoutNanos) {
                    headerTimeouts.increment();
                    late.add(connection);
                } else if (request != null && !request.isEnded() && now - state.since > bodyTimeoutNanos) {
                    bodyTimeouts.increment();
                    answerTimeout(request.response());
                    late.add(connection);
                }
            });
            late.forEach(connection -> {
                states.remove(connection);
                connection.close();
            });
        }

        private void answerTimeout(HttpServerResponse response) {
            if (!response.headWritten()) {
                response.setStatusCode(408).putHeader("Content-Type", "application/problem+json")
                        .putHeader("Connection", "close")
                        .end(new HttpProblem(408, "request-timeout", "Request timeout",
                                "the request body did not arrive within " + bodyTimeoutNanos / 1_000_000_000
                                        + " seconds").toJson().encode());
            }
        }
    }
}
