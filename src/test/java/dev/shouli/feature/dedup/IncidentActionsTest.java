package dev.shouli.feature.dedup;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import dev.shouli.Gateway;
import dev.shouli.core.db.DatabaseEndpoint;
import dev.shouli.support.HeldCases;
import dev.shouli.support.Http;
import dev.shouli.support.Incidents;
import dev.shouli.support.TestDatabase;
import dev.shouli.support.TestGateway;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import jakarta.mail.internet.MimeMessage;
import java.net.ServerSocket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * 并案处理 through the desk API: one action on an incident is done on each of its cases through the incident,
 * tells each complainant once by their own channel, lists the cases that could not take it with the reason, shows
 * the incident's note on each status page, reaches a case that joins later, and happens once however often it is
 * asked with the same key.
 */
class IncidentActionsTest {

    private static GreenMail smtp;
    private static DatabaseEndpoint db;
    private static Gateway gateway;
    private static Http http;

    @BeforeAll
    static void start() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        smtp = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        smtp.start();
        db = TestDatabase.freshDatabase();
        gateway = TestGateway.start(db, Map.of("SHOULI_DEDUP_ENABLED", "true",
                "SHOULI_MAILER_HOST", "127.0.0.1", "SHOULI_MAILER_PORT", String.valueOf(port),
                "SHOULI_MAILER_START_TLS", "DISABLED", "SHOULI_OUTBOX_POLL_INTERVAL", "100ms",
                "SHOULI_BULK_POLL_INTERVAL", "50ms"), Clock.systemUTC());
        http = new Http(gateway.port());
    }

    @AfterAll
    static void stop() {
        TestGateway.stop(gateway);
        smtp.stop();
    }

    private static Incidents.Made incident(String store, int n) {
        return Incidents.make(gateway, http, store, n);
    }

    private static HttpResponse<String> act(long incident, String action, JsonObject body, String key) {
        HttpRequest.Builder r = http.request("/api/v1/incidents/" + incident + "/" + action + "?wait=30")
                .header("Authorization", "Bearer " + TestGateway.DESK_TOKEN)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.encode()));
        if (key != null) {
            r.header("Idempotency-Key", key);
        }
        return http.send(r.build());
    }

    private static HttpResponse<String> actOnCase(String reference, String action, JsonObject body) {
        return http.send(http.request("/api/v1/cases/" + reference + "/" + action)
                .header("Authorization", "Bearer " + TestGateway.DESK_TOKEN).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.encode())).build());
    }

    private static long mailsTo(String address, String subjectPart) {
        return Arrays.stream(smtp.getReceivedMessages()).filter(m -> {
            try {
                return m.getSubject().contains(subjectPart)
                        && Arrays.stream(m.getAllRecipients()).anyMatch(a -> a.toString().equalsIgnoreCase(address));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }).count();
    }

    private static void awaitMails(List<String> addresses, String subjectPart) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline && addresses.stream().anyMatch(a -> mailsTo(a, subjectPart) == 0)) {
            Thread.sleep(100);
        }
        Thread.sleep(500);
    }

    @Test
    void resolvingAnIncidentResolvesEachCaseThroughItAndTellsEachComplainantOnce() throws Exception {
        Incidents.Made incident = incident("佳惠超市", 4);
        assertThat(act(incident.id(), "acknowledge", new JsonObject(), null).statusCode()).isEqualTo(200);
        String alreadyDone = incident.references().get(3);
        assertThat(actOnCase(alreadyDone, "resolve", new JsonObject().put("result", "单独办结")).statusCode())
                .isEqualTo(200);

        HttpResponse<String> resolved = act(incident.id(), "resolve", new JsonObject()
                .put("result", "经查，佳惠超市已下架全部过期牛奶并退款。").put("publicNote", "市场监管局已责令整改，{reference} 已办结。"),
                null);

        assertThat(resolved.statusCode()).as(resolved.body()).isEqualTo(200);
        JsonObject answer = new JsonObject(resolved.body());
        assertThat(answer.getInteger("total")).isEqualTo(4);
        assertThat(answer.getInteger("done")).isEqualTo(3);
        assertThat(answer.getInteger("told")).isEqualTo(3);
        JsonArray refused = answer.getJsonArray("refusedCases");
        assertThat(refused).hasSize(1);
        assertThat(refused.getJsonObject(0).getString("reference")).isEqualTo(alreadyDone);
        assertThat(refused.getJsonObject(0).getString("caseStatus")).isEqualTo("resolved");
        JsonObject record = http.deskJson("/api/v1/cases/" + incident.references().get(0));
        assertThat(record.getString("status")).isEqualTo("resolved");
        JsonObject event = record.getJsonArray("history").stream().map(JsonObject.class::cast)
                .filter(e -> "resolve".equals(e.getString("kind"))).findFirst().orElseThrow();
        assertThat(event.getJsonObject("detail").getJsonObject("via").getLong("incident")).isEqualTo(incident.id());
        awaitMails(incident.emails().subList(0, 3), "最新进展");
        for (int i = 0; i < 3; i++) {
            assertThat(mailsTo(incident.emails().get(i), "最新进展")).as(incident.emails().get(i)).isEqualTo(1);
        }
        assertThat(mailsTo(incident.emails().get(3), "最新进展")).isZero();
        MimeMessage one = Arrays.stream(smtp.getReceivedMessages()).filter(m -> {
            try {
                return m.getAllRecipients()[0].toString().equals(incident.emails().get(1))
                        && m.getSubject().contains("最新进展");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }).findFirst().orElseThrow();
        assertThat((String) one.getContent()).contains("市场监管局已责令整改，" + incident.references().get(1) + " 已办结。");
    }

    @Test
    void eachMembersStatusPageShowsTheIncidentsNote() {
        Incidents.Made incident = incident("联华超市", 3);
        act(incident.id(), "acknowledge", new JsonObject().put("publicNote", "已收到多位市民反映，正在统一调查。"), null);

        HttpResponse<String> status = http.postJson("/api/v1/status", new JsonObject()
                .put("reference", incident.references().get(2)).put("contact", incident.emails().get(2)).encode());

        assertThat(status.statusCode()).as(status.body()).isEqualTo(200);
        JsonObject shown = new JsonObject(status.body());
        assertThat(shown.getJsonObject("incidentNote").getString("text")).isEqualTo("已收到多位市民反映，正在统一调查。");
        assertThat(shown.getJsonArray("publicNotes").encode()).contains("已收到多位市民反映");
    }

    @Test
    void aCaseThatJoinsLaterIsBroughtToTheIncidentsStateAndToldItsNoteOnce() throws Exception {
        Incidents.Made incident = incident("百佳超市", 3);
        act(incident.id(), "acknowledge", new JsonObject(), null);
        act(incident.id(), "resolve", new JsonObject().put("result", "百佳超市已整改并退款。"), null);

        String late = lateJoiner("百佳超市", "late-joiner@example.cn");

        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!"resolved".equals(http.deskJson("/api/v1/cases/" + late).getString("status"))
                && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        JsonObject record = http.deskJson("/api/v1/cases/" + late);
        assertThat(record.getString("status")).isEqualTo("resolved");
        assertThat(record.getJsonArray("history").stream().map(JsonObject.class::cast).map(e -> e.getString("kind")))
                .containsSubsequence("incident_linked", "acknowledge", "resolve");
        awaitMails(List.of("late-joiner@example.cn"), "最新进展");
        assertThat(mailsTo("late-joiner@example.cn", "最新进展")).isEqualTo(1);
    }

    /** A case that joins the incident after the linker has caught up, with its own address. */
    private static String lateJoiner(String store, String email) {
        String reference = new JsonObject(http.postJson("/api/v1/complaints", new JsonObject()
                .put("subject", store + "卖过期牛奶")
                .put("description", store + "人民路店卖的鲜牛奶过期了三天还在货架上，喝了肚子疼。我也买到了。")
                .put("complainant", new JsonObject().put("email", email))
                .put("respondent", new JsonObject().put("organisation", store)).encode(),
                "Idempotency-Key", UUID.randomUUID().toString()).body()).getString("reference");
        Incidents.awaitLinked(gateway);
        return reference;
    }

    @Test
    void aCaseThatJoinsAfterANoteAloneIsToldTheNoteOnce() throws Exception {
        Incidents.Made incident = incident("世纪联华", 2);
        assertThat(act(incident.id(), "note", new JsonObject().put("publicNote", "已约谈商家，正在核实进货渠道。"), null)
                .statusCode()).isEqualTo(200);

        String late = lateJoiner("世纪联华", "note-joiner@example.cn");

        awaitMails(List.of("note-joiner@example.cn"), "最新进展");
        assertThat(mailsTo("note-joiner@example.cn", "最新进展")).isEqualTo(1);
        JsonObject record = http.deskJson("/api/v1/cases/" + late);
        assertThat(record.getString("status")).isEqualTo("new");
        JsonObject note = record.getJsonArray("history").stream().map(JsonObject.class::cast)
                .filter(e -> "note".equals(e.getString("kind"))).findFirst().orElseThrow();
        assertThat(note.getJsonObject("detail").getJsonObject("via").getBoolean("joined")).isTrue();
        assertThat(note.getJsonObject("detail").getJsonObject("parameters").getString("publicNote"))
                .isEqualTo("已约谈商家，正在核实进货渠道。");
    }

    private static long batchesOf(String origin) throws Exception {
        return gateway.pool().query("SELECT count(*) AS n FROM case_batch WHERE origin = '" + origin + "'").execute()
                .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS).iterator().next().getLong("n");
    }

    @Test
    void anActionEveryCaseRefusedLeavesNothingStandingForACaseThatJoinsLater() throws Exception {
        Incidents.Made incident = incident("华润万家超市", 2);
        HttpResponse<String> resolved = act(incident.id(), "resolve", new JsonObject().put("result", "已整改。"), null);
        assertThat(new JsonObject(resolved.body()).getInteger("refused")).as(resolved.body()).isEqualTo(2);

        String late = lateJoiner("华润万家超市", "refused-joiner@example.cn");

        assertThat(batchesOf("incident:" + incident.id() + ":join")).isZero();
        assertThat(http.deskJson("/api/v1/cases/" + late).getString("status")).isEqualTo("new");
    }

    @Test
    void aCaseThatJoinsWhileTheActionHasTakenOnNoCaseYetIsBroughtToItOnceItHas() throws Exception {
        Incidents.Made incident = incident("欧尚超市", 2);
        String late;
        // Desk work holds both cases, so the batch has done none of them when the new case joins.
        try (HeldCases desk = HeldCases.hold(db, incident.references())) {
            HttpResponse<String> started = http.send(http.request("/api/v1/incidents/" + incident.id()
                            + "/acknowledge?wait=0").header("Authorization", "Bearer " + TestGateway.DESK_TOKEN)
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
                            new JsonObject().put("publicNote", "已收到多位市民反映，正在统一核查。").encode())).build());
            assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
            late = lateJoiner("欧尚超市", "early-joiner@example.cn");
        }

        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!"acknowledged".equals(http.deskJson("/api/v1/cases/" + late).getString("status"))
                && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertThat(http.deskJson("/api/v1/cases/" + late).getString("status")).isEqualTo("acknowledged");
        awaitMails(List.of("early-joiner@example.cn"), "最新进展");
        assertThat(mailsTo("early-joiner@example.cn", "最新进展")).isEqualTo(1);
    }

    @Test
    void repeatingAnOlderRequestKeyLeavesTheNewerActionStanding() {
        Incidents.Made incident = incident("物美超市", 2);
        JsonObject first = new JsonObject().put("publicNote", "已收到，正在核查。");
        long batch = new JsonObject(act(incident.id(), "acknowledge", first, "older").body()).getLong("batch");
        act(incident.id(), "note", new JsonObject().put("publicNote", "商家已承诺全部退款。"), "newer");

        HttpResponse<String> repeated = act(incident.id(), "acknowledge", first, "older");

        assertThat(new JsonObject(repeated.body()).getLong("batch")).isEqualTo(batch);
        JsonObject status = new JsonObject(http.postJson("/api/v1/status", new JsonObject()
                .put("reference", incident.references().get(0)).put("contact", incident.emails().get(0)).encode())
                .body());
        assertThat(status.getJsonObject("incidentNote").getString("text")).isEqualTo("商家已承诺全部退款。");
    }

    @Test
    void theSameIdempotencyKeyTwiceIsOneAction() throws Exception {
        Incidents.Made incident = incident("华联超市", 3);
        JsonObject body = new JsonObject().put("publicNote", "正在核查。");

        HttpResponse<String> first = act(incident.id(), "acknowledge", body, "k-42");
        HttpResponse<String> second = act(incident.id(), "acknowledge", body, "k-42");

        assertThat(new JsonObject(second.body()).getLong("batch")).isEqualTo(new JsonObject(first.body()).getLong("batch"));
        awaitMails(incident.emails(), "最新进展");
        for (String email : incident.emails()) {
            assertThat(mailsTo(email, "最新进展")).as(email).isEqualTo(1);
        }
    }

    @Test
    void assigningAnIncidentToNoActiveDeskUserIs422AndStartsNothing() throws Exception {
        Incidents.Made incident = incident("家乐福超市", 2);

        HttpResponse<String> typo = act(incident.id(), "assign", new JsonObject().put("assignee", "lian"), null);

        assertThat(typo.statusCode()).as(typo.body()).isEqualTo(422);
        assertThat(new JsonObject(typo.body()).getString("detail")).contains("assignee").contains("'lian'");
        assertThat(batchesOf("incident:" + incident.id())).isZero();
    }

    @Test
    void anUnknownIncidentIs404() {
        assertThat(act(999_999, "acknowledge", new JsonObject(), null).statusCode()).isEqualTo(404);
    }
}
