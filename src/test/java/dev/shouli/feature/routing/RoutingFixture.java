package dev.shouli.feature.routing;

import dev.shouli.support.Http;
import dev.shouli.support.TestGateway;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What routing tests share: a config file with units and rules, the tokens, posting cases and waiting for routing. */
final class RoutingFixture {

    static final String AGENT_TOKEN = "agent-desk-token-0123456789";

    /** The seven first-level hotline categories and the unit each is routed to. */
    static final Map<String, String> UNIT_OF = units();

    private static Map<String, String> units() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("城乡建设", "construction");
        m.put("环境保护", "environment");
        m.put("交通运输", "transport");
        m.put("教育文体", "education");
        m.put("劳动和社会保障", "labour");
        m.put("商贸旅游", "commerce");
        m.put("卫生计生", "health");
        return m;
    }

    private RoutingFixture() {
    }

    /** The environment of a routing test gateway: routing on and quick, the test token a supervisor. */
    static Map<String, String> env() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("SHOULI_ROUTING_ENABLED", "true");
        env.put("SHOULI_ROUTING_INTERVAL", "100ms");
        env.put("SHOULI_ROUTING_SUPERVISORS", "tester");
        env.put("SHOULI_DESK_TOKENS", "tester:" + TestGateway.DESK_TOKEN + ",agent:" + AGENT_TOKEN);
        return env;
    }

    /** A config file: the seven units, each taking its category, with {@code policy}; more YAML after it. */
    static Path sevenUnits(String policy, String more) {
        StringBuilder yaml = new StringBuilder("routing:\n  units:\n");
        UNIT_OF.forEach((category, unit) -> yaml.append("    - {code: ").append(unit).append(", names: {zh-CN: ")
                .append(category).append("组, en: ").append(unit).append(" team}, policy: ").append(policy)
                .append(", calendar: always, deadline: 3wd}\n"));
        yaml.append("  rules:\n");
        UNIT_OF.forEach((category, unit) -> yaml.append("    - {name: to-").append(unit)
                .append(", when: {category: ").append(category).append("}, unit: ").append(unit)
                .append(", tags: [").append(unit).append(", 按类别]}\n"));
        yaml.append(more);
        return file(yaml.toString());
    }

    static Path file(String yaml) {
        try {
            Path file = Files.createTempFile("routing-test", ".yaml");
            Files.writeString(file, yaml, StandardCharsets.UTF_8);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] hotlineCsv() {
        try {
            return Files.readAllBytes(Path.of("bench/classify/hotline.csv"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static HttpResponse<String> post(Http http, String path, String json, String token) {
        return http.postJson(path, json, "Authorization", "Bearer " + token);
    }

    static HttpResponse<String> trainCsv(Http http, byte[] csv, String token) {
        return http.postBytes("/api/v1/classifier/training", "text/csv; charset=utf-8", csv,
                "Authorization", "Bearer " + token);
    }

    /** Posts a complaint through the JSON API; its reference. */
    static String complaint(Http http, String subject, String description, String category) {
        JsonObject body = new JsonObject().put("subject", subject).put("description", description)
                .put("complainant", new JsonObject().put("name", "测试").put("phone", "13800138000"));
        if (category != null) {
            body.put("category", category);
        }
        HttpResponse<String> answer = http.postJson("/api/v1/complaints", body.encode());
        if (answer.statusCode() != 201) {
            throw new AssertionError("intake answered " + answer.statusCode() + ": " + answer.body());
        }
        return new JsonObject(answer.body()).getString("reference");
    }

    /** The case once routing has decided about it (and, if {@code assigned}, picked its member). */
    static JsonObject routed(Http http, String reference, boolean assigned) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (Instant.now().isBefore(deadline)) {
            JsonObject c = http.deskJson("/api/v1/cases/" + reference);
            JsonObject routing = c.getJsonObject("routing");
            if (routing != null && (!assigned || c.getString("assignee") != null)) {
                return c;
            }
            sleep(100);
        }
        throw new AssertionError("case " + reference + " was not routed within 30 s");
    }

    static List<JsonObject> routedAll(Http http, List<String> references, boolean assigned) {
        return references.stream().map(r -> routed(http, r, assigned)).toList();
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
