package dev.shouli.feature.retention;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shouli.Gateway;
import dev.shouli.core.db.DatabaseEndpoint;
import dev.shouli.support.Complaints;
import dev.shouli.support.Http;
import dev.shouli.support.Incidents;
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
                "SHOULI_ERASURE_SUPERVISORS", "chief", "SHOULI_BULK_POLL_INTERVAL", "50ms"), java.time.Clock.systemUTC());
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
        // Through a partner (who has proven the contacts): only proven contacts become a person's dedup keys.
        HttpResponse<String> created = http.postJson("/api/v1/complaints", complaint.encode(),
                "Authorization", "Bearer " + TestGateway.PARTNER_KEY);
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
    void erasureAlsoTakesTheUnsentMailPreviewDeskNotesAndSurveyAddressOfThePerson() throws Exception {
        JsonObject complaint = Complaints.airConditioner();
        complaint.getJsonObject("complainant").put("phone", "139 0000 2222").put("email", "erase.too@example.org");
        String reference = new JsonObject(http.postJson("/api/v1/complaints", complaint.encode()).body())
                .getString("reference");
        String ofTheCase = " FROM outbox o JOIN complaint_case c ON c.id = o.case_id WHERE c.reference = '"
                + reference + "'";
        // No mailer in tests: the receipt is recorded unsent, with a preview of the mail that would have gone out.
        awaitCount("SELECT count(*)" + ofTheCase + " AND o.status = 'unsent' AND o.preview::text LIKE '%erase.too%'");
        desk(reference, "acknowledge", new JsonObject());
        desk(reference, "resolve", new JsonObject().put("result", "已为张先生更换空调"));
        String survey = " FROM satisfaction_survey s JOIN complaint_case c ON c.id = s.case_id WHERE c.reference = '"
                + reference + "'";
        assertThat(count("SELECT count(*)" + survey + " AND s.state = 'scheduled'"
                + " AND s.address = 'erase.too@example.org'"))
                .as("resolving scheduled a 回访 question to the person's address").isEqualTo(1);
        TestDatabase.execute(db, "INSERT INTO case_note (case_id, author, body, at) SELECT id, 'lina', "
                + "'张先生说白天打 13900002222', now() FROM complaint_case WHERE reference = '" + reference
                + "'");

        assertThat(erase(SUPERVISOR_TOKEN, new JsonObject().put("email", "Erase.Too@example.org")).statusCode())
                .isEqualTo(200);

        assertThat(count("SELECT count(*)" + ofTheCase + " AND (o.payload::text LIKE '%erase.too%' "
                + "OR coalesce(o.preview::text, '') LIKE '%erase.too%')")).isZero();
        assertThat(count("SELECT count(*) FROM case_note n JOIN complaint_case c ON c.id = n.case_id "
                + "WHERE c.reference = '" + reference + "'")).isZero();
        assertThat(count("SELECT count(*)" + survey + " AND (s.address IS NOT NULL OR s.state <> 'cancelled')"))
                .isZero();
    }

    @Test
    void erasureBlanksWhatBatchesHoldOfThePersonsCase() {
        Incidents.Made incident = Incidents.make(gateway, http, "喜士多便利店", 2);
        HttpResponse<String> called = http.postJson("/api/v1/incidents/" + incident.id() + "/phone-reply?wait=30",
                new JsonObject().put("summary", "已电话告知张先生（13900003333）：商家同意退款").encode(),
                "Authorization", "Bearer " + TestGateway.DESK_TOKEN);
        assertThat(new JsonObject(called.body()).getInteger("done")).as(called.body()).isEqualTo(2);
        String erased = incident.references().get(0);
        String kept = incident.references().get(1);

        assertThat(erase(SUPERVISOR_TOKEN, new JsonObject().put("email", incident.emails().get(0))).statusCode())
                .isEqualTo(200);

        assertThat(count("SELECT count(*) FROM case_batch WHERE parameters::text LIKE '%13900003333%'")).isZero();
        assertThat(count("SELECT count(*) FROM case_batch_item WHERE reference = '" + erased
                + "' AND (reason IS NOT NULL OR NOT result ? 'erased' OR result::text LIKE '%" + erased + "%')"))
                .isZero();
        assertThat(count("SELECT count(*) FROM case_batch_item WHERE reference = '" + kept
                + "' AND result ->> 'reference' = '" + kept + "'")).as("another person's item stays").isEqualTo(1);
    }

    private static void desk(String reference, String action, JsonObject parameters) {
        HttpResponse<String> done = http.postJson("/api/v1/cases/" + reference + "/" + action, parameters.encode(),
                "Authorization", "Bearer " + TestGateway.DESK_TOKEN);
        assertThat(done.statusCode()).as(action + ": " + done.body()).isEqualTo(200);
    }

    private static void awaitCount(String sql) throws InterruptedException {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(20);
        while (count(sql) == 0) {
            assertThat(System.nanoTime()).as("waited 20 s for: " + sql).isLessThan(deadline);
            Thread.sleep(100);
        }
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
