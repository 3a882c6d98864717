package dev.shouli.feature.dedup;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shouli.Gateway;
import dev.shouli.support.Http;
import dev.shouli.support.Incidents;
import dev.shouli.support.MutableClock;
import dev.shouli.support.TestDatabase;
import dev.shouli.support.TestGateway;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Follow-ups, duplicates, incidents and unmerge through the JSON API, on a real gateway and PostgreSQL. The calls
 * carry a partner key, as an integrator's do: a partner has proven the contacts it sends (anonymous calls never
 * join a case: PossibleDuplicateTest).
 */
class DedupIntakeTest {

    private static final MutableClock CLOCK = new MutableClock(Instant.parse("2026-11-25T02:00:00Z"));
    private static Gateway gateway;
    private static Http http;

    @BeforeAll
    static void start() {
        gateway = TestGateway.start(TestDatabase.freshDatabase(), Map.of("SHOULI_DEDUP_ENABLED", "true"), CLOCK);
        http = new Http(gateway.port());
    }

    @AfterAll
    static void stop() {
        TestGateway.stop(gateway);
    }

    static JsonObject submit(JsonObject body) {
        HttpResponse<String> r = http.postJson("/api/v1/complaints", body.encode(),
                "Idempotency-Key", UUID.randomUUID().toString(), "Authorization", "Bearer " + TestGateway.PARTNER_KEY);
        assertThat(r.statusCode()).as(r.body()).isBetween(200, 299);
        return new JsonObject(r.body());
    }

    static JsonObject complaint(String phone, String email, String organisation, String description) {
        JsonObject who = new JsonObject();
        if (phone != null) {
            who.put("phone", phone);
        }
        if (email != null) {
            who.put("email", email);
        }
        JsonObject body = new JsonObject().put("description", description).put("complainant", who);
        if (organisation != null) {
            body.put("respondent", new JsonObject().put("organisation", organisation));
        }
        return body;
    }

    private static JsonObject caseOf(String reference) {
        return http.deskJson("/api/v1/cases/" + reference);
    }

    private static JsonObject lastEvent(JsonObject c, String kind) {
        JsonArray history = c.getJsonArray("history");
        for (int i = history.size() - 1; i >= 0; i--) {
            if (kind.equals(history.getJsonObject(i).getString("kind"))) {
                return history.getJsonObject(i);
            }
        }
        throw new AssertionError("no " + kind + " event in " + history.encodePrettily());
    }

    @Test
    void sameComplaintInTraditionalScriptIsMergedAndToldTheExistingReference() {
        JsonObject first = submit(complaint("13800000001", null, "华润万家深圳南山分店",
                "我在华润万家买的格力空调安装后第三天就不制冷，门店一直推诿，要求退货退款2999元。"));

        JsonObject second = submit(complaint("+86 138 0000 0001", null, "華潤萬家",
                "我在華潤萬家買的格力空調安裝後第三天就不製冷，門店一直推諉，要求退貨退款2999元！"));

        assertThat(first.getString("outcome")).isEqualTo("created");
        assertThat(second.getString("outcome")).isEqualTo("merged");
        assertThat(second.getString("reference")).isEqualTo(first.getString("reference"));
        JsonObject why = lastEvent(caseOf(first.getString("reference")), "merged").getJsonObject("detail");
        assertThat(why.getString("rule")).startsWith("duplicate");
        assertThat(why.getJsonArray("keys").getString(0)).isEqualTo("phone:…0001");
        assertThat(why.getDouble("jaccard")).isGreaterThan(0.8);
    }

    @Test
    void samePersonAgainstADifferentRespondentGetsASeparateCase() {
        JsonObject first = submit(complaint("13800000002", null, "美团外卖",
                "外卖送到时汤全洒了，骑手态度很差，要求退款。"));

        JsonObject second = submit(complaint("13800000002", null, "饿了么",
                "外卖送到时汤全洒了，骑手态度很差，要求退款。"));

        assertThat(second.getString("outcome")).isEqualTo("created");
        assertThat(second.getString("reference")).isNotEqualTo(first.getString("reference"));
    }

    @Test
    void shortMessageSoonAfterIsAppendedAsAFollowUp() {
        JsonObject first = submit(complaint("13800000003", null, "顺丰速运",
                "上周寄的包裹显示已签收，但我根本没有收到，快递员电话也打不通，要求查明并赔偿。"));
        CLOCK.advance(Duration.ofHours(5));

        JsonObject followUp = submit(complaint("13800000003", null, null, "还是没有人联系我"));

        assertThat(followUp.getString("outcome")).isEqualTo("appended");
        assertThat(followUp.getString("reference")).isEqualTo(first.getString("reference"));
        assertThat(lastEvent(caseOf(first.getString("reference")), "appended").getJsonObject("detail")
                .getString("rule")).startsWith("follow-up");
    }

    @Test
    void anEmailStatingTheCallersPhoneJoinsTheSamePerson() {
        JsonObject call = submit(complaint("13800000004", null, "国家电网",
                "幸福小区3栋从昨晚开始停电，到现在十几个小时了还没来电，冰箱里的东西全坏了。"));

        JsonObject email = submit(complaint(null, "wang.fang@example.cn", null,
                "幸福小区3栋从昨晚停电到现在还没来电，冰箱里东西都坏了，请尽快抢修。我的手机：13800000004"));

        assertThat(email.getString("outcome")).isEqualTo("merged");
        assertThat(email.getString("reference")).isEqualTo(call.getString("reference"));
    }

    @Test
    void confidentialCallerIsMatchedWhileTheDeskSeesTheNumberMasked() {
        JsonObject hotline = complaint("13800000005", null, "城管",
                "人民路夜市摊贩占道经营到凌晨，噪音很大，影响休息，要求整治。");
        hotline.getJsonObject("complainant").put("confidential", true).put("name", "赵敏");
        JsonObject first = submit(hotline);

        JsonObject again = submit(hotline.copy().put("description",
                "人民路夜市摊贩占道经营到凌晨噪音很大，影响休息，请整治！"));

        assertThat(again.getString("outcome")).isEqualTo("merged");
        JsonObject shown = caseOf(first.getString("reference"));
        assertThat(shown.getJsonObject("complainant").getString("phone")).doesNotContain("1380000");
        assertThat(shown.encode()).doesNotContain("13800000005");
    }

    @Test
    void differentPeopleReportingTheSameStoreAreSeparateCasesLinkedIntoOneIncident() {
        List<JsonObject> results = List.of(
                submit(complaint("13900000011", null, "好又多超市人民路店",
                        "好又多超市人民路店卖的鲜牛奶过期了三天还在货架上，喝了肚子疼。")),
                submit(complaint("13900000012", null, "好又多超市",
                        "在好又多超市人民路店买的鲜牛奶是过期的，货架上过期牛奶很多。")),
                submit(complaint("13900000013", null, "好又多",
                        "好又多人民路店货架上的鲜牛奶过期了还在卖，希望市场监管部门查处。")));

        assertThat(results).allSatisfy(r -> assertThat(r.getString("outcome")).isEqualTo("created"));
        Incidents.awaitLinked(gateway);
        JsonObject incident = lastEvent(caseOf(results.get(2).getString("reference")), "incident_linked");
        long id = incident.getJsonObject("detail").getLong("incidentId");
        JsonObject shown = http.deskJson("/api/v1/incidents/" + id);
        assertThat(shown.getInteger("caseCount")).isEqualTo(3);
        assertThat(shown.getJsonArray("cases").stream().map(c -> ((JsonObject) c).getString("reference")))
                .containsExactlyInAnyOrderElementsOf(results.stream().map(r -> r.getString("reference")).toList());
        assertThat(http.deskJson("/api/v1/incidents").getJsonArray("items").stream()
                .map(i -> ((JsonObject) i).getLong("id"))).contains(id);
    }

    @Test
    void theIncidentLinkersBacklogIsInMetrics() {
        submit(complaint("13900000031", null, "喜茶", "喜茶的会员积分被清零了，客服说系统升级，要求恢复积分。"));
        Incidents.awaitLinked(gateway);

        String metrics = http.get("/metrics").body();
        assertThat(metrics).containsPattern("(?m)^shouli_incidents_queue_cases \\d")
                .containsPattern("(?m)^shouli_incidents_queue_oldest_seconds \\d");
    }

    @Test
    void differentPeopleWithUnrelatedMattersAboutOneBigCompanyAreNotAnIncident() {
        JsonObject a = submit(complaint("13900000021", null, "中国联通",
                "宽带每天晚上八点以后就断网，报修三次都没修好。"));
        JsonObject b = submit(complaint("13900000022", null, "中国联通",
                "营业员推销套餐时隐瞒了合约期，现在要收违约金。"));

        Incidents.awaitLinked(gateway);
        assertThat(caseOf(b.getString("reference")).getJsonArray("history").stream()
                .map(e -> ((JsonObject) e).getString("kind"))).doesNotContain("incident_linked");
        assertThat(a.getString("reference")).isNotEqualTo(b.getString("reference"));
    }

    @Test
    void deskAgentSplitsAMergedSubmissionIntoANewCaseWithItsOwnReference() {
        JsonObject first = submit(complaint("13800000006", null, "链家",
                "中介隐瞒房屋漏水问题，签约后才发现，要求退还中介费。"));
        JsonObject merged = submit(complaint("13800000006", null, "链家",
                "链家中介隐瞒房屋漏水，签约后才发现，要求退中介费。"));
        assertThat(merged.getString("outcome")).isEqualTo("merged");
        long submissionId = caseOf(first.getString("reference")).getJsonArray("submissions").stream()
                .map(s -> (JsonObject) s).filter(s -> "duplicate".equals(s.getString("role")))
                .findFirst().orElseThrow().getLong("id");

        HttpResponse<String> split = unmerge(first.getString("reference"),
                new JsonObject().put("submissionId", submissionId).put("reason", "different flat"));

        assertThat(split.statusCode()).as(split.body()).isEqualTo(201);
        String newReference = new JsonObject(split.body()).getString("reference");
        assertThat(newReference).isNotEqualTo(first.getString("reference"));
        JsonObject old = caseOf(first.getString("reference"));
        assertThat(old.getJsonArray("submissions")).hasSize(1);
        assertThat(lastEvent(old, "unmerged").getJsonObject("detail").getString("newReference"))
                .isEqualTo(newReference);
        JsonObject created = caseOf(newReference);
        assertThat(created.getJsonArray("submissions").getJsonObject(0).getLong("id")).isEqualTo(submissionId);
        assertThat(created.getJsonObject("sla").getString("resolveDueAt")).isNotNull();
        assertThat(lastEvent(created, "split_from").getString("actor")).isEqualTo("tester");
    }

    @Test
    void splittingTheSameSubmissionTwiceIsAConflict() {
        JsonObject first = submit(complaint("13800000007", null, "如家酒店",
                "如家酒店房间有蟑螂，床单有污渍，要求退房费。"));
        submit(complaint("13800000007", null, "如家",
                "如家酒店房间里有蟑螂，床单有污渍，要求退还房费。"));
        long submissionId = caseOf(first.getString("reference")).getJsonArray("submissions").getJsonObject(1)
                .getLong("id");
        assertThat(unmerge(first.getString("reference"), new JsonObject().put("submissionId", submissionId))
                .statusCode()).isEqualTo(201);

        HttpResponse<String> again = unmerge(first.getString("reference"),
                new JsonObject().put("submissionId", submissionId));

        assertThat(again.statusCode()).isEqualTo(409);
        assertThat(again.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    }

    @Test
    void unmergeOfAnOriginSubmissionIsNotFound() {
        JsonObject first = submit(complaint("13800000008", null, "某健身房",
                "健身房突然关门，老板跑路，年卡还剩八个月。"));
        long origin = caseOf(first.getString("reference")).getJsonArray("submissions").getJsonObject(0).getLong("id");

        HttpResponse<String> r = unmerge(first.getString("reference"), new JsonObject().put("submissionId", origin));

        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(r.body()).contains("was not merged or appended");
    }

    @Test
    void unmergeWithoutASubmissionIdIsABadRequest() {
        JsonObject first = submit(complaint("13800000009", null, "某驾校",
                "驾校收了学费迟迟不安排练车。"));

        HttpResponse<String> r = unmerge(first.getString("reference"), new JsonObject().put("reason", "x"));

        assertThat(r.statusCode()).isEqualTo(400);
    }

    private static HttpResponse<String> unmerge(String reference, JsonObject body) {
        return http.send(http.request("/api/v1/cases/" + reference + "/unmerge")
                .header("Authorization", "Bearer " + TestGateway.DESK_TOKEN)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.encode())).build());
    }
}
