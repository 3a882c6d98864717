package dev.shouli.core.http;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import java.util.List;

/** One HTTP server instance; several are deployed, one per event loop, sharing the port. */
public final class HttpVerticle extends VerticleBase {

    private final String host;
    private final int port;
    private final List<Routes> routes;
    private final FailureHandler failureHandler;
    private final long formFieldLimitBytes;
    private HttpServer server;
    private Router router;

    /**
     * @param formFieldLimitBytes the largest single form field (urlencoded or multipart) the server decodes: the
     *                            configured body limit, so a field is never refused below the limit of its body
     *                            (Vert.x's own default, 8,192 bytes, refused a 1,600-character SMS)
     */
    public HttpVerticle(String host, int port, List<Routes> routes, FailureHandler failureHandler,
                        long formFieldLimitBytes) {
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
                .setMaxFormBufferedBytes((int) Math.min(Integer.MAX_VALUE, formFieldLimitBytes)));
        return server.requestHandler(router).listen();
    }

    public List<io.vertx.ext.web.Route> routes() {
        return router.getRoutes();
    }

    public int actualPort() {
        return server.actualPort();
    }
}
