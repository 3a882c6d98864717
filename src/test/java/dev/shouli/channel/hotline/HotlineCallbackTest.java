package dev.shouli.channel.hotline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shouli.core.cases.CaseAction;
import dev.shouli.core.cases.CaseActionHook;
import dev.shouli.core.http.HttpProblem;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.ZoneId;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

/**
 * Every callback to the platform, delivered from the outbox to a fake platform on loopback that checks the
 * signature: the automatic sign-for on intake, and sign-for, return, extension and reply from desk actions.
 */
class HotlineCallbackTest extends HotlineTestBase {

    private CaseActionHook hook() {
        return new HotlineCaseActionHook(configHotline(), new HotlineStore(), new HotlineCallbacks(ZoneId.of("Asia/Shanghai")));
    }

    private dev.shouli.channel.hotline.HotlineConfig configHotline() {
        return hotlineConfig;
    }

    /** Runs the hook as the desk action endpoint does: inside the action's transaction. */
    private void act(String reference, String action, JsonObject parameters) throws Exception {
        long caseId = count("SELECT id FROM complaint_case WHERE reference = '" + reference + "'");
        String channel = http.deskJson("/api/v1/cases/" + reference).getString("channel");
        await(gateway.pool().withTransaction(conn -> hook().onAction(conn, new CaseAction(caseId, reference, channel,
                action, "new", action, "desk:tester", clock.instant(), parameters))));
    }

    private String newCase(String source, String secret) {
        String ticket = newTicketNumber();
        JsonObject order = workOrder(ticket);
        if (source.equals("mapped")) {
            order = new JsonObject().put("workordercode", ticket).put("appealtype", "3")
                    .put("workordercontent", "投诉噪音扰民").put("caller", new JsonObject().put("lxdh", "13900139000"));
        }
        return new JsonObject(post(source, secret, order).body()).getString("reference");
    }

    private String ticketOf(String reference) {
        return http.deskJson("/api/v1/cases/" + reference).getJsonArray("submissions").getJsonObject(0)
                .getString("externalId").split("#")[0];
    }

    @Test
    void aNewTicketIsSignedForAutomaticallyWithASignedCallback() throws Exception {
        String reference = newCase("city12345", SECRET);
        String ticket = ticketOf(reference);

        await(worker.poll());

        assertThat(platform.callsFor(ticket)).hasSize(1);
        FakePlatform.Call call = platform.callsFor(ticket).get(0);
        assertThat(call.signatureValid()).isTrue();
        assertThat(call.body().getString("type")).isEqualTo("sign-for");
        assertThat(call.body().getString("reference")).isEqualTo(reference);
        assertThat(call.idempotencyKey()).isEqualTo("hotline:city12345:" + ticket + ":sign-for");
        JsonObject delivery = http.deskJson("/api/v1/cases/" + reference).getJsonArray("deliveries").getJsonObject(0);
        assertThat(delivery.getString("kind")).isEqualTo("callback");
        assertThat(delivery.getString("status")).isEqualTo("sent");
    }

    @Test
    void aSourceSigningOnAcknowledgeSignsForOnlyWhenTheDeskAcknowledges() throws Exception {
        String reference = newCase("mapped", MAPPED_SECRET);
        String ticket = ticketOf(reference);
        await(worker.poll());
        assertThat(mappedPlatform.callsFor(ticket)).as("nothing before the desk acknowledges").isEmpty();

        act(reference, "acknowledge", new JsonObject());
        await(worker.poll());

        assertThat(mappedPlatform.callsFor(ticket)).hasSize(1);
        assertThat(mappedPlatform.callsFor(ticket).get(0).body().getString("type")).isEqualTo("sign-for");
        assertThat(mappedPlatform.callsFor(ticket).get(0).signatureValid()).isTrue();
    }

    @Test
    void aReturnCarriesItsReasonCodeAndNote() throws Exception {
        String reference = newCase("city12345", SECRET);
        String ticket = ticketOf(reference);

        act(reference, "return", new JsonObject().put("reasonCode", "wrong_area").put("note", "属于邻区管辖"));
        await(worker.poll());

        JsonObject body = platform.callsFor(ticket).stream().map(FakePlatform.Call::body)
                .filter(b -> b.getString("type").equals("return")).findFirst().orElseThrow();
        assertThat(body.getString("reasonCode")).isEqualTo("wrong_area");
        assertThat(body.getString("reason")).isEqualTo("不属本辖区");
        assertThat(body.getString("note")).isEqualTo("属于邻区管辖");
        assertThat(count("SELECT count(*) FROM hotline_ticket WHERE ticket_number = '" + ticket
                + "' AND state = 'returned'")).isEqualTo(1);
    }

    @Test
    void aReturnWithoutAKnownReasonCodeFailsTheActionAndQueuesNothing() throws Exception {
        String reference = newCase("city12345", SECRET);
        long before = count("SELECT count(*) FROM outbox");

        assertThatThrownBy(() -> act(reference, "return", new JsonObject().put("reasonCode", "bored")))
                .isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(HttpProblem.class).hasMessageContaining("reasonCode");
        assertThat(count("SELECT count(*) FROM outbox")).isEqualTo(before);
    }

    @Test
    void anExtensionRequestCarriesTheNewDateAndReason() throws Exception {
        String reference = newCase("city12345", SECRET);
        String ticket = ticketOf(reference);

        act(reference, "extend", new JsonObject().put("newDeadline", "2026-12-09T18:00:00+08:00")
                .put("reason", "需现场检测，检测机构排期"));
        await(worker.poll());

        JsonObject body = platform.callsFor(ticket).stream().map(FakePlatform.Call::body)
                .filter(b -> b.getString("type").equals("extend")).findFirst().orElseThrow();
        assertThat(body.getString("newDeadline")).isEqualTo("2026-12-09T18:00+08:00");
        assertThat(body.getString("reason")).isEqualTo("需现场检测，检测机构排期");
    }

    @Test
    void resolvingRepliesWithTheHandlingResultOnceEvenWhenClosedAfterwards() throws Exception {
        String reference = newCase("city12345", SECRET);
        String ticket = ticketOf(reference);

        act(reference, "resolve", new JsonObject().put("result", "已协调商家退款299元并书面道歉"));
        act(reference, "close", new JsonObject());
        await(worker.poll());

        var replies = platform.callsFor(ticket).stream().map(FakePlatform.Call::body)
                .filter(b -> b.getString("type").equals("reply")).toList();
        assertThat(replies).hasSize(1);
        assertThat(replies.get(0).getString("result")).isEqualTo("已协调商家退款299元并书面道歉");
    }

    @Test
    void aCallbackThePlatformRefusesKeepsRetryingShowsFailingOnTheCaseAndRecovers() throws Exception {
        await(worker.poll()); // nothing left over from other tests takes the scripted answers
        platform.answerNext(503, 500);
        String reference = newCase("city12345", SECRET);
        String ticket = ticketOf(reference);

        await(worker.poll());
        JsonObject failing = http.deskJson("/api/v1/cases/" + reference).getJsonArray("deliveries").getJsonObject(0);
        assertThat(failing.getString("status")).isEqualTo("failed");
        assertThat(failing.getString("lastError")).contains("503");

        clock.advance(Duration.ofSeconds(10));
        await(worker.poll());
        clock.advance(Duration.ofSeconds(30));
        await(worker.poll());

        JsonObject delivered = http.deskJson("/api/v1/cases/" + reference).getJsonArray("deliveries").getJsonObject(0);
        assertThat(delivered.getString("status")).isEqualTo("sent");
        assertThat(delivered.getInteger("attempts")).isEqualTo(3);
        assertThat(platform.callsFor(ticket)).extracting(FakePlatform.Call::idempotencyKey).containsOnly(
                "hotline:city12345:" + ticket + ":sign-for");
    }

    @Test
    void aReassignedTicketTakesItsNewDeadlinesAndIsSignedForAgain() throws Exception {
        String reference = newCase("city12345", SECRET);
        String ticket = ticketOf(reference);

        post("city12345", SECRET, new JsonObject().put("ticketNumber", ticket).put("messageKind", "改派")
                .put("reason", "由区住建局改派至本单位")
                .put("signForDeadline", "2026-11-27T12:00:00+08:00").put("replyDeadline", "2026-12-05T18:00:00+08:00"));
        await(worker.poll());

        JsonObject c = http.deskJson("/api/v1/cases/" + reference);
        assertThat(c.getJsonObject("sla").getString("acknowledgeDueAt")).isEqualTo("2026-11-27T04:00:00Z");
        assertThat(c.getJsonObject("sla").getString("resolveDueAt")).isEqualTo("2026-12-05T10:00:00Z");
        assertThat(platform.callsFor(ticket)).extracting(FakePlatform.Call::idempotencyKey).containsExactlyInAnyOrder(
                "hotline:city12345:" + ticket + ":sign-for", "hotline:city12345:" + ticket + ":sign-for:reassign-1");
    }
}
