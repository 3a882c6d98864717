package dev.shouli.channel.form;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shouli.Gateway;
import dev.shouli.core.db.DatabaseEndpoint;
import dev.shouli.support.Complaints;
import dev.shouli.support.Http;
import dev.shouli.support.TestDatabase;
import dev.shouli.support.TestGateway;
import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The status page and its JSON twin against two gateway instances on one PostgreSQL: the right contact shows
 * the case's public side, a wrong reference and a wrong contact get the very same answer, and the limits
 * count across instances. Each test asks from its own client address (X-Real-IP) so the per-client limit of
 * one test does not touch another.
 */
class StatusLookupTest {

    private static final Map<String, String> ENV = Map.of(
            "SHOULI_STATUS_CLIENT_ADDRESS_HEADER", "X-Real-IP",
            "SHOULI_STATUS_REFERENCE_LIMIT", "5",
            "SHOULI_STATUS_CLIENT_LIMIT", "8");
    private static Gateway first;
    private static Gateway second;
    private static Http http;
    private static Http other;

    @BeforeAll
    static void start() {
        DatabaseEndpoint db = TestDatabase.freshDatabase();
        first = TestGateway.start(db, ENV, Clock.systemUTC());
        second = TestGateway.start(db, ENV, Clock.systemUTC());
        http = new Http(first.port());
        other = new Http(second.port());
    }

    @AfterAll
    static void stop() {
        TestGateway.stop(first);
        TestGateway.stop(second);
    }

    private static String newCase(JsonObject complaint) {
        HttpResponse<String> answer = http.postJson("/api/v1/complaints", complaint.encode());
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(201);
        return new JsonObject(answer.body()).getString("reference");
    }

    private static String client() {
        return "10.13." + (int) (Math.random() * 250) + "." + (int) (Math.random() * 250);
    }

    private static HttpResponse<String> ask(Http on, String client, String reference, String contact) {
        return on.postJson("/api/v1/status", new JsonObject().put("reference", reference).put("contact", contact)
                .encode(), "X-Real-IP", client);
    }

    private static HttpResponse<String> askPage(String client, String reference, String contact) {
        String form = "reference=" + URLEncoder.encode(reference, StandardCharsets.UTF_8) + "&contact="
                + URLEncoder.encode(contact, StandardCharsets.UTF_8);
        return http.postBytes("/status?lang=zh-CN", "application/x-www-form-urlencoded",
                form.getBytes(StandardCharsets.UTF_8), "X-Real-IP", client);
    }

    private static void act(String reference, String action, JsonObject parameters) {
        HttpResponse<String> r = http.send(http.request("/api/v1/cases/" + reference + "/" + action)
                .header("Authorization", "Bearer " + TestGateway.DESK_TOKEN)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(parameters.encode())).build());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    }

    @Test
    void lastFourDigitsOfThePhoneShowTheStatusAndTheNextDeadline() {
        String reference = newCase(Complaints.airConditioner());

        HttpResponse<String> answer = ask(http, client(), reference, "8000");

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        JsonObject status = new JsonObject(answer.body());
        assertThat(status.getString("reference")).isEqualTo(reference);
        assertThat(status.getString("status")).isEqualTo("new");
        assertThat(status.getString("receivedAt")).endsWith("+08:00");
        assertThat(status.getJsonObject("nextDeadline").getString("kind")).isEqualTo("first_response");
        assertThat(status.getJsonObject("nextDeadline").getString("dueAt")).endsWith("+08:00");
        assertThat(status.getJsonObject("respondent").getString("organisation")).isEqualTo("华润万家");
        assertThat(status.encode()).doesNotContain("张伟", "13800138000", "zhangwei");
    }

    @Test
    void theEmailAddressInAnyCaseAndTheWholePhoneNumberWorkToo() {
        String reference = newCase(Complaints.airConditioner());

        assertThat(ask(http, client(), reference.toLowerCase(), "zhangwei@EXAMPLE.com").statusCode()).isEqualTo(200);
        assertThat(ask(http, client(), reference, "138-0013-8000").statusCode()).isEqualTo(200);
        assertThat(ask(http, client(), reference, "８０００").statusCode()).isEqualTo(200); // full-width digits
    }

    @Test
    void aWrongContactAndAWrongReferenceGetTheSameAnswer() {
        String reference = newCase(Complaints.airConditioner());
        HttpResponse<String> wrongContact = ask(http, client(), reference, "1234");
        HttpResponse<String> wrongReference = ask(http, client(), unknownButValid(reference), "8000");

        assertThat(wrongContact.statusCode()).isEqualTo(404);
        assertThat(wrongReference.statusCode()).isEqualTo(404);
        assertThat(wrongContact.body()).isEqualTo(wrongReference.body());
        assertThat(wrongContact.headers().firstValue("Content-Type"))
                .isEqualTo(wrongReference.headers().firstValue("Content-Type"));
    }

    /** A well-formed reference no case has: the same date, a number far beyond any issued, a fitting check letter. */
    private static String unknownButValid(String reference) {
        String date = reference.substring(2, 10);
        for (char check = 'A'; check <= 'Y'; check++) {
            String candidate = "TS" + date + "-999999" + check;
            if (isValid(candidate)) {
                return candidate;
            }
        }
        throw new AssertionError("no check letter fits");
    }

    private static boolean isValid(String reference) {
        try {
            dev.shouli.core.domain.CaseReference.parse(reference);
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    @Test
    void theWrongAnswerOnThePageIsTheSameForBothMistakes() {
        String reference = newCase(Complaints.airConditioner());

        String unknown = unknownButValid(reference);
        HttpResponse<String> wrongContact = askPage(client(), reference, "1234");
        HttpResponse<String> wrongReference = askPage(client(), unknown, "1234");

        assertThat(wrongContact.statusCode()).isEqualTo(404);
        assertThat(wrongReference.statusCode()).isEqualTo(404);
        assertThat(wrongContact.body()).contains("没有找到与此受理编号和联系方式相符的事项");
        // Identical but for the reference typed, which the form keeps.
        assertThat(wrongReference.body().replace(unknown, reference)).isEqualTo(wrongContact.body());
    }

    @Test
    void publicNotesAndTheResultAreShownButInternalNotesAreNot() {
        String reference = newCase(Complaints.airConditioner());
        act(reference, "acknowledge", new JsonObject().put("note", "内部：商家态度差").put("publicNote", "已转交南山区市场监管所"));
        act(reference, "resolve", new JsonObject().put("result", "商家已同意退货退款2999元").put("note", "内部备注"));

        JsonObject status = new JsonObject(ask(http, client(), reference, "8000").body());
        HttpResponse<String> page = askPage(client(), reference, "8000");

        assertThat(status.getString("status")).isEqualTo("resolved");
        assertThat(status.getJsonArray("publicNotes")).hasSize(1);
        assertThat(status.getJsonArray("publicNotes").getJsonObject(0).getString("text")).isEqualTo("已转交南山区市场监管所");
        assertThat(status.getJsonObject("result").getString("text")).isEqualTo("商家已同意退货退款2999元");
        assertThat(status.getValue("nextDeadline")).isNull();
        assertThat(status.encode()).doesNotContain("内部");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("已办结", "已转交南山区市场监管所", "商家已同意退货退款2999元")
                .doesNotContain("内部");
    }

    @Test
    void aConfidentialCaseShowsNoNamesAndNoSubject() {
        JsonObject complaint = Complaints.airConditioner();
        complaint.getJsonObject("complainant").put("confidential", true);
        complaint.put("subject", "店员王小明辱骂顾客");
        String reference = newCase(complaint);

        JsonObject status = new JsonObject(ask(http, client(), reference, "8000").body());
        String page = askPage(client(), reference, "8000").body();

        assertThat(status.getValue("subject")).isNull();
        assertThat(status.encode()).doesNotContain("王小明", "张伟");
        assertThat(page).doesNotContain("王小明", "张伟").contains(reference);
    }

    @Test
    void lookupsOfOneReferenceAreLimitedAcrossInstances() {
        String reference = newCase(Complaints.airConditioner());
        for (int i = 0; i < 5; i++) {
            // Different clients, alternating instances: only the reference's limit applies.
            assertThat(ask(i % 2 == 0 ? http : other, client(), reference, "1234").statusCode()).isEqualTo(404);
        }

        HttpResponse<String> limited = ask(other, client(), reference, "8000");

        assertThat(limited.statusCode()).isEqualTo(429);
        assertThat(limited.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(Long.parseLong(limited.headers().firstValue("Retry-After").orElseThrow())).isBetween(1L, 3600L);
    }

    @Test
    void lookupsOfOneClientAreLimitedAcrossInstances() {
        String client = client();
        for (int i = 0; i < 8; i++) {
            String reference = newCase(Complaints.airConditioner());
            assertThat(ask(i % 2 == 0 ? http : other, client, reference, "8000").statusCode()).isEqualTo(200);
        }

        HttpResponse<String> limited = askPage(client, newCase(Complaints.airConditioner()), "8000");

        assertThat(limited.statusCode()).isEqualTo(429);
        assertThat(limited.headers().firstValue("Retry-After")).isPresent();
        assertThat(limited.body()).contains("查询次数过多");
    }

    @Test
    void malformedQuestionsAreAnsweredWithWhatToFix() {
        HttpResponse<String> answer = ask(http, client(), "TS20261125-004217", "12");

        assertThat(answer.statusCode()).isEqualTo(422);
        assertThat(new JsonObject(answer.body()).getJsonArray("errors")).hasSize(2);
    }

    @Test
    void theStatusPageAsksForReferenceAndContactAndTakesTheReferenceFromTheReceiptLink() {
        HttpResponse<String> page = http.get("/status?lang=en&reference=TS20261125-004217K");

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("<html lang=\"en\">", "Reference number", "value=\"TS20261125-004217K\"",
                "method=\"post\"", "novalidate");
    }
}
