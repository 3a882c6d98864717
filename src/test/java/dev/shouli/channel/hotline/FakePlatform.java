package dev.shouli.channel.hotline;

import com.sun.net.httpserver.HttpServer;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A 12345 platform's callback receiver on loopback: checks each callback's signature as a platform would,
 * records what arrived, and answers from a script (e.g. fail once, then accept).
 */
final class FakePlatform implements AutoCloseable {

    /** One callback as the platform saw it. */
    record Call(JsonObject body, String idempotencyKey, boolean signatureValid, int answeredStatus) {
    }

    private final HttpServer server;
    private final String secret;
    private final Clock clock;
    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private final Queue<Integer> script = new ConcurrentLinkedQueue<>();

    FakePlatform(String secret, Clock clock) {
        this.secret = secret;
        this.clock = clock;
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/callbacks", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            boolean valid = HotlineSignature.verify(secret,
                    exchange.getRequestHeaders().getFirst(HotlineSignature.TIMESTAMP_HEADER),
                    exchange.getRequestHeaders().getFirst(HotlineSignature.SIGNATURE_HEADER), body,
                    clock.instant(), Duration.ofMinutes(5)) == HotlineSignature.Verdict.VALID;
            Integer scripted = script.poll();
            int status = !valid ? 401 : scripted == null ? 200 : scripted;
            calls.add(new Call(new JsonObject(new String(body, StandardCharsets.UTF_8)),
                    exchange.getRequestHeaders().getFirst("Idempotency-Key"), valid, status));
            byte[] answer = (status == 200 ? "{\"code\":0,\"msg\":\"成功\"}" : "{\"code\":1}").getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        server.start();
    }

    String callbackUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/callbacks";
    }

    /** The next answers, in order; afterwards every callback is accepted. */
    void answerNext(Integer... statuses) {
        script.addAll(List.of(statuses));
    }

    List<Call> calls() {
        return List.copyOf(calls);
    }

    List<Call> callsFor(String ticketNumber) {
        return calls.stream().filter(c -> ticketNumber.equals(c.body().getString("ticketNumber"))).toList();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
