package dev.shouli.core.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shouli.Gateway;
import dev.shouli.support.ApiContract;
import dev.shouli.support.Http;
import dev.shouli.support.TestDatabase;
import dev.shouli.support.TestGateway;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Route;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The contract and the router, both ways: every route the live router serves is in openapi.yaml (or named in
 * {@link ApiContract}'s short list of HTML and XML routes), and every operation of openapi.yaml is served.
 * Request and response bodies are checked against it by every test that talks through {@link Http}.
 */
class ApiContractTest {

    private static Gateway gateway;
    private static Http http;

    @BeforeAll
    static void start() {
        gateway = TestGateway.start(TestDatabase.freshDatabase());
        http = new Http(gateway.port());
    }

    @AfterAll
    static void stop() {
        TestGateway.stop(gateway);
    }

    @Test
    void everyServedRouteIsInTheContract() {
        Set<String> documented = documented();
        assertThat(served()).as("the router's routes as read by this test")
                .contains("GET /api/v1/cases/{}", "POST /api/v1/complaints", "GET /open311/v2/requests/{}.json");
        List<String> missing = new ArrayList<>();
        for (String served : served()) {
            if (!documented.contains(served) && !ApiContract.notDescribed(served.replace("{}", "x"))) {
                missing.add(served);
            }
        }
        assertThat(missing).as("routes the router serves that src/main/resources/openapi.yaml does not describe "
                + "(add them to it, or to ApiContract.NOT_DESCRIBED if they answer HTML or XML)").isEmpty();
    }

    @Test
    void everyOperationOfTheContractIsServed() {
        Set<String> served = served();
        List<String> unserved = documented().stream().filter(op -> !served.contains(op)).toList();
        assertThat(unserved).as("operations in src/main/resources/openapi.yaml that no route serves").isEmpty();
    }

    @Test
    void noDescribedOperationIsAlsoListedAsNotDescribed() {
        List<String> both = documented().stream().filter(op -> ApiContract.notDescribed(op.replace("{}", "x")))
                .toList();
        assertThat(both).as("operations of openapi.yaml that ApiContract.NOT_DESCRIBED would also skip").isEmpty();
    }

    @Test
    void theExchangeCheckFailsAJsonRouteTheContractDoesNotDescribe() {
        assertThat(ApiContract.get().check("GET", "/api/v1/not-in-the-contract", null, null, 200,
                "application/json", "{}", true)).singleElement().asString().contains("no such operation");
    }

    @Test
    void theExchangeCheckSkipsPagesForPeople() {
        for (String[] page : new String[][] {{"GET", "/desk/sign-in"}, {"POST", "/desk/cases/TS20261125-000001Z/notes"},
                {"GET", "/status"}, {"POST", "/status"}, {"GET", "/form/receipt/abc"}, {"GET", "/survey/abc"}}) {
            assertThat(ApiContract.get().check(page[0], page[1], null, null, 200, "text/html; charset=utf-8",
                    "<!DOCTYPE html><html></html>", true)).as(page[0] + " " + page[1]).isEmpty();
        }
    }

    @Test
    void everyReferenceInTheContractResolves() {
        List<String> broken = new ArrayList<>();
        refs(ApiContract.get().document(), broken);
        assertThat(broken).as("$refs in openapi.yaml that point nowhere").isEmpty();
    }

    @Test
    void theContractIsServedAsYamlAndAsAReadablePage() {
        HttpResponse<String> yaml = http.get("/openapi.yaml");
        assertThat(yaml.statusCode()).isEqualTo(200);
        assertThat(yaml.body()).startsWith("openapi: 3.1.0").isEqualTo(ContractRoutes.load());

        HttpResponse<String> page = http.get("/openapi");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
        assertThat(page.body()).contains("/api/v1/complaints", "IntakeOutcome", "Problem", "/open311/v2/requests.json")
                .doesNotContain("<script");
    }

    @Test
    void problemsAreRfc9457ProblemDetails() {
        HttpResponse<String> answer = http.desk("/api/v1/cases/TS20261125-000001Z");
        assertThat(answer.statusCode()).isEqualTo(404);
        assertThat(answer.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        JsonObject problem = new JsonObject(answer.body());
        assertThat(problem.fieldNames()).contains("type", "title", "status", "detail");
    }

    /** "GET /api/v1/cases/{}" for every method and path the router serves (middleware routes left out). */
    private static Set<String> served() {
        Set<String> out = new TreeSet<>();
        for (Route route : gateway.routes()) {
            Set<HttpMethod> methods = route.methods();
            if (methods == null || methods.isEmpty()) {
                continue;
            }
            String path = route.getPath() != null ? route.getPath() : route.getName();
            if (path == null) {
                continue;
            }
            for (String variant : variants(path)) {
                for (HttpMethod method : methods) {
                    out.add(method.name() + " " + variant);
                }
            }
        }
        return out;
    }

    /**
     * A route path in the contract's spelling with its parameters as "{}": "/cases/:reference" → "/cases/{}";
     * an Open311 regex route "…/requests/([^/]+?)(?:\.(json|xml))?$" stands for three paths: none, .json, .xml.
     */
    static List<String> variants(String path) {
        String p = path.replaceAll(":[A-Za-z0-9_]+", "{}").replace("([^/]+?)", "{}");
        String formats = "(?:\\.(json|xml))?$";
        if (p.endsWith(formats)) {
            String base = p.substring(0, p.length() - formats.length());
            return List.of(base, base + ".json", base + ".xml");
        }
        return List.of(p);
    }

    private static Set<String> documented() {
        Set<String> out = new TreeSet<>();
        for (ApiContract.Operation op : ApiContract.get().operations()) {
            out.add(op.method() + " " + op.path().replaceAll("\\{[^}]+}", "{}"));
        }
        return out;
    }

    private static void refs(Object node, List<String> broken) {
        if (node instanceof JsonObject o) {
            Object ref = o.getValue("$ref");
            if (ref instanceof String s && (!s.startsWith("#/") || ApiContract.get().pointer(s) == null)) {
                broken.add(s);
            }
            o.forEach(e -> refs(e.getValue(), broken));
        } else if (node instanceof JsonArray a) {
            a.forEach(v -> refs(v, broken));
        }
    }
}
