package dev.shouli.channel.open311;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shouli.Gateway;
import dev.shouli.core.cases.CaseAction;
import dev.shouli.core.db.DatabaseEndpoint;
import dev.shouli.support.Http;
import dev.shouli.support.MutableClock;
import dev.shouli.support.TestDatabase;
import dev.shouli.support.TestGateway;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayInputStream;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * Walks every GeoReport v2 method the way a client does — discovery, services, a definition, POST a request,
 * GET it back, list and filter, resolve a token — in XML and JSON, including the spec's errors.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class Open311ConformanceTest {

    private static final String KEY = "open311-test-key-0123456789";
    private static final String JURISDICTION = "shouli.example";
    private static final String W3C = "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(Z|[+-]\\d\\d:\\d\\d)";

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-25T02:00:00Z"));
    private DatabaseEndpoint db;
    private Gateway gateway;
    private Http http;

    @BeforeAll
    void start() {
        db = TestDatabase.freshDatabase();
        gateway = TestGateway.start(db, Map.of(
                "SHOULI_OPEN311_API_KEYS", "fixmystreet:" + KEY,
                "SHOULI_OPEN311_JURISDICTION_ID", JURISDICTION,
                "SHOULI_OUTBOX_POLL_INTERVAL", "1h"), clock);
        http = new Http(gateway.port());
    }

    @AfterAll
    void stop() {
        TestGateway.stop(gateway);
    }

    // ---- a GeoReport client's calls

    private HttpResponse<String> get(String path) {
        return http.get("/open311/v2/" + path + (path.contains("?") ? "&" : "?") + "jurisdiction_id=" + JURISDICTION);
    }

    private HttpResponse<String> post(String format, Map<String, String> fields, String... headers) {
        Map<String, String> all = new LinkedHashMap<>();
        all.put("api_key", KEY);
        all.put("jurisdiction_id", JURISDICTION);
        all.putAll(fields);
        String body = all.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return http.postBytes("/open311/v2/requests." + format, "application/x-www-form-urlencoded; charset=utf-8",
                body.getBytes(StandardCharsets.UTF_8), headers);
    }

    private static Map<String, String> noiseReport() {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("service_code", "noise");
        f.put("lat", "31.2304");
        f.put("long", "121.4737");
        f.put("address_string", "上海市黄浦区人民大道200号");
        f.put("description", "工地夜间施工噪音，凌晨两点仍在打桩。");
        f.put("attribute[source]", "construction");
        f.put("first_name", "Mei");
        f.put("last_name", "Chen");
        f.put("email", "mei.chen@example.com");
        f.put("phone", "13600136000");
        f.put("media_url", "https://photos.example.com/noise/1.jpg");
        return f;
    }

    private String createdId(HttpResponse<String> response) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return xml(response).getElementsByTagName("service_request_id").item(0).getTextContent();
    }

    private static Document xml(HttpResponse<String> response) throws Exception {
        assertThat(response.headers().firstValue("Content-Type")).hasValue("text/xml; charset=utf-8");
        assertThat(response.body()).startsWith("<?xml version=\"1.0\" encoding=\"UTF-8\"?>");
        return DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(response.body().getBytes(StandardCharsets.UTF_8)));
    }

    private static JsonArray json(HttpResponse<String> response) {
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json; charset=utf-8");
        return new JsonArray(response.body());
    }

    private static String text(Element parent, String tag) {
        return parent.getElementsByTagName(tag).item(0).getTextContent();
    }

    // ---- the walk

    @Test
    void discoveryNamesTheV2EndpointAndBothFormats() throws Exception {
        JsonObject discovery = new JsonObject(http.get("/open311/v2/discovery.json").body());
        JsonObject endpoint = discovery.getJsonArray("endpoints").getJsonObject(0);
        assertThat(endpoint.getString("specification")).isEqualTo("http://wiki.open311.org/GeoReport_v2");
        assertThat(endpoint.getString("url")).endsWith("/open311/v2/");
        assertThat(endpoint.getJsonArray("formats")).containsExactly("text/xml", "application/json");

        Document xml = xml(http.get("/open311/v2/discovery.xml"));
        assertThat(xml.getDocumentElement().getTagName()).isEqualTo("discovery");
        assertThat(xml.getElementsByTagName("format").getLength()).isEqualTo(2);
    }

    @Test
    void servicesListTheConfiguredServiceTypesInBothFormats() throws Exception {
        JsonArray services = json(get("services.json"));
        assertThat(services.stream().map(s -> ((JsonObject) s).getString("service_code")))
                .containsExactly("consumer-complaint", "noise", "road-damage");
        assertThat(services.getJsonObject(0).getBoolean("metadata")).isTrue();
        assertThat(services.getJsonObject(2).getBoolean("metadata")).isFalse();
        assertThat(services.getJsonObject(0).getString("type")).isEqualTo("realtime");

        Document xml = xml(get("services.xml"));
        assertThat(xml.getDocumentElement().getTagName()).isEqualTo("services");
        assertThat(xml.getElementsByTagName("service").getLength()).isEqualTo(3);
        assertThat(text((Element) xml.getElementsByTagName("service").item(1), "service_name")).isEqualTo("Noise");
    }

    @Test
    void aServiceDefinitionGivesItsAttributesAndTheirValues() throws Exception {
        JsonObject definition = new JsonObject(get("services/noise.json").body());
        assertThat(definition.getString("service_code")).isEqualTo("noise");
        JsonObject source = definition.getJsonArray("attributes").getJsonObject(0);
        assertThat(source.getString("code")).isEqualTo("source");
        assertThat(source.getBoolean("required")).isTrue();
        assertThat(source.getBoolean("variable")).isTrue();
        assertThat(source.getJsonArray("values").getJsonObject(0).getString("key")).isEqualTo("construction");

        Document xml = xml(get("services/noise.xml"));
        assertThat(xml.getDocumentElement().getTagName()).isEqualTo("service_definition");
        assertThat(xml.getElementsByTagName("attribute").getLength()).isEqualTo(2);
        assertThat(xml.getElementsByTagName("value").getLength()).isEqualTo(3);
    }

    @Test
    void anUnknownServiceCodeIs404InTheErrorsFormat() throws Exception {
        HttpResponse<String> jsonAnswer = get("services/graffiti.json");
        assertThat(jsonAnswer.statusCode()).isEqualTo(404);
        assertThat(json(jsonAnswer).getJsonObject(0).getInteger("code")).isEqualTo(404);

        HttpResponse<String> xmlAnswer = get("services/graffiti.xml");
        assertThat(xmlAnswer.statusCode()).isEqualTo(404);
        assertThat(xml(xmlAnswer).getDocumentElement().getTagName()).isEqualTo("errors");
    }

    @Test
    void aPostedRequestIsACaseWhoseReferenceIsTheServiceRequestId() throws Exception {
        String id = createdId(post("xml", noiseReport()));

        JsonObject c = http.deskJson("/api/v1/cases/" + id);
        assertThat(c.getString("channel")).isEqualTo("open311");
        assertThat(c.getString("subject")).isEqualTo("Noise");
        assertThat(c.getString("description")).contains("打桩").contains("Construction site");
        assertThat(c.getJsonObject("location").getDouble("lat")).isEqualTo(31.2304);

        JsonObject request = json(get("requests/" + id + ".json")).getJsonObject(0);
        assertThat(request.getString("service_request_id")).isEqualTo(id);
        assertThat(request.getString("status")).isEqualTo("open");
        assertThat(request.getString("service_code")).isEqualTo("noise");
        assertThat(request.getString("service_name")).isEqualTo("Noise");
        assertThat(request.getString("description")).isEqualTo("工地夜间施工噪音，凌晨两点仍在打桩。");
        assertThat(request.getString("address")).isEqualTo("上海市黄浦区人民大道200号");
        assertThat(request.getString("media_url")).isEqualTo("https://photos.example.com/noise/1.jpg");
        assertThat(request.getString("requested_datetime")).matches(W3C).isEqualTo("2026-11-25T10:00:00+08:00");
        assertThat(request.getString("expected_datetime")).matches(W3C);
        assertThat(request.getString("updated_datetime")).matches(W3C);
    }

    @Test
    void aRequestReadsTheSameInXml() throws Exception {
        String id = createdId(post("xml", noiseReport()));

        Element request = (Element) xml(get("requests/" + id + ".xml")).getElementsByTagName("request").item(0);

        assertThat(text(request, "service_request_id")).isEqualTo(id);
        assertThat(text(request, "status")).isEqualTo("open");
        assertThat(text(request, "description")).isEqualTo("工地夜间施工噪音，凌晨两点仍在打桩。");
        assertThat(text(request, "lat")).isEqualTo("31.2304");
        assertThat(text(request, "requested_datetime")).matches(W3C);
    }

    @Test
    void aPostedRequestAnswersInJsonToo() {
        JsonArray answer = json(post("json", noiseReport()));

        assertThat(answer.getJsonObject(0).getString("service_request_id")).startsWith("TS");
        assertThat(answer.getJsonObject(0).containsKey("token")).isFalse();
    }

    @Test
    void aRetriedPostWithTheSameIdempotencyKeyIsOneRequestAndTheKeyIsItsToken() throws Exception {
        String first = createdId(post("xml", noiseReport(), "Idempotency-Key", "retry-token-1"));
        String second = createdId(post("xml", noiseReport(), "Idempotency-Key", "retry-token-1"));

        assertThat(second).isEqualTo(first);
        JsonObject token = json(get("tokens/retry-token-1.json")).getJsonObject(0);
        assertThat(token.getString("service_request_id")).isEqualTo(first);
        assertThat(token.getString("token")).isEqualTo("retry-token-1");
        assertThat(xml(get("tokens/retry-token-1.xml")).getElementsByTagName("service_request_id").item(0)
                .getTextContent()).isEqualTo(first);
        assertThat(get("tokens/no-such-token.json").statusCode()).isEqualTo(404);
    }

    @Test
    void aPostWithoutAnApiKeyIs403() throws Exception {
        HttpResponse<String> response = http.postBytes("/open311/v2/requests.xml", "application/x-www-form-urlencoded",
                ("jurisdiction_id=" + JURISDICTION + "&service_code=road-damage&address_string=x").getBytes(StandardCharsets.UTF_8));

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(text(xml(response).getDocumentElement(), "code")).isEqualTo("403");
    }

    @Test
    void aPostWithAWrongApiKeyIs403InJson() {
        HttpResponse<String> response = post("json", Map.of("service_code", "road-damage", "address_string", "x",
                "api_key", "wrong-key-0000000000000"));

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(json(response).getJsonObject(0).getString("description")).contains("api_key");
    }

    @Test
    void aPostWithoutALocationIs400() {
        Map<String, String> f = noiseReport();
        f.remove("lat");
        f.remove("long");
        f.remove("address_string");

        HttpResponse<String> response = post("json", f);

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json(response).getJsonObject(0).getString("description")).contains("location");
    }

    @Test
    void aDescriptionOver4000CharactersIs400() {
        Map<String, String> f = noiseReport();
        f.put("description", "噪".repeat(4001));

        assertThat(post("json", f).statusCode()).isEqualTo(400);
    }

    @Test
    void aMissingRequiredAttributeIs400AndTheRefusedRequestIsKept() {
        Map<String, String> f = noiseReport();
        f.remove("attribute[source]");
        long before = TestDatabase.queryLong(db, "SELECT count(*) FROM submission WHERE channel = 'open311' AND outcome = 'rejected'");

        HttpResponse<String> response = post("json", f);

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json(response).getJsonObject(0).getString("description")).contains("attribute source");
        assertThat(TestDatabase.queryLong(db, "SELECT count(*) FROM submission WHERE channel = 'open311' AND outcome = 'rejected'"))
                .isEqualTo(before + 1);
        assertThat(TestDatabase.queryLong(db, "SELECT count(*) FROM submission WHERE position('" + KEY
                + "' in convert_from(body, 'UTF8')) > 0")).as("the api_key is never stored").isZero();
    }

    @Test
    void aPostToAnUnknownServiceIs404() {
        HttpResponse<String> response = post("json", Map.of("service_code", "graffiti", "address_string", "x"));

        assertThat(response.statusCode()).isEqualTo(404);
    }

    @Test
    void aMissingJurisdictionIs400AndAWrongOneIs404() {
        assertThat(http.get("/open311/v2/services.json").statusCode()).isEqualTo(400);
        assertThat(http.get("/open311/v2/services.json?jurisdiction_id=elsewhere.gov").statusCode()).isEqualTo(404);
    }

    @Test
    void requestsAreFilteredByServiceCodeAndStatus() throws Exception {
        String noise = createdId(post("xml", noiseReport()));
        Map<String, String> road = new LinkedHashMap<>();
        road.put("service_code", "road-damage");
        road.put("address_id", "SH-000123");
        road.put("description", "人行道路面塌陷");
        String roadId = createdId(post("xml", road));

        JsonArray roads = json(get("requests.json?service_code=road-damage&status=open"));
        assertThat(roads.stream().map(r -> ((JsonObject) r).getString("service_request_id"))).contains(roadId)
                .doesNotContain(noise);
        assertThat(roads.getJsonObject(0).getString("address_id")).isEqualTo("SH-000123");
        assertThat(json(get("requests.json?status=closed")).stream()
                .map(r -> ((JsonObject) r).getString("service_request_id"))).doesNotContain(roadId);
        assertThat(xml(get("requests.xml?service_request_id=" + noise + "," + roadId))
                .getElementsByTagName("request").getLength()).isEqualTo(2);
    }

    @Test
    void aRangeLongerThan90DaysIs400() {
        HttpResponse<String> response = get("requests.json?start_date=2026-01-01T00:00:00Z&end_date=2026-06-01T00:00:00Z");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json(response).getJsonObject(0).getString("description")).contains("90 days");
    }

    @Test
    void requestsOlderThanTheDefault90DaysAreNotListed() throws Exception {
        String id = createdId(post("xml", noiseReport()));
        clock.advance(java.time.Duration.ofDays(91));
        try {
            assertThat(json(get("requests.json")).stream().map(r -> ((JsonObject) r).getString("service_request_id")))
                    .doesNotContain(id);
        } finally {
            clock.advance(java.time.Duration.ofDays(-91));
        }
    }

    @Test
    void aResolvedCaseIsClosedWithTheDesksResultAsStatusNotes() throws Exception {
        String id = createdId(post("xml", noiseReport()));
        long caseId = TestDatabase.queryLong(db, "SELECT id FROM complaint_case WHERE reference = '" + id + "'");

        gateway.pool().withTransaction(conn -> conn.query("UPDATE complaint_case SET status = 'resolved' WHERE id = "
                        + caseId).execute()
                .compose(v -> new Open311CaseActionHook().onAction(conn, new CaseAction(caseId, id, "open311",
                        "resolve", "new", "resolved", "desk:tester", clock.instant(),
                        new JsonObject().put("result", "已责令工地停止夜间施工")))))
                .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);

        JsonObject request = json(get("requests/" + id + ".json")).getJsonObject(0);
        assertThat(request.getString("status")).isEqualTo("closed");
        assertThat(request.getString("status_notes")).isEqualTo("已责令工地停止夜间施工");
    }

    @Test
    void theDesksInternalNoteIsNeverAStatusNoteItsPublicNoteIs() throws Exception {
        String id = createdId(post("xml", noiseReport()));
        long caseId = TestDatabase.queryLong(db, "SELECT id FROM complaint_case WHERE reference = '" + id + "'");

        act(caseId, id, "return", new JsonObject().put("reason", "不属本单位").put("note", "内部：投诉人电话里情绪激动"));
        assertThat(json(get("requests/" + id + ".json")).getJsonObject(0).getString("status_notes")).isNull();

        act(caseId, id, "reopen", new JsonObject().put("note", "内部：再查一次").put("publicNote", "已转交城管局处理"));
        assertThat(json(get("requests/" + id + ".json")).getJsonObject(0).getString("status_notes"))
                .isEqualTo("已转交城管局处理");
    }

    private void act(long caseId, String reference, String action, JsonObject parameters) throws Exception {
        gateway.pool().withTransaction(conn -> new Open311CaseActionHook().onAction(conn, new CaseAction(caseId,
                        reference, "open311", action, "new", "in_progress", "desk:tester", clock.instant(), parameters)))
                .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    @Test
    void requesterContactDetailsNeverAppearInOpen311Output() throws Exception {
        String id = createdId(post("xml", noiseReport()));

        for (String answer : new String[] {get("requests/" + id + ".json").body(), get("requests/" + id + ".xml").body(),
                get("requests.json").body(), get("requests.xml").body()}) {
            assertThat(answer).doesNotContain("13600136000").doesNotContain("mei.chen").doesNotContain("Chen");
        }
    }

    @Test
    void aConfidentialCallersHotlineCaseIsNotAnOpen311Request() throws Exception {
        JsonObject ticket = new JsonObject().put("description", "保密来电")
                .put("complainant", new JsonObject().put("name", "钱保密").put("phone", "13512345678")
                        .put("confidential", true));
        String reference = new JsonObject(http.postJson("/api/v1/complaints", ticket.encode()).body())
                .getString("reference");

        assertThat(get("requests/" + reference + ".json").statusCode()).isEqualTo(404);
        assertThat(get("requests.json").body() + get("requests.xml").body())
                .doesNotContain(reference).doesNotContain("钱保密").doesNotContain("13512345678");
    }

    @Test
    void anUnknownResourceIs404InTheErrorsFormat() {
        HttpResponse<String> response = http.get("/open311/v2/graffiti.json");

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(json(response).getJsonObject(0).getInteger("code")).isEqualTo(404);
    }
}
