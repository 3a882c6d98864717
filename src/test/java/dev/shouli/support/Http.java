package dev.shouli.support;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

/**
 * A plain HTTP client on loopback for tests: real requests, real sockets. Every exchange is held to the OpenAPI
 * contract ({@link ApiContract}): an answer that leaves it fails the test that caused it.
 */
public final class Http {

    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(5))
            .version(HttpClient.Version.HTTP_1_1)
            .build();

    private final String base;

    public Http(int port) {
        this.base = "http://127.0.0.1:" + port;
    }

    public HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30));
    }

    public HttpResponse<String> send(HttpRequest request) {
        return send(request, null);
    }

    private HttpResponse<String> send(HttpRequest request, byte[] body) {
        HttpResponse<String> response;
        try {
            response = CLIENT.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        List<String> problems = ApiContract.get().check(request.method(), request.uri().getPath(),
                request.headers().firstValue("Content-Type").orElse(null), body, response.statusCode(),
                response.headers().firstValue("Content-Type").orElse(null), response.body(),
                response.headers().firstValue("X-Request-Id").isPresent());
        if (!problems.isEmpty()) {
            throw new AssertionError("the exchange leaves the API contract (src/main/resources/openapi.yaml):\n  "
                    + String.join("\n  ", problems));
        }
        return response;
    }

    public HttpResponse<byte[]> sendForBytes(HttpRequest request) {
        try {
            return CLIENT.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public HttpResponse<String> postJson(String path, String json, String... headers) {
        return postBytes(path, "application/json", json.getBytes(StandardCharsets.UTF_8), headers);
    }

    public HttpResponse<String> postBytes(String path, String contentType, byte[] body, String... headers) {
        HttpRequest.Builder b = request(path).POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return send(b.build(), body);
    }

    /** GET with the test desk token. */
    public HttpResponse<String> desk(String path) {
        return send(request(path).header("Authorization", "Bearer " + TestGateway.DESK_TOKEN).GET().build());
    }

    public JsonObject deskJson(String path) {
        HttpResponse<String> response = desk(path);
        if (response.statusCode() != 200) {
            throw new AssertionError("GET " + path + " answered " + response.statusCode() + ": " + response.body());
        }
        return new JsonObject(response.body());
    }

    public HttpResponse<String> get(String path) {
        return send(request(path).GET().build());
    }
}
