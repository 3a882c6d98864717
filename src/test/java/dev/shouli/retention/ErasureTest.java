package dev.shouli.retention;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shouli.Gateway;
import dev.shouli.store.DatabaseEndpoint;
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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** POST /api/v1/erasures over real HTTP against a real PostgreSQL, with dedup on. */
class ErasureTest {

    private static final String SUPERVISOR_TOKEN = "supervisor-token-0123456789";
    private static DatabaseEndpoint db;
    private static Gateway gateway;
    private static Http http;

    @BeforeAll
    static void start() {
        db = TestDatabase.freshDatabase();
        gateway = TestGateway.start(db, Map.of("SHOULI_DEDUP_ENABLED", "true",
                "SHOULI_DESK_TOKENS", "tester:" + TestGateway.DESK_TOKEN + ",chief:" + SUPERVISOR_TOKEN,
                "SHOULI_ERASURE_SUPERVISORS", "chief"), java.time.Clock.systemUTC());
        http = new Http(gateway.port());
    }

    @AfterAll
    static void stop() {
        TestGateway.stop(gateway);
    }

    private static HttpResponse<String> erase(String token, JsonObject body) {
        return http.postJson("/api/v1/erasures", body.encode(), "Authorization", "Bearer " + token);
    }

    private static long count(String sql) {
        return TestDatabase.queryLong(db, sql);
    }

    @Test
    void erasingByPhoneAnonymisesEveryCaseSubmissionAttachmentAndKeyOfThePerson() {
        JsonObject complaint = Complaints.airConditioner();
        complaint.getJsonObject("complainant").put("phone", "139 0000 1111").put("email", "erase.me@example.org");
        complaint.put("attachments", new JsonArray().add(new JsonObject().put("name", "收据.jpg")
                .put("contentType", "image/jpeg")
                .put("contentBase64", Base64.getEncoder().encodeToString("jpeg".getBytes(StandardCharsets.UTF_8)))));
        HttpResponse<String> created = http.postJson("/api/v1/complaints", complaint.encode());
        String reference = new JsonObject(created.body()).getString("reference");
        // A refused submission quoting the same number: kept verbatim, and found by its body.
        http.postJson("/api/v1/complaints", "{\"description\": \"call me 13900001111\"");
        // Another person's case stays as it is.
        String other = new JsonObject(http.postJson("/api/v1/complaints", Complaints.airConditioner().encode()).body())
                .getString("reference");

        HttpResponse<String> answer = erase(SUPERVISOR_TOKEN, new JsonObject().put("phone", "+86 139-0000-1111")
                .put("reason", "PIPL art. 47 request of 2026-12-01"));

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        JsonObject erased = new JsonObject(answer.body()).getJsonObject("erased");
        assertThat(erased.getInteger("cases")).isEqualTo(1);
        assertThat(erased.getInteger("submissions")).isEqualTo(2);
        assertThat(erased.getInteger("attachments")).isEqualTo(1);
        assertThat(erased.getInteger("dedupKeys")).isGreaterThanOrEqualTo(2);
        JsonObject skeleton = http.deskJson("/api/v1/cases/" + reference);
        assertThat(skeleton.getString("kind")).isEqualTo("complaint");
        assertThat(skeleton.getString("description")).isNull();
        assertThat(skeleton.getJsonObject("complainant").encode()).doesNotContain("1111", "erase.me");
        assertThat(skeleton.getJsonArray("attachments")).isEmpty();
        assertThat(count("SELECT count(*) FROM submission WHERE position('13900001111'::bytea IN body) > 0")).isZero();
        assertThat(count("SELECT count(*) FROM dedup_identity WHERE key LIKE '%13900001111%' OR key LIKE '%erase.me%'"))
                .isZero();
        assertThat(count("SELECT count(*) FROM outbox o JOIN complaint_case c ON c.id = o.case_id WHERE c.reference = '"
                + reference + "' AND o.payload::text LIKE '%erase.me%'")).isZero();
        assertThat(count("SELECT count(*) FROM erasure_request WHERE requested_by = 'chief' AND identifier_kind = 'phone'"
                + " AND identifier_hash <> '+8613900001111'")).isEqualTo(1);
        assertThat(http.deskJson("/api/v1/cases/" + other).getString("description")).isNotNull();
    }

    @Test
    void onlyASupervisorMayErase() {
        HttpResponse<String> answer = erase(TestGateway.DESK_TOKEN, new JsonObject().put("email", "x@example.org"));

        assertThat(answer.statusCode()).isEqualTo(403);
    }

    @Test
    void exactlyOneIdentifierIsRequired() {
        assertThat(erase(SUPERVISOR_TOKEN, new JsonObject().put("phone", "13900001111").put("email", "x@example.org"))
                .statusCode()).isEqualTo(422);
        assertThat(erase(SUPERVISOR_TOKEN, new JsonObject().put("idNumber", "12345")).statusCode()).isEqualTo(422);
    }
}
