package dev.shouli.feature.desk;

import dev.shouli.core.cases.CaseFeedStore.FeedEvent;
import dev.shouli.core.cases.CaseFeedStore;
import dev.shouli.core.config.CoreConfig.DeskConfig;
import dev.shouli.core.db.FeedPosition;
import dev.shouli.core.http.DeskAuth;
import dev.shouli.core.http.HttpProblem;
import dev.shouli.core.http.Routes;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * {@code GET /api/v1/cases/stream}: case events as server-sent events. Each event's {@code id} is its feed
 * position; a desk that reconnects with {@code Last-Event-ID} (or {@code ?lastEventId=}) gets everything
 * after it, from whichever instance it reaches, because the stream reads the database feed, not memory.
 * Without one, the stream starts at the present. {@code ?events=a,b} keeps only those kinds.
 * Must be registered before {@code GET /api/v1/cases/:reference}, which would otherwise take "stream".
 */
public final class CaseStreamRoutes implements Routes {

    private static final int BATCH = 200;
    /** A comment line this often keeps proxies from closing an idle stream. */
    private static final Duration KEEP_ALIVE = Duration.ofSeconds(15);

    private final Pool pool;
    private final CaseFeedStore feed;
    private final DeskConfig desk;
    private final Duration pollInterval;

    public CaseStreamRoutes(Pool pool, CaseFeedStore feed, DeskConfig desk, Duration pollInterval) {
        this.pool = pool;
        this.feed = feed;
        this.desk = desk;
        this.pollInterval = pollInterval;
    }

    @Override
    public void register(Router router) {
        router.get("/api/v1/cases/stream").handler(new DeskAuth(desk.tokens())).handler(this::stream);
    }

    private void stream(RoutingContext ctx) {
        String resume = ctx.request().getHeader("Last-Event-ID");
        if (resume == null) {
            resume = ctx.queryParams().get("lastEventId");
        }
        FeedPosition from;
        try {
            from = resume == null || resume.isBlank() ? null : FeedPosition.parse(resume);
        } catch (IllegalArgumentException e) {
            throw HttpProblem.badRequest("Last-Event-ID: " + e.getMessage());
        }
        String wanted = ctx.queryParams().get("events");
        Set<String> kinds = wanted == null || wanted.isBlank() ? Set.of()
                : Set.of(wanted.strip().split("\\s*,\\s*"));
        (from != null ? Future.succeededFuture(from) : feed.head(pool))
                .onSuccess(start -> new Subscription(ctx.vertx(), ctx.response(), start, kinds).open())
                .onFailure(ctx::fail);
    }

    /** One open stream: polls the feed after its position and writes what it finds. */
    private final class Subscription {

        private final Vertx vertx;
        private final HttpServerResponse response;
        private final Set<String> kinds;
        private FeedPosition position;
        private long timer;
        private boolean polling;
        private boolean closed;
        private long lastWrite = System.nanoTime();

        Subscription(Vertx vertx, HttpServerResponse response, FeedPosition start, Set<String> kinds) {
            this.vertx = vertx;
            this.response = response;
            this.position = start;
            this.kinds = kinds;
        }

        void open() {
            response.setChunked(true)
                    .putHeader("Content-Type", "text/event-stream; charset=utf-8")
                    .putHeader("Cache-Control", "no-cache")
                    .putHeader("X-Accel-Buffering", "no");
            response.write("retry: 2000\n: stream from " + position.encode() + "\n\n");
            response.closeHandler(v -> close());
            response.exceptionHandler(e -> close());
            timer = vertx.setPeriodic(pollInterval.toMillis(), id -> poll());
            poll();
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
                if (closed) {
                    return;
                }
                if (done.failed()) {
                    // The database may be back at the next tick; the desk keeps its place either way.
                    return;
                }
                write(done.result());
                if (done.result().size() == BATCH) {
                    poll();
                }
            });
        }

        private void write(List<FeedEvent> events) {
            StringBuilder out = new StringBuilder();
            for (FeedEvent e : events) {
                position = e.position();
                if (kinds.isEmpty() || kinds.contains(e.json().getString("kind"))) {
                    out.append("id: ").append(e.position().encode()).append('\n')
                            .append("event: ").append(e.json().getString("kind")).append('\n')
                            .append("data: ").append(e.json().encode()).append("\n\n");
                }
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
