package dev.shouli.core.http;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.Router;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** One HTTP server instance; several are deployed, one per event loop, sharing the port. */
public final class HttpVerticle extends VerticleBase {

    private final String host;
    private final int port;
    private final List<Routes> routes;
    private final FailureHandler failureHandler;
    private final long formFieldLimitBytes;
    private final ConnectionGuard guard;
    private final Duration idleTimeout;
    private HttpServer server;
    private Router router;
    private long checks;

    /**
     * @param formFieldLimitBytes the largest single form field (urlencoded or multipart) the server decodes: the
     *                            configured body limit, so a field is never refused below the limit of its body
     *                            (Vert.x's own default, 8,192 bytes, refused a 1,600-character SMS)
     * @param guard               the timeouts and per-client connection limit, shared by every instance
     * @param idleTimeout         a connection without any traffic this long is closed
     */
    public HttpVerticle(String host, int port, List<Routes> routes, FailureHandler failureHandler,
                        long formFieldLimitBytes, ConnectionGuard guard, Duration idleTimeout) {
        this.guard = guard;
        this.idleTimeout = idleTimeout;
        this.host = host;
        this.port = port;
        this.routes = routes;
        this.failureHandler = failureHandler;
        this.formFieldLimitBytes = formFieldLimitBytes;
    }

    @Override
    public Future<?> start() {
        router = Router.router(vertx);
        // Before every route, so every answer (errors too) carries the request id.
        router.route().handler(new RequestIdHandler());
        router.route().handler(new MultipartBoundaryCheck());
        try {
            routes.forEach(r -> r.register(router));
        } catch (RuntimeException e) {
            // A wrongly assembled router must fail the start, not leave it waiting.
            return Future.failedFuture(e);
        }
        router.route().failureHandler(failureHandler);
        // Unmatched paths and methods still answer problem+json.
        router.errorHandler(404, failureHandler);
        router.errorHandler(405, failureHandler);
        server = vertx.createHttpServer(new HttpServerOptions()
                .setHost(host)
                .setPort(port)
                .setCompressionSupported(true)
                .setMaxHeaderSize(16 * 1024)
                .setMaxFormAttributeSize((int) Math.min(Integer.MAX_VALUE, formFieldLimitBytes))
                // The bytes of one field the decoder may hold while it is still incomplete: as much as a field.
                .setMaxFormBufferedBytes((int) Math.min(Integer.MAX_VALUE, formFieldLimitBytes))
                // With h2c on, Vert.x reads a connection's first bytes before it hands the connection to us, and a
                // connection that sends none escaped the header timeout; intake speaks HTTP/1.1 (proxies too).
                .setHttp2ClearTextEnabled(false)
                .setIdleTimeout((int) Math.max(1, idleTimeout.toSeconds()))
                .setIdleTimeoutUnit(TimeUnit.SECONDS));
        ConnectionGuard.Tracker tracker = guard.tracker();
        checks = vertx.setPeriodic(1000, id -> tracker.check());
        String keepAlive = "timeout=" + keepAliveSeconds();
        return server.connectionHandler(tracker::opened)
                .requestHandler(request -> {
                    tracker.requestStarted(request);
                    if (keptAlive(request)) {
                        request.response().putHeader("Keep-Alive", keepAlive);
                    }
                    router.handle(request);
                })
                .listen();
    }

    /**
     * How long a client may keep a kept-alive connection idle: half of how long it is kept (the shorter of the header
     * and idle timeouts). Said in every answer (as Node and Apache httpd do), so a client that reads it (Vert.x,
     * Apache HttpClient, Node, browsers) gives the connection up first instead of learning of the close by a request
     * that gets no answer. Not the limit itself: a client that took it to the second sent its next request just as
     * the connection closed (1 of 36,000 requests of the benchmark's open loop).
     */
    private long keepAliveSeconds() {
        return Math.max(1, Math.min(guard.headerTimeout().toSeconds(), idleTimeout.toSeconds()) / 2);
    }

    /** An HTTP/1.1 request that did not ask to close: its connection stays open after the answer. */
    private static boolean keptAlive(HttpServerRequest request) {
        return request.version() == HttpVersion.HTTP_1_1 && !"close".equalsIgnoreCase(request.getHeader("Connection"));
    }

    @Override
    public Future<?> stop() {
        vertx.cancelTimer(checks);
        return Future.succeededFuture();
    }

    public List<io.vertx.ext.web.Route> routes() {
        return router.getRoutes();
    }

    public int actualPort() {
        return server.actualPort();
    }
}
