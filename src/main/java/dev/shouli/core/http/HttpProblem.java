package dev.shouli.core.http;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An RFC 9457 problem a handler fails the request with; the router's failure handler writes it as
 * {@code application/problem+json}. Handlers never write error bodies themselves.
 */
public final class HttpProblem extends RuntimeException {

    private static final String TYPE_BASE = "https://shouli.dev/problems/";

    private final int status;
    private final String type;
    private final String title;
    private final JsonObject extensions = new JsonObject();
    private final Map<String, String> headers = new LinkedHashMap<>();

    public HttpProblem(int status, String type, String title, String detail) {
        super(detail, null, false, false);
        this.status = status;
        this.type = TYPE_BASE + type;
        this.title = title;
    }

    public static HttpProblem badRequest(String detail) {
        return new HttpProblem(400, "malformed-request", "Malformed request", detail);
    }

    /** 422 with a list of {@code {field, message}} so a client can fix each field. */
    public static HttpProblem invalidFields(JsonArray errors) {
        StringBuilder detail = new StringBuilder("invalid fields: ");
        for (int i = 0; i < errors.size(); i++) {
            JsonObject e = errors.getJsonObject(i);
            detail.append(i == 0 ? "" : "; ").append(e.getString("field")).append(" ").append(e.getString("message"));
        }
        return new HttpProblem(422, "invalid-fields", "Invalid fields", detail.toString()).with("errors", errors);
    }

    public static HttpProblem unprocessable(String type, String title, String detail) {
        return new HttpProblem(422, type, title, detail);
    }

    public static HttpProblem unsupportedMediaType(String detail) {
        return new HttpProblem(415, "unsupported-media-type", "Unsupported media type", detail);
    }

    public static HttpProblem tooLarge(String detail) {
        return new HttpProblem(413, "too-large", "Request too large", detail);
    }

    public static HttpProblem notFound(String detail) {
        return new HttpProblem(404, "not-found", "Not found", detail);
    }

    public static HttpProblem unauthorized(String detail) {
        return new HttpProblem(401, "unauthorized", "Unauthorized", detail)
                .withHeader("WWW-Authenticate", "Bearer realm=\"shouli-desk\"");
    }

    public static HttpProblem forbidden(String detail) {
        return new HttpProblem(403, "forbidden", "Forbidden", detail);
    }

    public static HttpProblem unavailable(int retryAfterSeconds, String detail) {
        return new HttpProblem(503, "unavailable", "Service unavailable", detail)
                .withHeader("Retry-After", String.valueOf(retryAfterSeconds));
    }

    public HttpProblem with(String key, Object value) {
        extensions.put(key, value);
        return this;
    }

    public HttpProblem withHeader(String name, String value) {
        headers.put(name, value);
        return this;
    }

    public int status() {
        return status;
    }

    public String type() {
        return type;
    }

    public Map<String, String> headers() {
        return headers;
    }

    public JsonObject toJson() {
        JsonObject body = new JsonObject()
                .put("type", type)
                .put("title", title)
                .put("status", status)
                .put("detail", getMessage());
        extensions.forEach(e -> body.put(e.getKey(), e.getValue()));
        return body;
    }
}
