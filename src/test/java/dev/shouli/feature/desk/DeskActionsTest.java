package dev.shouli.feature.desk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shouli.Gateway;
import dev.shouli.core.db.DatabaseEndpoint;
import dev.shouli.core.cases.CaseAction;
import dev.shouli.core.cases.CaseActionHook;
import dev.shouli.core.cases.CaseActionService;
import dev.shouli.core.cases.CaseActionStore;
import dev.shouli.core.cases.DeskAction;
import dev.shouli.core.sla.SlaConfig;
import dev.shouli.core.sla.SlaPlanner;
import dev.shouli.core.sla.SlaStore;
import dev.shouli.support.Complaints;
import dev.shouli.support.Http;
import dev.shouli.support.MutableClock;
import dev.shouli.support.TestDatabase;
import dev.shouli.support.TestGateway;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Desk actions: allowed transitions, audit trail, and what each does to the SLA clocks. */
class DeskActionsTest {

    private static final MutableClock CLOCK = new MutableClock(Instant.parse("2026-03-10T02:00:00Z"));
    private static Gateway gateway;
    private static Http http;

    @BeforeAll
    static void start() {
        // A mailer, so the receipt is queued with a running clock (without one it is recorded unsent and its clock
        // cancelled at once), and an outbox that stays still, so nothing is sent to it: one test here checks that a
        // return leaves that clock alone.
        DatabaseEndpoint db = TestDatabase.freshDatabase();
        gateway = TestGateway.start(db, Map.of("SHOULI_MAILER_HOST", "127.0.0.1", "SHOULI_MAILER_PORT", "9",
                "SHOULI_OUTBOX_POLL_INTERVAL", "1h"), CLOCK);
        dev.shouli.support.DeskUsers.add(db, "lina", "李娜");
        http = new Http(gateway.port());
    }

    @AfterAll
    static void stop() {
        TestGateway.stop(gateway);
    }

    private static Instant at(String local) {
        return LocalDateTime.parse(local).atZone(ZoneId.of("Asia/Shanghai")).toInstant();
    }

    private static void travelTo(String local) {
        CLOCK.advance(Duration.between(CLOCK.instant(), at(local)));
    }

    private static String newCase() {
        return new JsonObject(http.postJson("/api/v1/complaints", Complaints.airConditioner().encode()).body())
                .getString("reference");
    }

    static HttpResponse<String> act(String reference, String action, JsonObject body) {
        return http.send(http.request("/api/v1/cases/" + reference + "/" + action)
                .header("Authorization", "Bearer " + TestGateway.DESK_TOKEN)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body == null ? "" : body.encode()))
                .build());
    }

    private static JsonObject ok(String reference, String action, JsonObject body) {
        HttpResponse<String> response = act(reference, action, body);
        assertThat(response.statusCode()).as(action + ": " + response.body()).isEqualTo(200);
        return new JsonObject(response.body());
    }

    private static JsonObject deadline(String reference, String kind) {
        JsonArray all = http.deskJson("/api/v1/cases/" + reference).getJsonObject("sla").getJsonArray("deadlines");
        for (int i = 0; i < all.size(); i++) {
            if (kind.equals(all.getJsonObject(i).getString("kind"))) {
                return all.getJsonObject(i);
            }
        }
        throw new AssertionError("no " + kind + " deadline");
    }

    @Test
    void acknowledgeMeetsTheFirstResponseDeadline() {
        travelTo("2026-03-10T10:00");
        String reference = newCase();
        travelTo("2026-03-10T11:00");

        JsonObject result = ok(reference, "acknowledge", null);

        assertThat(result.getString("status")).isEqualTo("acknowledged");
        JsonObject firstResponse = deadline(reference, "first_response");
        assertThat(firstResponse.getString("state")).isEqualTo("met");
        assertThat(firstResponse.getString("metAt")).isEqualTo(at("2026-03-10T11:00").toString());
        assertThat(deadline(reference, "resolution").getString("state")).isEqualTo("on_time");
    }

    @Test
    void anActionIsRecordedWithItsActorAndTimeInTheCaseHistory() {
        travelTo("2026-03-10T10:00");
        String reference = newCase();

        ok(reference, "assign", new JsonObject().put("assignee", "lina").put("note", "负责家电类"));

        JsonObject detail = http.deskJson("/api/v1/cases/" + reference);
        assertThat(detail.getString("assignee")).isEqualTo("lina");
        JsonObject last = detail.getJsonArray("history").getJsonObject(detail.getJsonArray("history").size() - 1);
        assertThat(last.getString("kind")).isEqualTo("assign");
        assertThat(last.getString("actor")).isEqualTo("tester");
        assertThat(last.getString("at")).isEqualTo(at("2026-03-10T10:00").toString());
        assertThat(last.getJsonObject("detail").getJsonObject("parameters").getString("note")).isEqualTo("负责家电类");
    }

    @Test
    void resolvingANewCaseIsRefusedWith409AndTheReason() {
        String reference = newCase();

        HttpResponse<String> response = act(reference, "resolve", null);

        assertThat(response.statusCode()).isEqualTo(409);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(new JsonObject(response.body()).getString("detail"))
                .contains("the case is new").contains("acknowledged or in_progress");
    }

    @Test
    void closingACaseThatIsNotResolvedIsRefused() {
        String reference = newCase();
        ok(reference, "acknowledge", null);

        assertThat(act(reference, "close", null).statusCode()).isEqualTo(409);
    }

    @Test
    void acknowledgingTwiceIsRefused() {
        String reference = newCase();
        ok(reference, "acknowledge", null);

        assertThat(act(reference, "acknowledge", null).statusCode()).isEqualTo(409);
    }

    @Test
    void anUnknownActionIs404() {
        String reference = newCase();

        HttpResponse<String> response = act(reference, "escalate", null);

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    }

    @Test
    void anActionOnAnUnknownCaseIs404() {
        String unknown = newCase().substring(0, 11) + "999999";
        assertThat(act(unknown, "acknowledge", null).statusCode()).isEqualTo(404);
    }

    @Test
    void assignWithoutAnAssigneeIs422() {
        String reference = newCase();

        HttpResponse<String> response = act(reference, "assign", new JsonObject().put("note", "x"));

        assertThat(response.statusCode()).isEqualTo(422);
        assertThat(response.body()).contains("assignee");
    }

    @Test
    void aBodyThatIsNotJsonIs400() {
        String reference = newCase();

        HttpResponse<String> response = http.send(http.request("/api/v1/cases/" + reference + "/acknowledge")
                .header("Authorization", "Bearer " + TestGateway.DESK_TOKEN)
                .POST(HttpRequest.BodyPublishers.ofString("not json")).build());

        assertThat(response.statusCode()).isEqualTo(400);
    }

    @Test
    void withoutATokenAnActionIs401() {
        String reference = newCase();

        HttpResponse<String> response = http.postJson("/api/v1/cases/" + reference + "/acknowledge", "{}");

        assertThat(response.statusCode()).isEqualTo(401);
    }

    @Test
    void pausedBusinessTimeDoesNotCount() {
        travelTo("2026-03-10T10:00");
        String reference = newCase();
        ok(reference, "acknowledge", null);
        String dueBefore = deadline(reference, "resolution").getString("dueAt");
        ok(reference, "pause", new JsonObject().put("reason", "等待投诉人补充购买凭证"));

        travelTo("2026-03-10T15:00");
        JsonObject paused = deadline(reference, "resolution");
        assertThat(paused.getString("state")).isEqualTo("paused");
        ok(reference, "resume", null);

        JsonObject resumed = deadline(reference, "resolution");
        assertThat(resumed.getString("state")).isEqualTo("on_time");
        // 10:00-12:00 and 13:30-15:00 are 3.5 business hours spent waiting; the due time (31 March 18:00)
        // moves by as much: 1 April 09:00-12:00 and 13:30-14:00.
        assertThat(resumed.getLong("pausedBusinessSeconds")).isEqualTo(3 * 3600 + 1800);
        assertThat(dueBefore).isEqualTo(at("2026-03-31T18:00").toString());
        assertThat(resumed.getString("dueAt")).isEqualTo(at("2026-04-01T14:00").toString());
    }

    @Test
    void theRemainingTimeIsFrozenWhilePaused() {
        travelTo("2026-03-10T10:00");
        String reference = newCase();
        ok(reference, "acknowledge", null);
        ok(reference, "pause", null);
        long remaining = deadline(reference, "resolution").getLong("remainingBusinessSeconds");

        travelTo("2026-03-11T10:00");

        assertThat(deadline(reference, "resolution").getLong("remainingBusinessSeconds")).isEqualTo(remaining);
    }

    @Test
    void pausingAPausedCaseIsRefused() {
        String reference = newCase();
        ok(reference, "acknowledge", null);
        ok(reference, "pause", null);

        assertThat(act(reference, "pause", null).statusCode()).isEqualTo(409);
    }

    @Test
    void resumingACaseThatIsNotPausedIsRefused() {
        String reference = newCase();
        ok(reference, "acknowledge", null);

        HttpResponse<String> response = act(reference, "resume", null);

        assertThat(response.statusCode()).isEqualTo(409);
        assertThat(response.body()).contains("not paused");
    }

    @Test
    void anExtensionMovesTheDeadlineAndKeepsItsReason() {
        travelTo("2026-03-10T10:00");
        String reference = newCase();
        ok(reference, "acknowledge", null);

        ok(reference, "extend", new JsonObject().put("by", "2wd").put("reason", "需现场核查"));

        JsonObject resolution = deadline(reference, "resolution");
        // 15 working days after 2026-03-10 end on 31 March; two more working days end on 2 April.
        assertThat(resolution.getString("dueAt")).isEqualTo(at("2026-04-02T18:00").toString());
        assertThat(resolution.getString("originalDueAt")).isEqualTo(at("2026-03-31T18:00").toString());
        assertThat(resolution.getInteger("extensions")).isEqualTo(1);
        assertThat(resolution.getString("extensionReason")).isEqualTo("需现场核查");
        assertThat(resolution.getString("extendedBy")).isEqualTo("tester");
    }

    @Test
    void anExtensionAcceptsTheHotlineNewDeadlineField() {
        travelTo("2026-03-10T10:00");
        String reference = newCase();

        ok(reference, "extend", new JsonObject().put("newDeadline", "2026-04-03T18:00:00+08:00")
                .put("reason", "需现场检测"));

        assertThat(deadline(reference, "resolution").getString("dueAt")).isEqualTo(at("2026-04-03T18:00").toString());
    }

    @Test
    void aReturnTakesAHotlineReasonCodeInsteadOfAReason() {
        String reference = newCase();

        assertThat(ok(reference, "return", new JsonObject().put("reasonCode", "wrong_area")).getString("status"))
                .isEqualTo("returned");
    }

    @Test
    void anExtensionWithoutAReasonIs422() {
        String reference = newCase();

        HttpResponse<String> response = act(reference, "extend", new JsonObject().put("by", "2wd"));

        assertThat(response.statusCode()).isEqualTo(422);
        assertThat(response.body()).contains("reason");
    }

    @Test
    void anExtensionToAnEarlierTimeIsRefused() {
        String reference = newCase();

        HttpResponse<String> response = act(reference, "extend", new JsonObject()
                .put("until", "2026-03-01T18:00:00+08:00").put("reason", "x"));

        assertThat(response.statusCode()).isEqualTo(409);
        assertThat(response.body()).contains("later than");
    }

    @Test
    void returnCancelsTheDeskClocksButNotTheReceipt() {
        String reference = newCase();

        JsonObject result = ok(reference, "return", new JsonObject().put("reason", "非本单位职责"));

        assertThat(result.getString("status")).isEqualTo("returned");
        assertThat(deadline(reference, "resolution").getString("state")).isEqualTo("cancelled");
        assertThat(deadline(reference, "receipt").getString("state")).isEqualTo("on_time");
    }

    @Test
    void resolveMeetsReplyAndResolutionThenCloseAndReopenRestartsResolution() {
        travelTo("2026-03-10T10:00");
        String reference = newCase();
        ok(reference, "start", null);
        ok(reference, "resolve", new JsonObject().put("result", "已为投诉人办理退货退款"));
        assertThat(deadline(reference, "reply").getString("state")).isEqualTo("met");
        assertThat(deadline(reference, "resolution").getString("state")).isEqualTo("met");
        ok(reference, "close", null);

        travelTo("2026-03-12T10:00");
        JsonObject reopened = ok(reference, "reopen", new JsonObject().put("reason", "投诉人不满意"));

        assertThat(reopened.getString("status")).isEqualTo("in_progress");
        JsonObject resolution = deadline(reference, "resolution");
        assertThat(resolution.getString("state")).isEqualTo("on_time");
        assertThat(resolution.getString("dueAt")).isEqualTo(at("2026-04-02T18:00").toString());
    }

    @Test
    void aFailingActionHookRollsTheActionBack() throws Exception {
        String reference = newCase();
        CaseActionService failing = service(List.of((conn, action) -> Future.failedFuture("callback refused")));

        Throwable failure = failing.perform(reference, DeskAction.ACKNOWLEDGE, "tester", new JsonObject())
                .toCompletionStage().toCompletableFuture().handle((ok, e) -> e).get(10, TimeUnit.SECONDS);

        assertThat(failure).isNotNull();
        assertThat(http.deskJson("/api/v1/cases/" + reference).getString("status")).isEqualTo("new");
    }

    @Test
    void actionHooksSeeTheCheckedTransition() throws Exception {
        String reference = newCase();
        List<CaseAction> seen = new CopyOnWriteArrayList<>();
        CaseActionService recording = service(List.of((conn, action) -> {
            seen.add(action);
            return Future.succeededFuture();
        }));

        recording.perform(reference, DeskAction.ACKNOWLEDGE, "tester", new JsonObject())
                .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);

        assertThat(seen).singleElement().satisfies(a -> {
            assertThat(a.reference()).isEqualTo(reference);
            assertThat(a.fromStatus()).isEqualTo("new");
            assertThat(a.toStatus()).isEqualTo("acknowledged");
            assertThat(a.actor()).isEqualTo("tester");
        });
    }

    private static CaseActionService service(List<CaseActionHook> hooks) {
        SlaConfig sla = TestGateway.config(Map.of()).sla();
        return new CaseActionService(gateway.pool(), new CaseActionStore(), new SlaStore(),
                new SlaPlanner(sla.calendars(), sla.policies(), sla.warnShare()), hooks, CLOCK);
    }
}
