package dev.shouli.channel.hotline;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** 12345 work orders over real HTTP into PostgreSQL: schemas, follow-up messages, authentication, bad input. */
class HotlineIntakeTest extends HotlineTestBase {

    @Test
    void aDefaultSchemaWorkOrderBecomesACaseWithTheTicketsOwnDeadlines() {
        String ticket = newTicketNumber();
        HttpResponse<String> response = post("city12345", SECRET, workOrder(ticket));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        JsonObject c = caseOf(response);
        assertThat(c.getString("channel")).isEqualTo("hotline:city12345");
        assertThat(c.getString("kind")).isEqualTo("complaint");
        assertThat(c.getString("category")).isEqualTo("030102");
        assertThat(c.getString("urgency")).isEqualTo("urgent");
        assertThat(c.getJsonObject("complainant").getString("phone")).isEqualTo("+8613800138000");
        assertThat(c.getJsonObject("respondent").getString("organisation")).isEqualTo("某某超市(人民路店)");
        assertThat(c.getJsonObject("demand").getString("text")).isEqualTo("退款299元并道歉");
        assertThat(c.getString("occurredAt")).isEqualTo("2026-11-24T11:00:00Z");
        // The ticket's limits win over the policy (which would give 1h and 4h here).
        assertThat(c.getJsonObject("sla").getString("acknowledgeDueAt")).isEqualTo("2026-11-26T01:40:00Z");
        assertThat(c.getJsonObject("sla").getString("firstResponseDueAt")).isEqualTo("2026-11-26T01:40:00Z");
        assertThat(c.getJsonObject("sla").getString("resolveDueAt")).isEqualTo("2026-12-02T10:00:00Z");
        assertThat(c.getJsonArray("submissions").getJsonObject(0).getString("externalId")).isEqualTo(ticket + "#new#1");
    }

    @Test
    void theCaseShowsItsTicketWithTheTicketsDeadlinesAndState() {
        String ticket = newTicketNumber();

        JsonObject shown = caseOf(post("city12345", SECRET, workOrder(ticket))).getJsonArray("hotlineTickets")
                .getJsonObject(0);

        assertThat(shown.getString("ticketNumber")).isEqualTo(ticket);
        assertThat(shown.getString("source")).isEqualTo("city12345");
        assertThat(shown.getString("state")).as("signed for automatically").isEqualTo("signed");
        assertThat(shown.getString("signForDueAt")).isEqualTo("2026-11-26T01:40:00Z");
        assertThat(shown.getString("replyDueAt")).isEqualTo("2026-12-02T10:00:00Z");
    }

    @Test
    void aMappedSchemaWorkOrderIsReadThroughTheSourcesFieldNamesAndCodes() {
        String ticket = newTicketNumber();
        JsonObject platformShape = new JsonObject()
                .put("workordercode", ticket)
                .put("msgtype", "0")
                .put("appealtype", "1")
                .put("classcode", "020301")
                .put("workordercontent", "来电咨询小区停水何时恢复。")
                .put("appealcontent", "尽快恢复供水")
                .put("place", "幸福小区3栋")
                .put("dispatchtime", "2026-11-25 10:00:00")
                .put("signlimited", "2026-11-25 18:00:00")
                .put("processlimited", "2026-11-27 18:00:00")
                .put("caller", new JsonObject().put("xm", "李四").put("lxdh", "021-62345678"))
                .put("sfbm", "否")
                .put("bfyr", "自来水公司");

        HttpResponse<String> response = post("mapped", MAPPED_SECRET, platformShape);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        JsonObject c = caseOf(response);
        assertThat(c.getString("kind")).isEqualTo("inquiry");
        assertThat(c.getString("category")).isEqualTo("020301");
        assertThat(c.getString("description")).isEqualTo("来电咨询小区停水何时恢复。");
        assertThat(c.getJsonObject("location").getString("address")).isEqualTo("幸福小区3栋");
        assertThat(c.getJsonObject("complainant").getString("phone")).isEqualTo("+862162345678");
        assertThat(c.getJsonObject("sla").getString("resolveDueAt")).isEqualTo("2026-11-27T10:00:00Z");
        assertThat(c.getJsonObject("respondent").getString("organisation")).isEqualTo("自来水公司");
    }

    @Test
    void theSameMessageSentAgainGetsTheFirstAnswerAndNoSecondCase() {
        String ticket = newTicketNumber();
        String first = new JsonObject(post("city12345", SECRET, workOrder(ticket)).body()).getString("reference");

        HttpResponse<String> again = post("city12345", SECRET, workOrder(ticket));

        assertThat(new JsonObject(again.body()).getString("reference")).isEqualTo(first);
        assertThat(count("SELECT count(*) FROM hotline_ticket WHERE ticket_number = '" + ticket + "'")).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM submission WHERE external_id LIKE '" + ticket + "#%'")).isEqualTo(1);
    }

    @Test
    void anUrgeForAKnownTicketIsAppendedToItsCaseAndNotedInItsHistory() {
        String ticket = newTicketNumber();
        String reference = new JsonObject(post("city12345", SECRET, workOrder(ticket)).body()).getString("reference");

        HttpResponse<String> urge = post("city12345", SECRET, new JsonObject().put("ticketNumber", ticket)
                .put("messageKind", "催办").put("sequence", 1).put("reason", "市民再次来电催促"));

        JsonObject answer = new JsonObject(urge.body());
        assertThat(answer.getString("outcome")).isEqualTo("appended");
        assertThat(answer.getString("reference")).isEqualTo(reference);
        JsonArray history = http.deskJson("/api/v1/cases/" + reference).getJsonArray("history");
        assertThat(history.stream().map(e -> ((JsonObject) e).getString("kind"))).contains("urged");
    }

    @Test
    void aSecondUrgeWithANewSequenceIsAppendedToo() {
        String ticket = newTicketNumber();
        post("city12345", SECRET, workOrder(ticket));
        JsonObject urge = new JsonObject().put("ticketNumber", ticket).put("messageKind", "urge").put("reason", "催办");
        post("city12345", SECRET, urge.copy().put("sequence", 1));

        HttpResponse<String> second = post("city12345", SECRET, urge.copy().put("sequence", 2).put("reason", "再次催办"));

        assertThat(new JsonObject(second.body()).getString("outcome")).isEqualTo("appended");
        assertThat(count("SELECT count(*) FROM submission WHERE external_id LIKE '" + ticket + "#urge#%'")).isEqualTo(2);
    }

    @Test
    void aSupplementAddsItsTextAndAttachmentsToTheTicketsCase() {
        String ticket = newTicketNumber();
        String reference = new JsonObject(post("city12345", SECRET, workOrder(ticket)).body()).getString("reference");

        HttpResponse<String> supplement = post("city12345", SECRET, new JsonObject().put("ticketNumber", ticket)
                .put("messageKind", "补充").put("content", "补充：购物小票照片见附件")
                .put("attachments", new JsonArray()
                        .add(new JsonObject().put("name", "receipt.jpg").put("contentType", "image/jpeg")
                                .put("contentBase64", Base64.getEncoder().encodeToString(new byte[] {1, 2, 3})))
                        .add(new JsonObject().put("name", "recording").put("url", "https://12345.example.gov.cn/rec/88.mp3"))));

        assertThat(new JsonObject(supplement.body()).getString("outcome")).isEqualTo("appended");
        JsonArray attachments = http.deskJson("/api/v1/cases/" + reference).getJsonArray("attachments");
        assertThat(attachments).hasSize(2);
        assertThat(attachments.getJsonObject(0).getLong("size")).isEqualTo(3);
        assertThat(attachments.getJsonObject(1).getString("contentType")).isEqualTo("text/uri-list");
    }

    @Test
    void aRevokeClosesTheTicketsCaseWithTheReason() {
        String ticket = newTicketNumber();
        String reference = new JsonObject(post("city12345", SECRET, workOrder(ticket)).body()).getString("reference");

        post("city12345", SECRET, new JsonObject().put("ticketNumber", ticket).put("messageKind", "revoke")
                .put("reason", "市民已自行解决，申请撤单"));

        JsonObject c = http.deskJson("/api/v1/cases/" + reference);
        assertThat(c.getString("status")).isEqualTo("closed");
        JsonObject revoked = c.getJsonArray("history").stream().map(JsonObject.class::cast)
                .filter(e -> e.getString("kind").equals("revoked")).findFirst().orElseThrow();
        assertThat(revoked.getJsonObject("detail").getString("reason")).isEqualTo("市民已自行解决，申请撤单");
    }

    @Test
    void anUnsignedRequestIsRefusedWith401AndNotStored() {
        long before = count("SELECT count(*) FROM submission");
        HttpResponse<String> response = http.postJson("/intake/hotline/city12345", workOrder(newTicketNumber()).encode());

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(count("SELECT count(*) FROM submission")).isEqualTo(before);
    }

    @Test
    void aStaleSignatureIsRefusedWith401() {
        byte[] body = workOrder(newTicketNumber()).encode().getBytes(StandardCharsets.UTF_8);

        HttpResponse<String> response = postRaw("city12345", SECRET, body, clock.instant().getEpochSecond() - 3600);

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(new JsonObject(response.body()).getString("detail")).contains("timestamp");
    }

    @Test
    void aSignatureMadeWithAnotherSecretIsRefusedWith401() {
        HttpResponse<String> response = post("city12345", "not-the-secret-at-all", workOrder(newTicketNumber()));

        assertThat(response.statusCode()).isEqualTo(401);
    }

    @Test
    void anUnknownSourceIs404() {
        HttpResponse<String> response = post("nowhere", SECRET, workOrder(newTicketNumber()));

        assertThat(response.statusCode()).isEqualTo(404);
    }

    @Test
    void aSourceLockedToOtherAddressesRefusesLoopbackWith403() {
        HttpResponse<String> response = post("locked", SECRET, workOrder(newTicketNumber()));

        assertThat(response.statusCode()).isEqualTo(403);
    }

    @Test
    void anAuthenticBodyThatIsNotJsonIs400AndKeptAsQuarantined() {
        long before = count("SELECT count(*) FROM submission WHERE outcome = 'quarantined'");

        HttpResponse<String> response = postRaw("city12345", SECRET, "{\"ticketNumber\": ".getBytes(StandardCharsets.UTF_8),
                clock.instant().getEpochSecond());

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(count("SELECT count(*) FROM submission WHERE outcome = 'quarantined'")).isEqualTo(before + 1);
    }

    @Test
    void aSchemaViolationIs422NamingEachFieldAsThePlatformSpellsIt() {
        JsonObject bad = new JsonObject().put("workordercode", newTicketNumber()).put("appealtype", "9")
                .put("classcode", "12AB").put("signlimited", "明天");

        HttpResponse<String> response = post("mapped", MAPPED_SECRET, bad);

        assertThat(response.statusCode()).isEqualTo(422);
        JsonArray errors = new JsonObject(response.body()).getJsonArray("errors");
        assertThat(errors.stream().map(e -> ((JsonObject) e).getString("field")))
                .contains("appealtype", "classcode", "signlimited", "workordercontent");
        assertThat(count("SELECT count(*) FROM submission WHERE channel = 'hotline:mapped' AND outcome = 'quarantined'"
                + " AND error LIKE '%classcode%'")).isEqualTo(1);
    }

    @Test
    void theSameMessageKeyWithDifferentContentIs422() {
        String ticket = newTicketNumber();
        post("city12345", SECRET, workOrder(ticket));

        HttpResponse<String> changed = post("city12345", SECRET, workOrder(ticket).put("content", "内容被改动了"));

        assertThat(changed.statusCode()).isEqualTo(422);
        assertThat(new JsonObject(changed.body()).getString("detail")).contains(ticket + "#new#1");
    }

    @Test
    void messagesAboutOneTicketArrivingTogetherEndInOneCase() {
        String ticket = newTicketNumber();
        JsonObject supplement = new JsonObject().put("ticketNumber", ticket).put("messageKind", "supplement")
                .put("content", "补充材料");

        java.util.List<java.util.concurrent.CompletableFuture<HttpResponse<String>>> sent = java.util.stream.Stream.of(
                        workOrder(ticket), supplement, supplement.copy().put("sequence", 2),
                        supplement.copy().put("sequence", 3))
                .map(body -> java.util.concurrent.CompletableFuture.supplyAsync(() -> post("city12345", SECRET, body)))
                .toList();
        sent.forEach(f -> assertThat(f.join().statusCode()).isBetween(200, 201));

        assertThat(count("SELECT count(DISTINCT case_id) FROM submission WHERE external_id LIKE '" + ticket + "#%'"))
                .isEqualTo(1);
        assertThat(count("SELECT count(*) FROM hotline_ticket WHERE ticket_number = '" + ticket + "'")).isEqualTo(1);
    }
}
