package dev.shouli.core.http;

import dev.shouli.core.config.CoreConfig;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.util.Optional;

/**
 * Per-client limits of the routes anyone can call, counted per remote address in this process
 * ({@link ClientRate}): submissions made without a partner key, and refused requests (a bad signature, a missing
 * token, an unreadable body), which are kept for operators only while the client stays under its limit. Over a limit
 * the client is answered {@code 429} with {@code Retry-After} and nothing is stored. Never asked about a submission
 * a source proved it may make (a partner key, a valid signature), so nothing that would be accepted is held back by
 * another client's flood.
 */
public final class ClientLimiter {

    private final ClientRate anonymous;
    private final ClientRate refused;
    private final MeterRegistry registry;

    public ClientLimiter(CoreConfig.ClientLimits limits, Clock clock, MeterRegistry registry) {
        this.anonymous = new ClientRate(limits.anonymousPerClientPerMinute(), clock);
        this.refused = new ClientRate(limits.refusedPerClientPerMinute(), clock);
        this.registry = registry;
    }

    /** The remote address a limit counts by (a proxy's address behind a proxy). */
    public static String client(RoutingContext ctx) {
        return ctx.request().remoteAddress() == null ? "" : ctx.request().remoteAddress().hostAddress();
    }

    /** Counts a submission made without a partner key on {@code route}; a 429 when the client is over its limit. */
    public Optional<HttpProblem> anonymous(RoutingContext ctx, String route) {
        return limited(anonymous.take(client(ctx)), route, "anonymous",
                "too many submissions without a partner key from this address");
    }

    /** Counts a refused request on {@code route}; a 429 (and nothing kept) when the client is over its limit. */
    public Optional<HttpProblem> refused(RoutingContext ctx, String route) {
        return limited(refused.take(client(ctx)), route, "refused", "too many refused requests from this address");
    }

    private Optional<HttpProblem> limited(long retryAfter, String route, String limit, String what) {
        if (retryAfter == 0) {
            return Optional.empty();
        }
        Counter.builder("shouli.http.limited").description("Requests answered 429 by a per-client limit")
                .tag("route", route).tag("limit", limit).register(registry).increment();
        return Optional.of(new HttpProblem(429, "too-many-requests", "Too many requests",
                what + "; nothing was stored, retry after " + retryAfter + " seconds")
                .withHeader("Retry-After", String.valueOf(retryAfter)));
    }
}
