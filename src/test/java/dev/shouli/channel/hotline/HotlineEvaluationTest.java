package dev.shouli.channel.hotline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shouli.support.TestDatabase;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The platform's 回访 result (messageKind evaluation): stored on the ticket and the case; a re-open from the
 * platform re-opens the case with fresh reply and resolution deadlines, as the desk's reopen does, and the
 * next resolve owes the platform a new reply. Hotline callers are never surveyed by us.
 */
class HotlineEvaluationTest extends HotlineTestBase {

    private JsonObject act(String reference, String action, JsonObject body) {
        HttpResponse<String> r = http.send(http.request("/api/v1/cases/" + reference + "/" + action)
                .header("Authorization", "Bearer " + dev.shouli.support.TestGateway.DESK_TOKEN)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.encode())).build());
        assertThat(r.statusCode()).as(action + ": " + r.body()).isEqualTo(200);
        return new JsonObject(r.body());
    }

    private String resolvedCase(String ticket) throws Exception {
        String reference = new JsonObject(post("city12345", SECRET, workOrder(ticket)).body()).getString("reference");
        act(reference, "start", new JsonObject());
        act(reference, "resolve", new JsonObject().put("result", "已督促超市下架过期牛奶并退款"));
        await(worker.poll());
        return reference;
    }

    private static JsonObject evaluation(String ticket, String verdict, String comment, boolean reopen) {
        return new JsonObject().put("ticketNumber", ticket).put("messageKind", "evaluation").put("verdict", verdict)
                .put("comment", comment).put("reopen", reopen);
    }

    private JsonObject deadline(JsonObject detail, String kind) {
        return detail.getJsonObject("sla").getJsonArray("deadlines").stream().map(d -> (JsonObject) d)
                .filter(d -> kind.equals(d.getString("kind"))).findFirst().orElseThrow();
    }

    @Test
    void aReopeningEvaluationReopensTheCaseWithFreshDeadlinesAndOwesANewReply() throws Exception {
        String ticket = newTicketNumber();
        String reference = resolvedCase(ticket);
        clock.advance(Duration.ofHours(2));

        HttpResponse<String> answer = post("city12345", SECRET, evaluation(ticket, "不满意", "超市没有退款", true));

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        assertThat(new JsonObject(answer.body()).getString("outcome")).isEqualTo("appended");
        JsonObject detail = http.deskJson("/api/v1/cases/" + reference);
        assertThat(detail.getString("status")).isEqualTo("in_progress");
        JsonObject t = detail.getJsonArray("hotlineTickets").getJsonObject(0);
        assertThat(t.getString("state")).isEqualTo("reopened");
        assertThat(t.getString("evaluation")).isEqualTo("dissatisfied");
        assertThat(t.getString("evaluationComment")).isEqualTo("超市没有退款");
        assertThat(deadline(detail, "resolution").getString("state")).isEqualTo("on_time");
        assertThat(deadline(detail, "resolution").getString("startedAt")).isEqualTo(clock.instant().toString());
        JsonArray history = detail.getJsonArray("history");
        List<String> kinds = history.stream().map(e -> ((JsonObject) e).getString("kind")).toList();
        assertThat(kinds).containsSubsequence("resolve", "satisfaction", "reopen");
        JsonObject reopen = history.getJsonObject(history.size() - 1);
        assertThat(reopen.getString("actor")).isEqualTo("hotline:city12345");
        JsonObject survey = http.deskJson("/api/v1/cases/" + reference + "/survey").getJsonArray("surveys")
                .getJsonObject(0);
        assertThat(survey.getString("channel")).isEqualTo("hotline");
        assertThat(survey.getString("verdict")).isEqualTo("dissatisfied");
        assertThat(survey.getString("answeredVia")).isEqualTo("hotline:city12345");

        act(reference, "resolve", new JsonObject().put("result", "已上门核实，超市已退款"));
        await(worker.poll());

        List<FakePlatform.Call> replies = platform.callsFor(ticket).stream()
                .filter(c -> "reply".equals(c.body().getString("type"))).toList();
        assertThat(replies).hasSize(2);
        assertThat(replies.get(1).idempotencyKey()).isEqualTo("hotline:city12345:" + ticket + ":reply:round-2");
        assertThat(replies.get(1).body().getString("result")).isEqualTo("已上门核实，超市已退款");
    }

    @Test
    void aPlatformsReopenIsMarkedForTheDeskAsThePlatformsNotAsOurSurveysAnswer() throws Exception {
        String ticket = newTicketNumber();
        String reference = resolvedCase(ticket);

        post("city12345", SECRET, evaluation(ticket, "不满意", "超市没有退款", true));

        assertThat(TestDatabase.queryString(db, "SELECT a.input_kind FROM desk_case_attention a JOIN complaint_case c"
                + " ON c.id = a.case_id WHERE c.reference = '" + reference + "'")).isEqualTo("platform-reopened");
    }

    @Test
    void aSatisfiedEvaluationIsRecordedAndTheCaseStaysResolved() throws Exception {
        String ticket = newTicketNumber();
        String reference = resolvedCase(ticket);

        post("city12345", SECRET, evaluation(ticket, "满意", null, false));

        JsonObject detail = http.deskJson("/api/v1/cases/" + reference);
        assertThat(detail.getString("status")).isEqualTo("resolved");
        assertThat(detail.getJsonArray("hotlineTickets").getJsonObject(0).getString("evaluation")).isEqualTo("satisfied");
        // The platform asks the caller; we never do.
        assertThat(count("SELECT count(*) FROM satisfaction_survey s JOIN complaint_case c ON c.id = s.case_id "
                + "WHERE c.reference = '" + reference + "' AND s.channel <> 'hotline'")).isZero();
    }

    @Test
    void aDissatisfiedEvaluationWithoutReopenIsRaisedToTheSupervisors() throws Exception {
        String ticket = newTicketNumber();
        String reference = resolvedCase(ticket);

        post("city12345", SECRET, evaluation(ticket, "不满意", "态度差", false));

        JsonObject detail = http.deskJson("/api/v1/cases/" + reference);
        assertThat(detail.getString("status")).isEqualTo("resolved");
        assertThat(detail.getJsonArray("history").stream().map(e -> ((JsonObject) e).getString("kind")))
                .contains("satisfaction.escalated");
    }

    @Test
    void aMappedPlatformsEvaluationIsReadThroughItsFieldAndValueNames() throws Exception {
        String ticket = newTicketNumber();
        JsonObject order = new JsonObject().put("workordercode", ticket).put("appealtype", "3")
                .put("workordercontent", "投诉噪音扰民").put("caller", new JsonObject().put("lxdh", "13900139000"));
        String reference = new JsonObject(post("mapped", MAPPED_SECRET, order).body()).getString("reference");
        act(reference, "acknowledge", new JsonObject());
        act(reference, "resolve", new JsonObject().put("result", "已处理"));

        HttpResponse<String> r = post("mapped", MAPPED_SECRET, new JsonObject().put("workordercode", ticket)
                .put("msgtype", "9").put("hfjg", "3").put("hfyj", "晚上还是吵").put("sfcxjb", "是"));

        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonObject detail = http.deskJson("/api/v1/cases/" + reference);
        assertThat(detail.getString("status")).isEqualTo("in_progress");
        assertThat(detail.getJsonArray("hotlineTickets").getJsonObject(0).getString("evaluationComment"))
                .isEqualTo("晚上还是吵");
    }

    @Test
    void anEvaluationWithoutAVerdictIsRefusedNamingThePlatformsField() {
        String ticket = newTicketNumber();
        HttpResponse<String> r = post("mapped", MAPPED_SECRET, new JsonObject().put("workordercode", ticket)
                .put("msgtype", "9").put("hfjg", "7"));
        assertThat(r.statusCode()).isEqualTo(422);
        assertThat(r.body()).contains("\"field\":\"hfjg\"");
    }

    @Test
    void anEvaluationOfAnUnknownTicketIsQuarantinedAndMakesNoCase() {
        long cases = count("SELECT count(*) FROM complaint_case");
        HttpResponse<String> r = post("city12345", SECRET, evaluation(newTicketNumber(), "不满意", "?", true));
        assertThat(r.statusCode()).isEqualTo(422);
        assertThat(r.body()).contains("unknown-ticket");
        assertThat(count("SELECT count(*) FROM complaint_case")).isEqualTo(cases);
    }
}
