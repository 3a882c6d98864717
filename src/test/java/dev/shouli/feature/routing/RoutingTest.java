package dev.shouli.feature.routing;

import static dev.shouli.feature.routing.RoutingFixture.AGENT_TOKEN;
import static dev.shouli.feature.routing.RoutingFixture.UNIT_OF;
import static dev.shouli.feature.routing.RoutingFixture.complaint;
import static dev.shouli.feature.routing.RoutingFixture.post;
import static dev.shouli.feature.routing.RoutingFixture.routed;
import static org.assertj.core.api.Assertions.assertThat;

import dev.shouli.Gateway;
import dev.shouli.core.db.DatabaseEndpoint;
import dev.shouli.support.Http;
import dev.shouli.support.TestDatabase;
import dev.shouli.support.TestGateway;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Classification and routing through the gateway, on real PostgreSQL and HTTP: a classifier version trained
 * through the API from bench/classify/hotline.csv and activated, seven units each taking one of its categories,
 * the desk's transfers, returns and re-routes, and what they count.
 */
class RoutingTest {

    private static DatabaseEndpoint db;
    private static Gateway gateway;
    private static Http http;
    private static int version;

    @BeforeAll
    static void start() {
        db = TestDatabase.freshDatabase();
        gateway = TestGateway.start(db, TestGateway.config(RoutingFixture.sevenUnits("none", ""), RoutingFixture.env()),
                Clock.systemUTC());
        http = new Http(gateway.port());
        HttpResponse<String> trained = RoutingFixture.trainCsv(http, RoutingFixture.hotlineCsv(), TestGateway.DESK_TOKEN);
        assertThat(trained.statusCode()).as(trained.body()).isEqualTo(201);
        version = new JsonObject(trained.body()).getInteger("version");
        HttpResponse<String> activated = post(http, "/api/v1/classifier/versions/" + version + "/activate", "",
                TestGateway.DESK_TOKEN);
        assertThat(activated.statusCode()).as(activated.body()).isEqualTo(200);
    }

    @AfterAll
    static void stop() {
        TestGateway.stop(gateway);
    }

    @Test
    void trainingAnswersTheVersionItsExamplesAndCrossValidatedMetrics() {
        JsonObject versions = http.deskJson("/api/v1/classifier/versions");

        assertThat(versions.getInteger("active")).isEqualTo(version);
        JsonObject v = versions.getJsonArray("versions").stream().map(JsonObject.class::cast)
                .filter(o -> o.getInteger("version") == version).findFirst().orElseThrow();
        assertThat(v.getInteger("examples")).isEqualTo(625);
        assertThat(v.getString("state")).isEqualTo("active");
        JsonObject metrics = v.getJsonObject("metrics");
        assertThat(metrics.getDouble("macroF1")).isBetween(0.0, 1.0);
        assertThat(metrics.getJsonObject("perCategory").fieldNames()).containsExactlyInAnyOrderElementsOf(UNIT_OF.keySet());
        assertThat(metrics.getJsonObject("confusion").fieldNames()).hasSize(7);
    }

    @Test
    void everyDecidedCaseLandsInItsCategorysUnitAndEveryUndecidedOneInTriage() {
        List<String> references = new ArrayList<>();
        // Plain matters of each unit, then texts that say little about any.
        references.add(complaint(http, "小区电梯坏了", "我们小区3号楼的电梯坏了一个星期，物业一直不修，老人上下楼很困难。", null));
        references.add(complaint(http, "工地夜间施工噪音", "小区旁边的工地每天晚上施工到凌晨两点，噪音太大，根本睡不着，请环保部门来查。", null));
        references.add(complaint(http, "公交车不按站停", "12路公交车经常不按站停靠，司机直接开过去，等车的人很多。", null));
        references.add(complaint(http, "拖欠工资", "我在工地干了半年，老板拖欠工资三万多元不给，要求帮助讨薪。", null));
        references.add(complaint(http, "学校乱收费", "孩子学校要求每个学生交八百元资料费，没有任何收据，这合理吗？", null));
        references.add(complaint(http, "医院乱收费", "在市人民医院看病，检查费比规定的高很多，医生还开了很多不必要的药。", null));
        references.add(complaint(http, "超市卖过期食品", "在某超市买到过期的面包，要求商家赔偿，商家不理。", null));
        references.add(complaint(http, "你好", "请问一下。", null));
        references.add(complaint(http, "反映情况", "有个情况想反映一下，希望有关部门重视，谢谢。", null));
        references.add(complaint(http, "", "zf 能不能管管", null));

        List<JsonObject> cases = RoutingFixture.routedAll(http, references, false);

        int decided = 0;
        int undecided = 0;
        for (JsonObject c : cases) {
            JsonObject routing = c.getJsonObject("routing");
            assertThat(routing.getInteger("classifierVersion")).isEqualTo(version);
            if (routing.getBoolean("decided")) {
                decided++;
                String category = routing.getString("category");
                assertThat(c.getString("category")).as("the case's category").isEqualTo(category);
                assertThat(routing.getString("unit")).as(c.getString("subject")).isEqualTo(UNIT_OF.get(category));
                assertThat(routing.getString("rule")).isEqualTo("to-" + UNIT_OF.get(category));
                assertThat(routing.getDouble("confidence")).isBetween(0.0, 1.0);
                assertThat(routing.getJsonArray("tags")).containsExactly(UNIT_OF.get(category), "按类别");
            } else {
                undecided++;
                assertThat(c.getString("category")).isNull();
                assertThat(routing.getString("unit")).isEqualTo("triage");
                assertThat(routing.getString("state")).isEqualTo("triage");
                assertThat(routing.getString("rule")).isNull();
                assertThat(routing.getJsonArray("suggestions")).hasSize(3);
                assertThat(routing.getJsonArray("tags")).isEmpty();
                assertThat(routing.getString("dueAt")).as("triage has its own deadline").isNotNull();
            }
            assertThat(historyKinds(c)).contains("routed");
        }
        assertThat(decided).as("cases decided").isPositive();
        assertThat(undecided).as("cases undecided").isPositive();
    }

    @Test
    void theSourcesOwnCategoryWinsOverTheClassifier() {
        String ref = complaint(http, "公交车不按站停", "12路公交车经常不按站停靠，司机直接开过去。", "城乡建设");

        JsonObject routing = routed(http, ref, false).getJsonObject("routing");

        assertThat(routing.getString("categorySource")).isEqualTo("source");
        assertThat(routing.getBoolean("decided")).isTrue();
        assertThat(routing.getString("unit")).isEqualTo("construction");
        assertThat(routing.getValue("classifierVersion")).isNull();
    }

    @Test
    void theDryRunAnswersAsIntakeWouldWithoutMakingACase() {
        long before = TestDatabase.queryLong(db, "SELECT count(*) FROM complaint_case");

        JsonObject clear = new JsonObject(post(http, "/api/v1/classify", new JsonObject()
                .put("subject", "拖欠工资").put("description", "老板拖欠我们农民工工资半年了，要求帮忙讨薪。").encode(),
                AGENT_TOKEN).body());
        JsonObject vague = new JsonObject(post(http, "/api/v1/classify",
                new JsonObject().put("description", "你好").encode(), AGENT_TOKEN).body());

        assertThat(clear.getJsonArray("alternatives")).hasSize(3);
        assertThat(clear.getJsonArray("alternatives").getJsonObject(0).getString("category")).isEqualTo("劳动和社会保障");
        assertThat(clear.getString("reason")).contains("version " + version);
        assertThat(vague.getBoolean("decided")).isFalse();
        assertThat(vague.getValue("category")).isNull();
        assertThat(vague.getString("reason")).contains("abstained");
        assertThat(TestDatabase.queryLong(db, "SELECT count(*) FROM complaint_case")).isEqualTo(before);
    }

    @Test
    void aBadCsvIsRefusedNamingTheLineAndTheColumnAndKeepsNothing() {
        long versions = TestDatabase.queryLong(db, "SELECT count(*) FROM routing_model");
        String csv = "title,text,category\n电梯,电梯坏了,城乡建设\n噪音,工地噪音,噪声污染\n";

        HttpResponse<String> answer = RoutingFixture.trainCsv(http, csv.getBytes(StandardCharsets.UTF_8),
                TestGateway.DESK_TOKEN);

        assertThat(answer.statusCode()).isEqualTo(422);
        JsonObject problem = new JsonObject(answer.body());
        assertThat(problem.getInteger("line")).isEqualTo(3);
        assertThat(problem.getString("column")).isEqualTo("category");
        assertThat(problem.getString("detail")).contains("噪声污染");
        assertThat(TestDatabase.queryLong(db, "SELECT count(*) FROM routing_model")).isEqualTo(versions);
    }

    @Test
    void onlySupervisorsTrainAndActivate() {
        assertThat(RoutingFixture.trainCsv(http, RoutingFixture.hotlineCsv(), AGENT_TOKEN).statusCode()).isEqualTo(403);
        assertThat(post(http, "/api/v1/classifier/versions/" + version + "/activate", "", AGENT_TOKEN).statusCode())
                .isEqualTo(403);
    }

    @Test
    void aTransferMovesTheCaseAndAReturnSendsItToTriageAsARoutingError() {
        String ref = complaint(http, "工地夜间施工噪音", "工地每天晚上施工到凌晨，噪音扰民，请环保部门处理。", "环境保护");
        routed(http, ref, false);

        HttpResponse<String> transferred = post(http, "/api/v1/cases/" + ref + "/routing/transfer",
                new JsonObject().put("unit", "construction").put("note", "属于夜间施工许可").encode(), AGENT_TOKEN);
        HttpResponse<String> returned = post(http, "/api/v1/cases/" + ref + "/routing/return",
                new JsonObject().put("reasonCode", "wrong_area").put("note", "不在本区").encode(), AGENT_TOKEN);

        assertThat(transferred.statusCode()).as(transferred.body()).isEqualTo(200);
        assertThat(returned.statusCode()).as(returned.body()).isEqualTo(200);
        JsonObject c = http.deskJson("/api/v1/cases/" + ref);
        JsonObject routing = c.getJsonObject("routing");
        assertThat(routing.getString("unit")).isEqualTo("triage");
        assertThat(routing.getString("state")).isEqualTo("triage");
        assertThat(routing.getString("dueAt")).isNotNull();
        JsonArray dispatches = routing.getJsonArray("dispatches");
        assertThat(dispatches.stream().map(d -> ((JsonObject) d).getString("unit") + ":"
                + ((JsonObject) d).getString("how") + ":" + ((JsonObject) d).getString("ended")))
                .containsExactly("environment:rule:transferred", "construction:transfer:returned");
        assertThat(historyKinds(c)).contains("routed", "transferred", "returned_to_triage");
    }

    @Test
    void aReturnNeedsAKnownReasonCodeAndOtherNeedsItsText() {
        String ref = complaint(http, "公交线路", "希望增加一条公交线路到新区。", "交通运输");
        routed(http, ref, false);

        HttpResponse<String> unknown = post(http, "/api/v1/cases/" + ref + "/routing/return",
                new JsonObject().put("reasonCode", "busy").encode(), AGENT_TOKEN);
        HttpResponse<String> otherWithoutText = post(http, "/api/v1/cases/" + ref + "/routing/return",
                new JsonObject().put("reasonCode", "other").encode(), AGENT_TOKEN);

        assertThat(unknown.statusCode()).isEqualTo(422);
        assertThat(unknown.body()).contains("reasonCode");
        assertThat(otherWithoutText.statusCode()).isEqualTo(422);
        assertThat(otherWithoutText.body()).contains("reason");
    }

    @Test
    void theReRouteAfterAReturnIsALabelAndTheReportCountsTheRoutingError() {
        String ref = complaint(http, "垃圾站臭味", "小区门口垃圾站臭味很大，夏天更严重。", "城乡建设");
        routed(http, ref, false);
        post(http, "/api/v1/cases/" + ref + "/routing/return",
                new JsonObject().put("reasonCode", "overlapping_duties").encode(), AGENT_TOKEN);

        HttpResponse<String> dispatched = post(http, "/api/v1/cases/" + ref + "/routing/dispatch",
                new JsonObject().put("unit", "environment").put("category", "环境保护").encode(), AGENT_TOKEN);

        assertThat(dispatched.statusCode()).as(dispatched.body()).isEqualTo(200);
        JsonObject c = http.deskJson("/api/v1/cases/" + ref);
        assertThat(c.getString("category")).isEqualTo("环境保护");
        assertThat(c.getJsonObject("routing").getString("unit")).isEqualTo("environment");
        assertThat(TestDatabase.queryString(db, "SELECT l.how || ':' || l.category FROM routing_label l JOIN complaint_case c "
                + "ON c.id = l.case_id WHERE c.reference = '" + ref + "'")).isEqualTo("re-route:环境保护");
        JsonObject construction = unit(http.deskJson("/api/v1/routing/report"), "construction");
        assertThat(construction.getLong("returned")).isPositive();
        assertThat(construction.getJsonObject("returnReasons").getLong("overlapping_duties")).isEqualTo(1L);
        assertThat(construction.getDouble("firstDispatchCorrectRate")).isLessThan(1.0);
    }

    @Test
    void aCaseInTriageCannotBeTransferredOrReturned() {
        String ref = complaint(http, "你好", "请问一下。", null);
        JsonObject routing = routed(http, ref, false).getJsonObject("routing");
        if (!"triage".equals(routing.getString("state"))) {
            post(http, "/api/v1/cases/" + ref + "/routing/return",
                    new JsonObject().put("reasonCode", "incomplete_information").encode(), AGENT_TOKEN);
        }

        HttpResponse<String> transfer = post(http, "/api/v1/cases/" + ref + "/routing/transfer",
                new JsonObject().put("unit", "labour").encode(), AGENT_TOKEN);

        assertThat(transfer.statusCode()).isEqualTo(409);
        assertThat(new JsonObject(transfer.body()).getString("detail")).contains("triage");
    }

    @Test
    void aShadowVersionRecordsWhatItWouldDecideAndChangesNothing() {
        byte[] half = firstLines(RoutingFixture.hotlineCsv(), 320);
        HttpResponse<String> trained = RoutingFixture.trainCsv(http, half, TestGateway.DESK_TOKEN);
        int shadow = new JsonObject(trained.body()).getInteger("version");
        assertThat(post(http, "/api/v1/classifier/versions/" + shadow + "/shadow", "", TestGateway.DESK_TOKEN)
                .statusCode()).isEqualTo(200);

        String ref = complaint(http, "拖欠工资", "包工头拖欠我们工资两个月。", null);
        JsonObject routing = routed(http, ref, false).getJsonObject("routing");

        assertThat(routing.getInteger("classifierVersion")).isEqualTo(version);
        assertThat(TestDatabase.queryLong(db, "SELECT count(*) FROM routing_shadow s JOIN complaint_case c "
                + "ON c.id = s.case_id WHERE s.version = " + shadow + " AND c.reference = '" + ref + "'")).isEqualTo(1);
        JsonObject listed = http.deskJson("/api/v1/classifier/versions").getJsonArray("versions").stream()
                .map(JsonObject.class::cast).filter(v -> v.getInteger("version") == shadow).findFirst().orElseThrow();
        assertThat(listed.getString("state")).isEqualTo("shadow");
        assertThat(listed.getJsonObject("shadow").getLong("cases")).isPositive();
    }

    @Test
    void routingIsCountedOnMetrics() {
        String ref = complaint(http, "电梯坏了", "小区电梯坏了一个月没人修。", "城乡建设");
        routed(http, ref, false);

        String metrics = http.get("/metrics").body();

        assertThat(metrics).contains("shouli_routing_dispatched_total{how=\"rule\",unit=\"construction\"}")
                .contains("shouli_routing_classified_total").contains("shouli_routing_delay_seconds_bucket");
    }

    private static JsonObject unit(JsonObject report, String unit) {
        return report.getJsonArray("units").stream().map(JsonObject.class::cast)
                .filter(u -> u.getString("unit").equals(unit)).findFirst().orElseThrow();
    }

    private static List<String> historyKinds(JsonObject c) {
        return c.getJsonArray("history").stream().map(e -> ((JsonObject) e).getString("kind"))
                .collect(Collectors.toList());
    }

    private static byte[] firstLines(byte[] csv, int lines) {
        String[] all = new String(csv, StandardCharsets.UTF_8).split("\r\n");
        return String.join("\r\n", java.util.Arrays.copyOf(all, lines)).concat("\r\n").getBytes(StandardCharsets.UTF_8);
    }
}
