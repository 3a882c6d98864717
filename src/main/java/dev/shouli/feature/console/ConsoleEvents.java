package dev.shouli.feature.console;

import dev.shouli.core.cases.CaseFeedStore.FeedEvent;
import dev.shouli.core.cases.CaseFeedStore;
import dev.shouli.core.db.FeedPosition;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import java.time.Duration;
import java.util.List;

/**
 * {@code GET /desk/events}: the case event feed for the console's own pages, as server-sent events carrying
 * only which case changed and how ({@code {"reference", "kind"}}); the page then fetches what it shows through
 * the session, so nothing more travels on the stream. Reads the database feed, so it sees changes made on
 * any instance.
 */
final class ConsoleEvents {

    private static final int BATCH = 200;
    private static final Duration KEEP_ALIVE = Duration.ofSeconds(15);

    private final Pool pool;
    private final CaseFeedStore feed;
    private final Duration pollInterval;

    ConsoleEvents(Pool pool, CaseFeedStore feed, Duration pollInterval) {
        this.pool = pool;
        this.feed = feed;
        this.pollInterval = pollInterval;
    }

    void stream(RoutingContext ctx) {
        feed.head(pool).onFailure(ctx::fail)
                .onSuccess(start -> new Subscription(ctx.vertx(), ctx.response(), start).open());
    }

    private final class Subscription {
        private final Vertx vertx;
        private final HttpServerResponse response;
        private FeedPosition position;
        private long timer;
        private boolean polling;
        private boolean closed;
        private long lastWrite = System.nanoTime();

        Subscription(Vertx vertx, HttpServerResponse response, FeedPosition start) {
            this.vertx = vertx;
            this.response = response;
            this.position = start;
        }

        void open() {
            response.setChunked(true)
                    .putHeader("Content-Type", "text/event-stream; charset=utf-8")
                    .putHeader("Cache-Control", "no-store")
                    .putHeader("X-Accel-Buffering", "no");
            response.write("retry: 3000\n\n");
            response.closeHandler(v -> close());
            response.exceptionHandler(e -> close());
            timer = vertx.setPeriodic(pollInterval.toMillis(), id -> poll());
        }

        private void close() {
            closed = true;
            vertx.cancelTimer(timer);
        }

        private void poll() {
            if (polling || closed) {
                return;
            }
            polling = true;
            feed.after(pool, position, BATCH).onComplete(done -> {
                polling = false;
                if (closed || done.failed()) {
                    return;
                }
                write(done.result());
            });
        }

        private void write(List<FeedEvent> events) {
            StringBuilder out = new StringBuilder();
            for (FeedEvent e : events) {
                position = e.position();
                JsonObject data = new JsonObject().put("reference", e.json().getString("reference"))
                        .put("kind", e.json().getString("kind"));
                out.append("data: ").append(data.encode()).append("\n\n");
            }
            if (out.isEmpty() && System.nanoTime() - lastWrite > KEEP_ALIVE.toNanos()) {
                out.append(": keep-alive\n\n");
            }
            if (!out.isEmpty()) {
                lastWrite = System.nanoTime();
                response.write(out.toString());
            }
        }
    }
}
