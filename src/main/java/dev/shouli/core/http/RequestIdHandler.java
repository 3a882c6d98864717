package dev.shouli.core.http;

import dev.shouli.core.logging.RequestId;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

/**
 * First handler of every request: takes the client's {@code X-Request-Id} when it is acceptable, or makes one,
 * binds it to the request's context for the intake and its log line, and echoes it in the answer so a client
 * can quote it to an operator.
 */
public final class RequestIdHandler implements Handler<RoutingContext> {

    /** Where handlers find the id on the routing context. */
    public static final String KEY = "shouli.requestId";

    @Override
    public void handle(RoutingContext ctx) {
        String id = RequestId.acceptOrGenerate(ctx.request().getHeader(RequestId.HEADER));
        RequestId.bind(id);
        ctx.put(KEY, id);
        ctx.response().putHeader(RequestId.HEADER, id);
        ctx.next();
    }
}
