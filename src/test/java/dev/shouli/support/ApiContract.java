package dev.shouli.support;

import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.dialect.Dialects;
import dev.shouli.core.http.ContractRoutes;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The OpenAPI contract (src/main/resources/openapi.yaml) as the tests hold the gateway to it: every exchange a
 * test makes through {@link Http} is checked here — the operation must be in the contract, the answer's status
 * and content type documented, JSON bodies valid against their schemas (JSON Schema 2020-12 with OpenAPI 3.1's
 * vocabulary, via networknt's validator), and a request body the gateway accepted valid against the request
 * schema. (Requests it refused are deliberately malformed.)
 */
public final class ApiContract {

    private static final String BASE = "https://shouli.dev/openapi.json";
    private static final Set<String> METHODS = Set.of("get", "post", "put", "patch", "delete");
    /**
     * Served, but outside the contract on purpose: pages for people — the complaint form and its receipt, the
     * status page (and what a person adds to their case there), the 回访 confirm page, the desk console under /desk (its pages, its static files with htmx, and
     * the event stream only its own pages read, all behind the console's session cookie), this contract's HTML
     * page — and Open311's XML variants. Exchanges with these are not checked against the contract either.
     */
    private static final List<Pattern> NOT_DESCRIBED = List.of(
            Pattern.compile("GET /"), Pattern.compile("(GET|POST) /form"), Pattern.compile("GET /form/receipt/[^/]+"),
            Pattern.compile("(GET|POST) /status"), Pattern.compile("POST /status/add"), Pattern.compile("(GET|POST) /survey/[^/]+"),
            Pattern.compile("(GET|POST) /confirm/[^/]+"),
            Pattern.compile("(GET|POST) /desk(/.*)?"), Pattern.compile("GET /openapi"),
            Pattern.compile("(GET|POST) /open311/v2/(?!.*\\.json$).*"));

    private static ApiContract instance;

    private final JsonObject document;
    private final SchemaRegistry registry;
    private final List<Operation> operations = new ArrayList<>();

    /** One operation of the contract, with where it sits in the document. */
    public record Operation(String method, String path, Pattern pattern, JsonObject node, SchemaLocation location) {
    }

    @SuppressWarnings("unchecked")
    private ApiContract() {
        Map<String, Object> yaml = (Map<String, Object>) new Yaml(new SafeConstructor(new LoaderOptions()))
                .load(ContractRoutes.load());
        document = new JsonObject(yaml);
        registry = SchemaRegistry.withDefaultDialect(Dialects.getOpenApi31(),
                builder -> builder.schemas(Map.of(BASE, document.encode())));
        JsonObject paths = document.getJsonObject("paths");
        for (String path : paths.fieldNames()) {
            JsonObject item = paths.getJsonObject(path);
            SchemaLocation at = SchemaLocation.of(BASE).append("paths").append(path);
            if (item.containsKey("$ref")) {
                at = location(item.getString("$ref"));
                item = (JsonObject) pointer(item.getString("$ref"));
            }
            for (String method : item.fieldNames()) {
                if (METHODS.contains(method)) {
                    operations.add(new Operation(method.toUpperCase(Locale.ROOT), path, template(path),
                            item.getJsonObject(method), at.append(method)));
                }
            }
        }
        // Literal paths before templated ones: /api/v1/cases/stream is not the case "stream".
        operations.sort(Comparator.comparingLong(o -> o.path().chars().filter(c -> c == '{').count()));
    }

    public static synchronized ApiContract get() {
        if (instance == null) {
            instance = new ApiContract();
        }
        return instance;
    }

    public JsonObject document() {
        return document;
    }

    public List<Operation> operations() {
        return List.copyOf(operations);
    }

    /** Whether {@code "METHOD /path"} is served but deliberately left out of the contract. */
    public static boolean notDescribed(String methodAndPath) {
        return NOT_DESCRIBED.stream().anyMatch(p -> p.matcher(methodAndPath).matches());
    }

    public Optional<Operation> find(String method, String path) {
        return operations.stream().filter(o -> o.method().equals(method) && o.pattern().matcher(path).matches())
                .findFirst();
    }

    /**
     * @return what is wrong with this exchange, empty when it keeps to the contract
     */
    public List<String> check(String method, String path, String requestType, byte[] requestBody, int status,
                              String responseType, String responseBody, boolean hasRequestId) {
        List<String> problems = new ArrayList<>();
        String what = method + " " + path + " -> " + status;
        // A page for people is never held to a JSON contract, even where a templated path would match it.
        if (notDescribed(method + " " + path)) {
            return problems;
        }
        Optional<Operation> found = find(method, path);
        if (found.isEmpty()) {
            // Anything else the gateway answers must be described: a JSON route missing from the contract fails
            // here (unrouted addresses, 404/405, have no operation to be held to).
            if (status != 404 && status != 405) {
                problems.add(what + ": no such operation in openapi.yaml");
            }
            return problems;
        }
        Operation op = found.get();
        if (!hasRequestId) {
            problems.add(what + ": no X-Request-Id header on the answer");
        }
        JsonObject responses = op.node().getJsonObject("responses");
        String key = responses.containsKey(String.valueOf(status)) ? String.valueOf(status) : "default";
        if (!responses.containsKey(key)) {
            problems.add(what + ": status " + status + " is not documented for " + op.method() + " " + op.path());
            return problems;
        }
        SchemaLocation responseAt = op.location().append("responses").append(key);
        JsonObject response = responses.getJsonObject(key);
        if (response.containsKey("$ref")) {
            responseAt = location(response.getString("$ref"));
            response = (JsonObject) pointer(response.getString("$ref"));
        }
        JsonObject content = response.getJsonObject("content");
        if (content != null && !content.isEmpty() && responseBody != null && !responseBody.isEmpty()) {
            String media = mediaType(responseType);
            if (!content.containsKey(media)) {
                problems.add(what + ": answered " + media + ", documented " + content.fieldNames());
            } else if (isJson(media)) {
                problems.addAll(validate(what + " answer", responseAt.append("content").append(media).append("schema"),
                        responseBody));
            }
        }
        JsonObject requestContent = op.node().getJsonObject("requestBody") == null ? null
                : op.node().getJsonObject("requestBody").getJsonObject("content");
        String requestMedia = mediaType(requestType);
        if (status < 300 && requestBody != null && requestBody.length > 0 && requestContent != null) {
            if (!requestContent.containsKey(requestMedia)) {
                problems.add(what + ": accepted a " + requestMedia + " body, documented " + requestContent.fieldNames());
            } else if (isJson(requestMedia)) {
                problems.addAll(validate(what + " request", op.location().append("requestBody").append("content")
                        .append(requestMedia).append("schema"), new String(requestBody, java.nio.charset.StandardCharsets.UTF_8)));
            }
        }
        return problems;
    }

    private List<String> validate(String what, SchemaLocation at, String json) {
        Schema schema = registry.getSchema(at);
        List<Error> errors = schema.validate(json, InputFormat.JSON);
        return errors.stream().map(e -> what + " does not match " + at.getFragment() + ": " + e.getMessage()
                + " — body: " + abbreviate(json)).toList();
    }

    private static String abbreviate(String s) {
        return s.length() <= 300 ? s : s.substring(0, 300) + "…";
    }

    private static boolean isJson(String media) {
        return media.equals("application/json") || media.endsWith("+json");
    }

    static String mediaType(String contentType) {
        return contentType == null ? "" : contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
    }

    private static Pattern template(String path) {
        StringBuilder regex = new StringBuilder();
        for (String part : path.split("(?=\\{)|(?<=})")) {
            regex.append(part.startsWith("{") ? "[^/]+" : Pattern.quote(part));
        }
        return Pattern.compile(regex.toString());
    }

    private SchemaLocation location(String ref) {
        SchemaLocation at = SchemaLocation.of(BASE);
        for (String part : ref.substring(2).split("/")) {
            at = at.append(part.replace("~1", "/").replace("~0", "~"));
        }
        return at;
    }

    /** The node a local {@code $ref} ("#/components/…") points at, or null. */
    public Object pointer(String ref) {
        Object node = document;
        for (String part : ref.substring(2).split("/")) {
            if (!(node instanceof JsonObject o)) {
                return null;
            }
            node = o.getValue(part.replace("~1", "/").replace("~0", "~"));
        }
        return node;
    }
}
