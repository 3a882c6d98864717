package dev.shouli.channel.sms;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * A provider's send API as a real HTTP server on loopback (port 0). Each request is checked by the given
 * function, which returns the status and JSON to answer, or throws to answer 400 with the reason — so a
 * request that departs from the provider's documentation fails the test that sent it.
 */
public final class FakeSmsApi implements AutoCloseable {

    /** One request as received: method, path, headers and the decoded form. */
    public record Received(String method, String path, Map<String, String> headers, Map<String, List<String>> form) {
        public String field(String name) {
            List<String> v = form.get(name);
            return v == null || v.isEmpty() ? null : v.get(0);
        }
    }

    public record Answer(int status, JsonObject body) {
    }

    public final List<Received> received = new CopyOnWriteArrayList<>();
    public final List<String> problems = new CopyOnWriteArrayList<>();
    private final HttpServer server;

    public FakeSmsApi(Vertx vertx, Function<Received, Answer> check) throws Exception {
        server = vertx.createHttpServer().requestHandler(req -> req.body().onSuccess(body -> {
            Received r = new Received(req.method().name(), req.path(), headers(req),
                    SmsProviderBase.decodeForm(body.toString(java.nio.charset.StandardCharsets.UTF_8), "fake"));
            received.add(r);
            Answer a;
            try {
                if (!String.valueOf(req.getHeader("Content-Type")).startsWith("application/x-www-form-urlencoded")) {
                    throw new AssertionError("expected a form body, got " + req.getHeader("Content-Type"));
                }
                a = check.apply(r);
            } catch (AssertionError | RuntimeException e) {
                problems.add(e.getMessage());
                a = new Answer(400, new JsonObject().put("fake-problem", e.getMessage()));
            }
            req.response().setStatusCode(a.status()).putHeader("Content-Type", "application/json").end(a.body().encode());
        })).listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.actualPort();
    }

    private static Map<String, String> headers(HttpServerRequest req) {
        Map<String, String> out = new java.util.LinkedHashMap<>();
        req.headers().forEach(e -> out.put(e.getKey().toLowerCase(java.util.Locale.ROOT), e.getValue()));
        return out;
    }

    public static void require(boolean condition, String message) {
        if (!condition) {
            throw new AssertionError(message);
        }
    }

    @Override
    public void close() throws Exception {
        server.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
}
