package dev.shouli.channel.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shouli.Gateway;
import dev.shouli.core.db.DatabaseEndpoint;
import dev.shouli.support.Complaints;
import dev.shouli.support.Http;
import dev.shouli.support.TestDatabase;
import dev.shouli.support.TestGateway;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The JSON intake API over real HTTP against a real PostgreSQL. */
class JsonApiIntakeTest {

    private static DatabaseEndpoint db;
    private static Gateway gateway;
    private static Http http;

    @BeforeAll
    static void start() {
        db = TestDatabase.freshDatabase();
        gateway = TestGateway.start(db, Map.of(
                "SHOULI_HTTP_BODY_LIMIT_BYTES", "65536",
                "SHOULI_INTAKE_MAX_ATTACHMENTS", "2",
                "SHOULI_INTAKE_MAX_ATTACHMENT_BYTES", "1000"), java.time.Clock.systemUTC());
        http = new Http(gateway.port());
    }

    @AfterAll
    static void stop() {
        TestGateway.stop(gateway);
    }

    private static HttpResponse<String> post(JsonObject body, String... headers) {
        return http.postJson("/api/v1/complaints", body.encode(), headers);
    }

    private static long count(String sql) {
        return TestDatabase.queryLong(db, sql);
    }

    @Test
    void createsACaseWithTheNormalisedRecord() {
        HttpResponse<String> response = post(Complaints.airConditioner());

        assertThat(response.statusCode()).isEqualTo(201);
        JsonObject answer = new JsonObject(response.body());
        assertThat(answer.getString("outcome")).isEqualTo("created");
        String reference = answer.getString("reference");
        assertThat(reference).matches("TS\\d{8}-\\d{6}[A-Z]");
        assertThat(response.headers().firstValue("Location")).hasValue("/api/v1/cases/" + reference);

        JsonObject stored = http.deskJson("/api/v1/cases/" + reference);
        assertThat(stored.getString("status")).isEqualTo("new");
        assertThat(stored.getString("channel")).isEqualTo("api");
        assertThat(stored.getString("language")).isEqualTo("zh-Hans");
        assertThat(stored.getJsonObject("complainant").getString("phone")).isEqualTo("+8613800138000");
        assertThat(stored.getJsonObject("complainant").getString("email")).isEqualTo("zhangwei@example.com");
        assertThat(stored.getJsonObject("respondent").getString("organisation")).isEqualTo("华润万家");
        assertThat(stored.getJsonObject("respondent").getString("branch")).isEqualTo("深圳南山分店");
        assertThat(stored.getJsonObject("demand").getJsonArray("types")).containsExactly("return", "refund");
        assertThat(stored.getJsonObject("demand").getString("amount")).isEqualTo("2999.00");
        assertThat(stored.getJsonObject("demand").getString("currency")).isEqualTo("CNY");
        assertThat(stored.getJsonObject("product").getString("orderNumber")).isEqualTo("DD20261120001");
        assertThat(stored.getString("occurredAt")).isEqualTo("2026-11-20T07:30:00Z");
        assertThat(stored.getJsonObject("sla").getString("firstResponseDueAt")).isNotNull();
        assertThat(stored.getJsonArray("submissions")).hasSize(1);
        assertThat(stored.getJsonArray("submissions").getJsonObject(0).getString("role")).isEqualTo("origin");
    }

    @Test
    void optionalFieldsSentAsNullAreTakenAsLeftOut() {
        // Integrators serialise empty optionals as null; the contract (openapi.yaml) allows it, so must we.
        JsonObject body = new JsonObject().put("description", "买到变质的面包，店员拒绝退款。")
                .putNull("kind").putNull("urgency").putNull("subject").putNull("language").putNull("occurredAt")
                .putNull("category").putNull("product").putNull("location").putNull("attachments")
                .put("complainant", new JsonObject().put("phone", "13800138000").putNull("name").putNull("email")
                        .putNull("address").putNull("customerId").putNull("confidential"))
                .put("respondent", new JsonObject().put("organisation", "华润万家").putNull("branch")
                        .putNull("address").putNull("staff"))
                .put("demand", new JsonObject().putNull("text").putNull("types").putNull("amount")
                        .putNull("currency"));

        HttpResponse<String> response = post(body);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        JsonObject stored = http.deskJson("/api/v1/cases/" + new JsonObject(response.body()).getString("reference"));
        assertThat(stored.getString("kind")).isEqualTo("complaint");
        assertThat(stored.getString("subject")).isNull();
        assertThat(stored.getJsonObject("respondent").getString("organisation")).isEqualTo("华润万家");
        assertThat(stored.getJsonObject("respondent").getString("branch")).isNull();
        assertThat(stored.getJsonObject("complainant").getBoolean("confidential", false)).isFalse();
    }

    @Test
    void queuesAReceiptOnTheComplainantsOwnChannel() {
        String reference = new JsonObject(post(Complaints.airConditioner()).body()).getString("reference");

        assertThat(count("SELECT count(*) FROM outbox WHERE kind = 'receipt' AND channel = 'email' "
                + "AND payload->>'reference' = '" + reference + "'")).isEqualTo(1);
    }

    @Test
    void recognisesTraditionalChineseAndDemandTypesFromTheText() {
        JsonObject answer = new JsonObject(post(Complaints.traditional()).body());
        JsonObject stored = http.deskJson("/api/v1/cases/" + answer.getString("reference"));

        assertThat(stored.getString("language")).isEqualTo("zh-Hant");
        assertThat(stored.getJsonObject("complainant").getString("phone")).isEqualTo("+85291234567");
        assertThat(stored.getJsonObject("demand").getJsonArray("types")).isEmpty();
    }

    @Test
    void redeliveryWithTheSameKeyReturnsTheOriginalAnswerAndCreatesNothing() {
        String key = UUID.randomUUID().toString();
        HttpResponse<String> first = post(Complaints.airConditioner(), "Idempotency-Key", key);
        long cases = count("SELECT count(*) FROM complaint_case");

        HttpResponse<String> second = post(Complaints.airConditioner(), "Idempotency-Key", key);

        assertThat(first.statusCode()).isEqualTo(201);
        assertThat(second.statusCode()).as("a redelivery creates nothing: 200, as the README says").isEqualTo(200);
        assertThat(second.body()).isEqualTo(first.body());
        assertThat(count("SELECT count(*) FROM complaint_case")).isEqualTo(cases);
    }

    @Test
    void reusingAKeyForDifferentContentIsRefused() {
        String key = UUID.randomUUID().toString();
        post(Complaints.airConditioner(), "Idempotency-Key", key);

        HttpResponse<String> reused = post(Complaints.traditional(), "Idempotency-Key", key);

        assertThat(reused.statusCode()).isEqualTo(422);
        assertThat(new JsonObject(reused.body()).getString("detail")).contains(key);
    }

    @Test
    void storesAttachmentsWithTheirHash() {
        byte[] receipt = "收据 ¥2999".getBytes(StandardCharsets.UTF_8);
        JsonObject body = Complaints.airConditioner().put("attachments", new JsonArray().add(new JsonObject()
                .put("name", "收据.txt")
                .put("contentType", "text/plain")
                .put("contentBase64", Base64.getEncoder().encodeToString(receipt))));

        String reference = new JsonObject(post(body).body()).getString("reference");
        JsonArray attachments = http.deskJson("/api/v1/cases/" + reference).getJsonArray("attachments");

        assertThat(attachments).hasSize(1);
        assertThat(attachments.getJsonObject(0).getString("name")).isEqualTo("收据.txt");
        assertThat(attachments.getJsonObject(0).getLong("size")).isEqualTo(receipt.length);
        assertThat(attachments.getJsonObject(0).getString("sha256")).hasSize(64);
    }

    @Test
    void malformedJsonIsA400ThatSaysSo() {
        HttpResponse<String> response = http.postJson("/api/v1/complaints", "{\"description\": \"漏水\",");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        JsonObject problem = new JsonObject(response.body());
        assertThat(problem.getString("detail")).contains("not valid JSON");
        assertThat(problem.getInteger("status")).isEqualTo(400);
        assertThat(problem.getString("type")).isNotBlank();
        assertThat(problem.getString("title")).isNotBlank();
    }

    @Test
    void jsonThatIsNotAnObjectIsA400() {
        HttpResponse<String> response = http.postJson("/api/v1/complaints", "[1,2]");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(new JsonObject(response.body()).getString("detail")).contains("JSON object");
    }

    @Test
    void invalidUtf8IsA400WithTheByteOffset() {
        byte[] gbk = "{\"description\":\"投诉\"}".getBytes(java.nio.charset.Charset.forName("GBK"));

        HttpResponse<String> response = http.postBytes("/api/v1/complaints", "application/json", gbk);

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(new JsonObject(response.body()).getString("detail")).contains("not valid UTF-8", "byte offset 18");
    }

    @Test
    void nulCharactersAreRemovedBeforeStorage() {
        JsonObject body = Complaints.airConditioner().put("description", "空调\u0000坏了\u0000");

        HttpResponse<String> response = post(body);

        assertThat(response.statusCode()).isEqualTo(201);
        String reference = new JsonObject(response.body()).getString("reference");
        assertThat(http.deskJson("/api/v1/cases/" + reference).getString("description")).isEqualTo("空调坏了");
    }

    @Test
    void rawNulByteInTheBodyIsA400NotA500() {
        byte[] body = "{\"description\":\"a\u0000b\"}".getBytes(StandardCharsets.UTF_8);

        HttpResponse<String> response = http.postBytes("/api/v1/complaints", "application/json", body);

        assertThat(response.statusCode()).isEqualTo(400);
    }

    @Test
    void missingAndInvalidFieldsAreA422NamingEachField() {
        JsonObject body = new JsonObject()
                .put("kind", "rant")
                .put("complainant", new JsonObject().put("phone", "12").put("email", "not-an-email"))
                .put("demand", new JsonObject().put("types", new JsonArray().add("revenge")).put("amount", "-5"));

        HttpResponse<String> response = post(body);

        assertThat(response.statusCode()).isEqualTo(422);
        JsonArray errors = new JsonObject(response.body()).getJsonArray("errors");
        assertThat(errors.stream().map(e -> ((JsonObject) e).getString("field")))
                .containsExactlyInAnyOrder("kind", "description", "complainant.phone", "complainant.email",
                        "demand.types[0]", "demand.amount");
    }

    @Test
    void wrongFieldTypesAreA422() {
        JsonObject body = new JsonObject().put("description", 42).put("complainant", "张伟");

        HttpResponse<String> response = post(body);

        assertThat(response.statusCode()).isEqualTo(422);
        assertThat(response.body()).contains("description", "must be a string", "complainant", "must be an object");
    }

    @Test
    void wrongContentTypeIsA415() {
        HttpResponse<String> response = http.postBytes("/api/v1/complaints", "text/plain",
                "投诉".getBytes(StandardCharsets.UTF_8));

        assertThat(response.statusCode()).isEqualTo(415);
        assertThat(new JsonObject(response.body()).getString("detail")).contains("application/json");
    }

    @Test
    void missingContentTypeIsA415() {
        HttpResponse<String> response = http.postBytes("/api/v1/complaints", null,
                Complaints.airConditioner().encode().getBytes(StandardCharsets.UTF_8));

        assertThat(response.statusCode()).isEqualTo(415);
        assertThat(new JsonObject(response.body()).getString("detail")).contains("no Content-Type");
    }

    @Test
    void bodyOverTheLimitIsA413() {
        JsonObject body = Complaints.airConditioner().put("description", "很长".repeat(40_000));

        HttpResponse<String> response = post(body);

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(new JsonObject(response.body()).getString("detail")).contains("65536");
    }

    @Test
    void tooManyAttachmentsIsA413() {
        JsonArray attachments = new JsonArray();
        for (int i = 0; i < 3; i++) {
            attachments.add(new JsonObject().put("name", "p" + i + ".jpg").put("contentBase64", "AAAA"));
        }

        HttpResponse<String> response = post(Complaints.airConditioner().put("attachments", attachments));

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(new JsonObject(response.body()).getString("detail")).contains("at most 2 attachments");
    }

    @Test
    void tooLargeAttachmentIsA413() {
        String big = Base64.getEncoder().encodeToString(new byte[1001]);
        JsonArray attachments = new JsonArray().add(new JsonObject().put("name", "big.jpg").put("contentBase64", big));

        HttpResponse<String> response = post(Complaints.airConditioner().put("attachments", attachments));

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(new JsonObject(response.body()).getString("detail")).contains("1000 bytes");
    }

    @Test
    void refusedInputIsStillKeptVerbatimForOperators() {
        String marker = "rejected-" + UUID.randomUUID();

        http.postJson("/api/v1/complaints", "{\"note\": \"" + marker + "\"");

        JsonArray rejected = http.deskJson("/api/v1/submissions?outcome=rejected&limit=200").getJsonArray("items");
        JsonObject match = rejected.stream().map(JsonObject.class::cast)
                .map(s -> http.deskJson("/api/v1/submissions/" + s.getLong("id")))
                .filter(s -> new String(Base64.getDecoder().decode(s.getString("bodyBase64")), StandardCharsets.UTF_8)
                        .contains(marker))
                .findFirst().orElseThrow();
        assertThat(match.getString("reason")).contains("not valid JSON");
    }

    @Test
    void unknownPathIsAProblemJson404() {
        HttpResponse<String> response = http.get("/api/v1/nothing-here");

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    }
}
