package dev.shouli.feature.desk;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import dev.shouli.Gateway;
import dev.shouli.core.db.DatabaseEndpoint;
import dev.shouli.support.Complaints;
import dev.shouli.support.DeskUsers;
import dev.shouli.support.Http;
import dev.shouli.support.TestDatabase;
import dev.shouli.support.TestGateway;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import jakarta.mail.internet.MimeMessage;
import java.net.ServerSocket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Replies and what an action tells the complainant, through the desk API: a reply is a desk action that meets the
 * 答复 deadline and goes out on the complainant's own channel; one that nothing can carry is refused before
 * anything is written, and a phone reply is recorded instead; a public note reaches the complainant when asked;
 * one request key is one action; 分派 takes only active desk users.
 */
class CaseRepliesTest {

    private static GreenMail smtp;
    private static DatabaseEndpoint db;
    private static Gateway gateway;
    private static Http http;
    private static Gateway mailless;
    private static Http mailHttp;

    @BeforeAll
    static void start() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        smtp = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        smtp.start();
        db = TestDatabase.freshDatabase();
        gateway = TestGateway.start(db, Map.of("SHOULI_MAILER_HOST", "127.0.0.1",
                "SHOULI_MAILER_PORT", String.valueOf(port), "SHOULI_MAILER_START_TLS", "DISABLED",
                "SHOULI_OUTBOX_POLL_INTERVAL", "100ms"), Clock.systemUTC());
        DeskUsers.add(db, "lina", "李娜");
        http = new Http(gateway.port());
        mailless = TestGateway.start(TestDatabase.freshDatabase(), Map.of(), Clock.systemUTC());
        mailHttp = new Http(mailless.port());
    }

    @AfterAll
    static void stop() {
        TestGateway.stop(gateway);
        TestGateway.stop(mailless);
        smtp.stop();
    }

    private static String newCase(Http on, JsonObject complaint) {
        return new JsonObject(on.postJson("/api/v1/complaints", complaint.encode(), "Idempotency-Key",
                UUID.randomUUID().toString()).body()).getString("reference");
    }

    private static HttpResponse<String> act(Http on, String reference, String action, JsonObject body) {
        return on.send(on.request("/api/v1/cases/" + reference + "/" + action)
                .header("Authorization", "Bearer " + TestGateway.DESK_TOKEN)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.encode())).build());
    }

    private static JsonObject deadline(Http on, String reference, String kind) {
        JsonArray all = on.deskJson("/api/v1/cases/" + reference).getJsonObject("sla").getJsonArray("deadlines");
        return all.stream().map(JsonObject.class::cast).filter(d -> kind.equals(d.getString("kind"))).findFirst()
                .orElseThrow();
    }

    private static List<MimeMessage> mailsTo(String address, String subjectPart) throws Exception {
        return Arrays.stream(smtp.getReceivedMessages()).filter(m -> {
            try {
                return m.getSubject().contains(subjectPart)
                        && Arrays.stream(m.getAllRecipients()).anyMatch(a -> a.toString().equalsIgnoreCase(address));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }).toList();
    }

    private static MimeMessage awaitMail(String address, String subjectPart) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            List<MimeMessage> found = mailsTo(address, subjectPart);
            if (!found.isEmpty()) {
                return found.get(0);
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no mail to " + address + " about " + subjectPart);
    }

    @Test
    void aReplyGoesToTheComplainantsAddressAndMeetsTheReplyDeadline() throws Exception {
        String reference = newCase(http, Complaints.airConditioner().put("complainant",
                new JsonObject().put("name", "张伟").put("email", "reply-one@example.cn")));

        HttpResponse<String> done = act(http, reference, "reply", new JsonObject()
                .put("subject", "关于 {reference}").put("text", "{name}您好：华润万家已同意退货，请于{dueDate}前携票据到店。"));

        assertThat(done.statusCode()).as(done.body()).isEqualTo(200);
        assertThat(new JsonObject(done.body()).getJsonObject("notice").getString("channel")).isEqualTo("email");
        assertThat(deadline(http, reference, "reply").getString("state")).isEqualTo("met");
        assertThat(deadline(http, reference, "first_response").getString("state")).isEqualTo("met");
        MimeMessage mail = awaitMail("reply-one@example.cn", "关于 " + reference);
        assertThat((String) mail.getContent()).startsWith("张伟您好：华润万家已同意退货，请于20").doesNotContain("{");
    }

    @Test
    void aReplyNothingCanCarryIsRefusedWithTheReasonAndNothingIsRecorded() {
        String reference = newCase(mailHttp, Complaints.airConditioner());

        HttpResponse<String> refused = act(mailHttp, reference, "reply", new JsonObject().put("text", "您好"));

        assertThat(refused.statusCode()).isEqualTo(409);
        assertThat(new JsonObject(refused.body()).getString("refusal")).isEqualTo("no-mailer");
        assertThat(deadline(mailHttp, reference, "reply").getString("state")).isEqualTo("on_time");
        assertThat(mailHttp.deskJson("/api/v1/cases/" + reference).getJsonArray("history").stream()
                .map(JsonObject.class::cast).map(e -> e.getString("kind"))).doesNotContain("reply");
    }

    @Test
    void aPhoneReplyRecordsWhoWhenAndWhatAndMeetsTheReplyDeadline() throws Exception {
        String reference = newCase(mailHttp, Complaints.airConditioner());
        // A whole second after the case arrived, and not in the future.
        Thread.sleep(1100);
        Instant called = Instant.now().truncatedTo(ChronoUnit.SECONDS);

        HttpResponse<String> done = act(mailHttp, reference, "phone-reply", new JsonObject()
                .put("summary", "已电话告知张先生：商家同意退货")
                .put("calledAt", called.atOffset(ZoneOffset.ofHours(8)).toString()));

        assertThat(done.statusCode()).as(done.body()).isEqualTo(200);
        JsonObject reply = deadline(mailHttp, reference, "reply");
        assertThat(reply.getString("state")).isEqualTo("met");
        JsonObject event = mailHttp.deskJson("/api/v1/cases/" + reference).getJsonArray("history").stream()
                .map(JsonObject.class::cast).filter(e -> "phone-reply".equals(e.getString("kind"))).findFirst()
                .orElseThrow();
        JsonObject p = event.getJsonObject("detail").getJsonObject("parameters");
        assertThat(p.getString("caller")).isEqualTo("tester");
        assertThat(p.getString("calledAt")).isEqualTo(called.toString());
        assertThat(p.getString("summary")).isEqualTo("已电话告知张先生：商家同意退货");
    }

    @Test
    void aPhoneReplyCalledBeforeTheCaseArrivedIs422AndMeetsNothing() {
        String reference = newCase(mailHttp, Complaints.airConditioner());

        HttpResponse<String> refused = act(mailHttp, reference, "phone-reply", new JsonObject()
                .put("summary", "已电话告知").put("calledAt", "2020-01-01T10:00:00+08:00"));

        assertThat(refused.statusCode()).isEqualTo(422);
        assertThat(new JsonObject(refused.body()).getString("detail")).contains("calledAt")
                .contains("before the case was received");
        assertThat(deadline(mailHttp, reference, "reply").getString("state")).isEqualTo("on_time");
    }

    @Test
    void aPhoneReplyCalledInTheFutureIs422() {
        String reference = newCase(mailHttp, Complaints.airConditioner());

        HttpResponse<String> refused = act(mailHttp, reference, "phone-reply", new JsonObject()
                .put("summary", "已电话告知").put("calledAt", Instant.now().plus(Duration.ofHours(2)).toString()));

        assertThat(refused.statusCode()).isEqualTo(422);
        assertThat(new JsonObject(refused.body()).getString("detail")).contains("calledAt").contains("future");
        assertThat(deadline(mailHttp, reference, "reply").getString("state")).isEqualTo("on_time");
    }

    @Test
    void aPublicNoteIsToldToTheComplainantOnceWhenAskedInTheirLanguage() throws Exception {
        String reference = newCase(http, Complaints.airConditioner().put("language", "en").put("complainant",
                new JsonObject().put("email", "note-once@example.cn")));
        JsonObject body = new JsonObject().put("publicNote", "已转交售后部门").put("publicNote@en",
                "Passed to the after-sales team for {reference}").put("notify", true).put("requestKey", "k-1");

        HttpResponse<String> first = act(http, reference, "acknowledge", body);
        HttpResponse<String> second = act(http, reference, "acknowledge", body);

        assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
        assertThat(second.statusCode()).as("the same request key again: " + second.body()).isEqualTo(200);
        assertThat(new JsonObject(second.body()).getBoolean("repeated")).isTrue();
        MimeMessage mail = awaitMail("note-once@example.cn", "update on your complaint " + reference);
        assertThat((String) mail.getContent()).contains("Passed to the after-sales team for " + reference)
                .doesNotContain("售后部门");
        Thread.sleep(500);
        assertThat(mailsTo("note-once@example.cn", "update")).hasSize(1);
        assertThat(http.deskJson("/api/v1/cases/" + reference).getJsonArray("history").stream()
                .map(JsonObject.class::cast).filter(e -> "acknowledge".equals(e.getString("kind")))).hasSize(1);
    }

    @Test
    void assigningANameThatIsNoActiveDeskUserIs422() {
        String reference = newCase(http, Complaints.airConditioner());

        HttpResponse<String> typo = act(http, reference, "assign", new JsonObject().put("assignee", "lian"));
        HttpResponse<String> known = act(http, reference, "assign", new JsonObject().put("assignee", "LINA"));

        assertThat(typo.statusCode()).isEqualTo(422);
        assertThat(typo.body()).contains("assignee").contains("lian");
        assertThat(known.statusCode()).as(known.body()).isEqualTo(200);
        assertThat(http.deskJson("/api/v1/cases/" + reference).getString("assignee")).isEqualTo("lina");
    }
}
