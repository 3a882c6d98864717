package dev.shouli.feature.desk;

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
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The desk API's read side: auth, paging, filters, detail, attachments, masking. */
class DeskApiTest {

    private static DatabaseEndpoint db;
    private static Gateway gateway;
    private static Http http;
    private static final List<String> references = new ArrayList<>();

    @BeforeAll
    static void start() {
        db = TestDatabase.freshDatabase();
        gateway = TestGateway.start(db, Map.of(), Clock.fixed(Instant.parse("2026-11-25T02:00:00Z"), ZoneOffset.UTC));
        http = new Http(gateway.port());
        for (int i = 0; i < 7; i++) {
            JsonObject body = i % 2 == 0 ? Complaints.airConditioner() : Complaints.traditional().put("kind", "inquiry");
            references.add(new JsonObject(http.postJson("/api/v1/complaints", body.encode()).body())
                    .getString("reference"));
        }
    }

    @AfterAll
    static void stop() {
        TestGateway.stop(gateway);
    }

    @Test
    void withoutATokenIs401WithAChallenge() {
        HttpResponse<String> response = http.get("/api/v1/cases");

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("WWW-Authenticate")).get().asString().startsWith("Bearer");
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    }

    @Test
    void withAWrongTokenIs401InvalidToken() {
        HttpResponse<String> response = http.send(http.request("/api/v1/cases")
                .header("Authorization", "Bearer not-the-token-at-all").GET().build());

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("WWW-Authenticate")).get().asString().contains("invalid_token");
    }

    @Test
    void withNoTokensConfiguredTheDeskApiIsClosedWith403() {
        Gateway closed = TestGateway.start(db, Map.of("SHOULI_DESK_TOKENS", ""), Clock.systemUTC());
        try {
            HttpResponse<String> response = new Http(closed.port()).desk("/api/v1/cases");
            assertThat(response.statusCode()).isEqualTo(403);
            assertThat(response.body()).contains("SHOULI_DESK_TOKENS");
        } finally {
            TestGateway.stop(closed);
        }
    }

    @Test
    void pagesThroughAllCasesNewestFirstWithACursor() {
        List<String> seen = new ArrayList<>();
        String cursor = null;
        do {
            JsonObject page = http.deskJson("/api/v1/cases?limit=3" + (cursor == null ? "" : "&cursor=" + cursor));
            assertThat(page.getJsonArray("items").size()).isLessThanOrEqualTo(3);
            page.getJsonArray("items").forEach(c -> seen.add(((JsonObject) c).getString("reference")));
            cursor = page.getString("nextCursor");
        } while (cursor != null);

        List<String> newestFirst = new ArrayList<>(references);
        java.util.Collections.reverse(newestFirst);
        assertThat(seen).containsExactlyElementsOf(newestFirst);
    }

    @Test
    void filtersByKindStatusAndChannel() {
        JsonArray inquiries = http.deskJson("/api/v1/cases?kind=inquiry&status=new&channel=api").getJsonArray("items");

        // Only the set-up made inquiries (three of the seven); other tests add complaints.
        assertThat(inquiries).hasSize(3);
        inquiries.forEach(c -> assertThat(((JsonObject) c).getString("kind")).isEqualTo("inquiry"));
        assertThat(http.deskJson("/api/v1/cases?channel=email").getJsonArray("items")).isEmpty();
    }

    @Test
    void filtersByReceivedTime() {
        assertThat(http.deskJson("/api/v1/cases?receivedSince=2026-11-25T10:00:00%2B08:00").getJsonArray("items")
                .stream().map(c -> ((JsonObject) c).getString("reference"))).containsAll(references);
        assertThat(http.deskJson("/api/v1/cases?receivedUntil=2026-11-25T10:00:00%2B08:00").getJsonArray("items"))
                .isEmpty();
    }

    @Test
    void badFiltersAre400() {
        assertThat(http.desk("/api/v1/cases?status=lost").statusCode()).isEqualTo(400);
        assertThat(http.desk("/api/v1/cases?limit=0").statusCode()).isEqualTo(400);
        assertThat(http.desk("/api/v1/cases?cursor=garbage!").statusCode()).isEqualTo(400);
        assertThat(http.desk("/api/v1/cases?receivedSince=yesterday").statusCode()).isEqualTo(400);
    }

    @Test
    void referenceDateIsTheIntakeDayInChina() {
        assertThat(references).allMatch(r -> r.startsWith("TS20261125-"));
    }

    @Test
    void unknownReferenceIs404() {
        String unknown = new dev.shouli.core.domain.CaseReference("TS", java.time.LocalDate.of(2020, 1, 1), 1).toString();

        HttpResponse<String> response = http.desk("/api/v1/cases/" + unknown);

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(new JsonObject(response.body()).getString("detail")).contains(unknown);
    }

    @Test
    void mistypedReferenceIs404SayingTheCheckLetterIsWrong() {
        String reference = references.get(0);
        String typo = reference.substring(0, reference.length() - 2)
                + (reference.charAt(reference.length() - 2) == '9' ? '8' : '9')
                + reference.charAt(reference.length() - 1);

        HttpResponse<String> response = http.desk("/api/v1/cases/" + typo);

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(new JsonObject(response.body()).getString("detail")).contains("check letter");
    }

    @Test
    void attachmentIsADownloadThatIsNeverSniffed() {
        byte[] html = "<script>alert(1)</script>".getBytes(StandardCharsets.UTF_8);
        JsonObject body = Complaints.airConditioner().put("attachments", new JsonArray().add(new JsonObject()
                .put("name", "发票 照片.html").put("contentType", "text/html")
                .put("contentBase64", Base64.getEncoder().encodeToString(html))));
        String reference = new JsonObject(http.postJson("/api/v1/complaints", body.encode()).body())
                .getString("reference");
        String href = http.deskJson("/api/v1/cases/" + reference).getJsonArray("attachments")
                .getJsonObject(0).getString("href");

        HttpResponse<byte[]> download = http.sendForBytes(http.request(href)
                .header("Authorization", "Bearer " + TestGateway.DESK_TOKEN).GET().build());

        assertThat(download.statusCode()).isEqualTo(200);
        assertThat(download.body()).isEqualTo(html);
        assertThat(download.headers().firstValue("Content-Type")).hasValue("application/octet-stream");
        assertThat(download.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        assertThat(download.headers().firstValue("Content-Disposition")).get().asString()
                .startsWith("attachment;")
                .contains("filename*=UTF-8''%E5%8F%91%E7%A5%A8%20%E7%85%A7%E7%89%87.html");
    }

    @Test
    void attachmentOfAnotherCaseIs404() {
        HttpResponse<String> response = http.desk("/api/v1/cases/" + references.get(0) + "/attachments/999999");

        assertThat(response.statusCode()).isEqualTo(404);
    }

    @Test
    void confidentialComplainantIsMasked() {
        JsonObject body = Complaints.airConditioner();
        body.getJsonObject("complainant").put("confidential", true);
        String reference = new JsonObject(http.postJson("/api/v1/complaints", body.encode()).body())
                .getString("reference");

        JsonObject complainant = http.deskJson("/api/v1/cases/" + reference).getJsonObject("complainant");

        assertThat(complainant.getString("name")).isEqualTo("张**");
        assertThat(complainant.getString("phone")).isEqualTo("**********8000");
        assertThat(complainant.getString("email")).isEqualTo("z***@example.com");
        assertThat(complainant.getBoolean("confidential")).isTrue();
    }
}
