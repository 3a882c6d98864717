package dev.shouli.feature.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shouli.Gateway;
import dev.shouli.ShouliConfig;
import dev.shouli.channel.hotline.HotlineSignature;
import dev.shouli.core.db.DatabaseEndpoint;
import dev.shouli.support.Http;
import dev.shouli.support.MutableClock;
import dev.shouli.support.TestDatabase;
import dev.shouli.support.TestGateway;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.dhatim.fastexcel.reader.ReadableWorkbook;
import org.dhatim.fastexcel.reader.Row;
import org.dhatim.fastexcel.reader.Sheet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Reports on a known set of cases from January to March 2026 — through the real intake, desk actions, 回访 and a
 * hotline platform's verdict, with the clock moved by hand — including the 调休 days of the Spring Festival
 * (Saturday 14 and 28 February worked, 15–23 February off). Every figure of the monthly totals and of the
 * channel breakdown is checked against values worked out by hand below; the other breakdowns must add up.
 */
class ReportTest {

    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    private static final String SECRET = "report-city-secret-0123456789";
    private static final MutableClock CLOCK = new MutableClock(at("2026-01-05T09:00"));
    private static DatabaseEndpoint db;
    private static Gateway gateway;
    private static Http http;

    @BeforeAll
    static void buildTheFixture() throws Exception {
        Path file = Files.createTempFile("shouli-report", ".yaml");
        Files.writeString(file, "hotline:\n  sources:\n    - name: city12345\n      signFor: automatic\n",
                StandardCharsets.UTF_8);
        Map<String, String> env = new HashMap<>();
        env.put("SHOULI_HOTLINE_CITY12345_SECRET", SECRET);
        env.put("SHOULI_SURVEY_POLL_INTERVAL", "50ms");
        env.put("SHOULI_SLA_MONITOR_INTERVAL", "50ms");
        env.put("SHOULI_OUTBOX_POLL_INTERVAL", "200ms");
        ShouliConfig config = TestGateway.config(file, env);
        db = TestDatabase.freshDatabase();
        gateway = TestGateway.start(db, config, CLOCK);
        dev.shouli.support.DeskUsers.add(db, "zhangsan", "张三");
        dev.shouli.support.DeskUsers.add(db, "lisi", "李四");
        http = new Http(gateway.port());
        fixture();
    }

    @AfterAll
    static void stop() {
        TestGateway.stop(gateway);
    }

    /**
     * The cases, step by step in time order. Business times to resolve (office calendar, 7.5 h a day):
     * C1 15 h; C2 53.5 h (first resolve) and 124 h (second); C4 68.5 h; C5 37.5 h (the 调休 Saturday counts, the
     * festival does not); C6 121 h; C8 15 h.
     */
    private static void fixture() throws Exception {
        travel("2026-01-05T10:00");
        String c1 = api("complaint", "010101", "华润万家", null, "买到变质的面包");
        travel("2026-01-05T11:00");
        act(c1, "acknowledge", new JsonObject());
        act(c1, "assign", new JsonObject().put("assignee", "zhangsan"));
        travel("2026-01-07T10:00");
        act(c1, "resolve", new JsonObject().put("result", "已退款"));
        travel("2026-01-08T10:00"); // C1 asked, the same time on the next working day
        travel("2026-01-08T11:00");
        answer(c1, "satisfied");
        travel("2026-01-09T15:00");
        String c2 = api("complaint", "010101", "华润万家", "深圳南山分店", "收银员多收钱");
        travel("2026-01-12T10:00");
        act(c2, "acknowledge", new JsonObject());
        act(c2, "assign", new JsonObject().put("assignee", "lisi"));
        travel("2026-01-20T09:30");
        String c3 = api("inquiry", null, null, null, "请问垃圾分类的规定是什么");
        travel("2026-01-20T16:00");
        act(c2, "resolve", new JsonObject().put("result", "已道歉并退还多收款"));
        travel("2026-01-21T16:00"); // C2 asked
        travel("2026-01-21T17:00");
        answer(c2, "dissatisfied"); // re-opens C2
        travel("2026-01-21T18:30"); // C3's first response is now late
        travel("2026-01-26T10:00");
        act(c3, "return", new JsonObject().put("reason", "非本单位职责"));
        travel("2026-01-28T10:00");
        String c4 = hotline("GD20260128001");
        travel("2026-01-28T14:00");
        act(c4, "start", new JsonObject());
        travel("2026-02-03T10:00");
        act(c2, "resolve", new JsonObject().put("result", "已上门核实并退款"));
        travel("2026-02-04T10:00"); // C2 asked again (round 2), never answers
        travel("2026-02-10T11:00");
        act(c4, "resolve", new JsonObject().put("result", "已督促超市整改"));
        travel("2026-02-11T10:01"); // C2 round 2: no answer
        travel("2026-02-12T10:00");
        evaluation("GD20260128001", "满意");
        travel("2026-02-13T10:00");
        String c5 = api("complaint", "020201", "中国移动", null, "套餐被私自变更");
        travel("2026-02-14T10:00"); // Saturday, a make-up working day
        act(c5, "acknowledge", new JsonObject());
        act(c5, "assign", new JsonObject().put("assignee", "zhangsan"));
        travel("2026-02-24T09:00");
        String c6 = api("complaint", "020201", "中国移动", null, "宽带断网一周");
        travel("2026-02-26T10:00"); // a day late
        act(c6, "acknowledge", new JsonObject());
        act(c6, "assign", new JsonObject().put("assignee", "lisi"));
        travel("2026-02-27T10:00");
        act(c5, "resolve", new JsonObject().put("result", "已恢复原套餐"));
        travel("2026-02-28T10:00"); // C5 asked on the make-up Saturday; never answers
        travel("2026-03-02T10:00");
        String c7 = api("complaint", "010101", "华润万家", null, "过期牛奶");
        travel("2026-03-02T11:00");
        act(c7, "acknowledge", new JsonObject());
        travel("2026-03-05T10:00");
        String c8 = api("complaint", null, "中国移动", null, "营业厅排队两小时");
        travel("2026-03-05T10:30");
        act(c8, "acknowledge", new JsonObject());
        travel("2026-03-07T10:01"); // C5: no answer
        travel("2026-03-09T10:00");
        act(c8, "resolve", new JsonObject().put("result", "已增加窗口"));
        travel("2026-03-10T09:30");
        act(c8, "reopen", new JsonObject().put("reason", "投诉人来电称仍需排队"));
        travel("2026-03-10T10:01"); // C8 round 1 is not asked: the case is open again
        travel("2026-03-12T10:00");
        act(c8, "resolve", new JsonObject().put("result", "已调整排班"));
        travel("2026-03-13T10:00"); // C8 round 2 asked
        travel("2026-03-13T11:00");
        answer(c8, "basically_satisfied");
        travel("2026-03-17T10:00"); // C6's resolution was due 16 March 18:00
        act(c6, "resolve", new JsonObject().put("result", "已修复线路"));
        travel("2026-03-18T10:00"); // C6 asked
        travel("2026-03-18T11:00");
        answer(c6, "dissatisfied"); // re-opens C6
        travel("2026-03-20T10:00");
        String c10 = api("complaint", "030102", "美团", null, "外卖超时两小时");
        travel("2026-03-20T15:00");
        act(c10, "return", new JsonObject().put("reason", "不属本辖区"));
        travel("2026-04-01T10:00");
    }

    // ---- fixture helpers ----------------------------------------------------------------------------------

    private static Instant at(String local) {
        return LocalDateTime.parse(local).atZone(SHANGHAI).toInstant();
    }

    /** Moves the clock forward and waits until the background work due by then (回访, SLA monitor) is done. */
    private static void travel(String local) throws InterruptedException {
        Instant to = at(local);
        assertThat(to).isAfterOrEqualTo(CLOCK.instant());
        CLOCK.advance(Duration.between(CLOCK.instant(), to));
        String now = "'" + to + "'::timestamptz";
        await(local, () -> TestDatabase.queryLong(db, "SELECT count(*) FROM satisfaction_survey WHERE "
                + "(state = 'scheduled' AND due_at <= " + now + ") OR (state = 'sent' AND answer_by <= " + now + ")") == 0
                && TestDatabase.queryLong(db, "SELECT count(*) FROM sla_deadline WHERE state IN ('on_time', 'warning') "
                + "AND due_at <= " + now) == 0);
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("background work not done at " + what);
            }
            Thread.sleep(20);
        }
    }

    private static String api(String kind, String category, String organisation, String branch, String text) {
        JsonObject body = new JsonObject().put("kind", kind).put("description", text);
        if (category != null) {
            body.put("category", category);
        }
        if (organisation != null) {
            body.put("respondent", new JsonObject().put("organisation", organisation).put("branch", branch));
        }
        HttpResponse<String> r = http.postJson("/api/v1/complaints", body.encode());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return new JsonObject(r.body()).getString("reference");
    }

    private static String hotline(String ticket) {
        JsonObject order = new JsonObject().put("ticketNumber", ticket).put("type", "投诉").put("categoryCode", "030102")
                .put("respondent", "某某超市（人民路店）").put("content", "来电人反映超市出售过期食品");
        HttpResponse<String> r = signed(order);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return new JsonObject(r.body()).getString("reference");
    }

    private static void evaluation(String ticket, String verdict) {
        HttpResponse<String> r = signed(new JsonObject().put("ticketNumber", ticket).put("messageKind", "evaluation")
                .put("verdict", verdict));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    }

    private static HttpResponse<String> signed(JsonObject body) {
        byte[] bytes = body.encode().getBytes(StandardCharsets.UTF_8);
        long ts = CLOCK.instant().getEpochSecond();
        return http.postBytes("/intake/hotline/city12345", "application/json", bytes,
                HotlineSignature.TIMESTAMP_HEADER, String.valueOf(ts),
                HotlineSignature.SIGNATURE_HEADER, "sha256=" + HotlineSignature.sign(SECRET, ts, bytes));
    }

    private static JsonObject act(String reference, String action, JsonObject body) {
        HttpResponse<String> r = http.send(http.request("/api/v1/cases/" + reference + "/" + action)
                .header("Authorization", "Bearer " + TestGateway.DESK_TOKEN)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.encode())).build());
        assertThat(r.statusCode()).as(action + " " + reference + ": " + r.body()).isEqualTo(200);
        return new JsonObject(r.body());
    }

    /** Answers the case's open 回访 question through a link the desk hands out, as the status page would. */
    private static void answer(String reference, String verdict) {
        HttpResponse<String> link = http.send(http.request("/api/v1/cases/" + reference + "/survey/link")
                .header("Authorization", "Bearer " + TestGateway.DESK_TOKEN)
                .POST(HttpRequest.BodyPublishers.noBody()).build());
        assertThat(link.statusCode()).as(link.body()).isEqualTo(200);
        String url = new JsonObject(link.body()).getString("link");
        String token = url.substring(url.lastIndexOf('/') + 1);
        HttpResponse<String> r = http.postJson("/api/v1/surveys/" + token,
                new JsonObject().put("answer", verdict).encode());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    }

    private static JsonObject report(String by) {
        return http.deskJson("/api/v1/reports/cases?period=month&from=2026-01-01&to=2026-03-31&by=" + by);
    }

    // ---- expected figures ---------------------------------------------------------------------------------

    private static final List<String> FIELDS = List.of("received", "resolved", "resolvedOnTime", "resolvedLate",
            "returned", "openAtEnd", "firstResponseOnTime", "firstResponseBreached", "resolveMedianSeconds",
            "resolveP90Seconds", "surveysAsked", "surveysAnswered", "satisfied", "basicallySatisfied", "dissatisfied",
            "satisfiedPct", "dissatisfiedPct", "reopened", "reopenedPct");

    private static Map<String, Object> row(Object... values) {
        Map<String, Object> out = new java.util.LinkedHashMap<>();
        for (int i = 0; i < FIELDS.size(); i++) {
            out.put(FIELDS.get(i), values[i]);
        }
        return out;
    }

    private static Map<String, Object> actual(JsonObject row) {
        Map<String, Object> out = new java.util.LinkedHashMap<>();
        for (String f : FIELDS) {
            Object v = row.getValue(f);
            out.put(f, v instanceof Number n && !(v instanceof Double) ? n.longValue() : v);
        }
        return out;
    }

    private static final long H = 3600;

    @Test
    void monthlyTotalsAreExact() {
        JsonArray totals = report("none").getJsonArray("totals");
        assertThat(totals.stream().map(t -> ((JsonObject) t).getString("period")).toList())
                .containsExactly("2026-01", "2026-02", "2026-03");
        // received, resolved, on time, late, returned, open at end, first response on time / breached,
        // median, p90, asked, answered, satisfied, basically, dissatisfied, satisfied %, dissatisfied %,
        // re-opened, re-opened %
        assertThat(actual(totals.getJsonObject(0))).isEqualTo(row(4L, 2L, 2L, 0L, 1L, 2L, 3L, 1L, 15 * H, 192600L,
                2L, 2L, 1L, 0L, 1L, 50.0, 50.0, 1L, 50.0));
        assertThat(actual(totals.getJsonObject(1))).isEqualTo(row(2L, 3L, 3L, 0L, 0L, 1L, 1L, 1L, 246600L, 124 * H,
                3L, 1L, 1L, 0L, 0L, 100.0, 0.0, 0L, 0.0));
        assertThat(actual(totals.getJsonObject(2))).isEqualTo(row(3L, 2L, 1L, 1L, 1L, 2L, 2L, 0L, 15 * H, 121 * H,
                2L, 2L, 0L, 1L, 1L, 0.0, 50.0, 2L, 100.0));
    }

    @Test
    void theChannelBreakdownIsExact() {
        JsonArray rows = report("channel").getJsonArray("rows");
        Map<String, Map<String, Object>> byKey = rows.stream().map(r -> (JsonObject) r).collect(Collectors.toMap(
                r -> r.getString("period") + " " + r.getString("group"), ReportTest::actual,
                (a, b) -> a, java.util.LinkedHashMap::new));
        assertThat(byKey.keySet()).containsExactly("2026-01 api", "2026-01 hotline:city12345", "2026-02 api",
                "2026-02 hotline:city12345", "2026-03 api");
        assertThat(byKey.get("2026-01 api")).isEqualTo(row(3L, 2L, 2L, 0L, 1L, 1L, 2L, 1L, 15 * H, 192600L,
                2L, 2L, 1L, 0L, 1L, 50.0, 50.0, 1L, 50.0));
        assertThat(byKey.get("2026-01 hotline:city12345")).isEqualTo(row(1L, 0L, 0L, 0L, 0L, 1L, 1L, 0L, null, null,
                0L, 0L, 0L, 0L, 0L, null, null, 0L, null));
        assertThat(byKey.get("2026-02 api")).isEqualTo(row(2L, 2L, 2L, 0L, 0L, 1L, 1L, 1L, 135000L, 124 * H,
                2L, 0L, 0L, 0L, 0L, null, null, 0L, 0.0));
        assertThat(byKey.get("2026-02 hotline:city12345")).isEqualTo(row(0L, 1L, 1L, 0L, 0L, 0L, 0L, 0L, 246600L,
                246600L, 1L, 1L, 1L, 0L, 0L, 100.0, 0.0, 0L, 0.0));
        assertThat(byKey.get("2026-03 api")).isEqualTo(row(3L, 2L, 1L, 1L, 1L, 2L, 2L, 0L, 15 * H, 121 * H,
                2L, 2L, 0L, 1L, 1L, 0.0, 50.0, 2L, 100.0));
    }

    @Test
    void everyBreakdownAddsUpToTheTotals() {
        JsonArray totals = report("none").getJsonArray("totals");
        List<String> additive = FIELDS.stream().filter(f -> !f.endsWith("Pct") && !f.startsWith("resolveMedian")
                && !f.startsWith("resolveP90")).toList();
        for (String by : List.of("channel", "kind", "category", "respondent", "assignee")) {
            JsonArray rows = report(by).getJsonArray("rows");
            for (int p = 0; p < totals.size(); p++) {
                JsonObject total = totals.getJsonObject(p);
                for (String f : additive) {
                    // A trader's branches repeat part of its row: they are left out of the sum, as the CSV says.
                    long sum = rows.stream().map(r -> (JsonObject) r)
                            .filter(r -> r.getString("period").equals(total.getString("period")))
                            .filter(r -> r.getString("parent") == null)
                            .mapToLong(r -> r.getLong(f)).sum();
                    assertThat(sum).as(by + " " + total.getString("period") + " " + f).isEqualTo(total.getLong(f));
                }
            }
        }
    }

    @Test
    void respondentsAreGroupedByTheirKeyAndAssigneesByName() {
        Map<String, JsonObject> respondents = report("respondent").getJsonArray("rows").stream()
                .map(r -> (JsonObject) r).filter(r -> "2026-01".equals(r.getString("period")))
                .collect(Collectors.toMap(r -> r.getString("groupLabel"), r -> r));
        // 华润万家 and 华润万家深圳南山分店 are one respondent; the inquiry named none.
        assertThat(respondents.get("华润万家").getLong("received")).isEqualTo(2);
        assertThat(respondents.get("（未知）").getLong("received")).isEqualTo(1);
        Map<String, JsonObject> assignees = report("assignee").getJsonArray("rows").stream()
                .map(r -> (JsonObject) r).filter(r -> "2026-03".equals(r.getString("period")))
                .collect(Collectors.toMap(r -> r.getString("groupLabel"), r -> r));
        assertThat(assignees.get("李四").getLong("resolvedLate")).isEqualTo(1);
        assertThat(assignees.get("（未分派）").getLong("openAtEnd")).isEqualTo(1);
    }

    @Test
    void theXlsxDownloadReadsBackWithChineseHeadersAndTheSameFigures() throws Exception {
        HttpResponse<byte[]> r = http.sendForBytes(http.request(
                        "/api/v1/reports/cases?period=month&from=2026-01-01&to=2026-03-31&by=channel&format=xlsx")
                .header("Authorization", "Bearer " + TestGateway.DESK_TOKEN).GET().build());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).contains(ReportRoutes.XLSX);
        try (ReadableWorkbook workbook = new ReadableWorkbook(new ByteArrayInputStream(r.body()))) {
            Sheet sheet = workbook.getFirstSheet();
            assertThat(sheet.getName()).isEqualTo("投诉统计");
            List<Row> rows = sheet.read();
            assertThat(rows.get(0).getCellText(0)).isEqualTo("统计周期");
            assertThat(rows.get(0).getCellText(3)).isEqualTo("渠道");
            assertThat(rows.get(0).getCellText(5)).isEqualTo("受理量");
            assertThat(rows.get(0).getCellText(20)).isEqualTo("满意率（%）");
            assertThat(rows).hasSize(1 + 5 + 3);
            Row janApi = rows.get(1);
            assertThat(janApi.getCellText(0)).isEqualTo("2026-01");
            assertThat(janApi.getCellText(3)).isEqualTo("api");
            assertThat(janApi.getCellAsNumber(5).orElseThrow()).isEqualByComparingTo("3");
            assertThat(janApi.getCellAsNumber(13).orElseThrow()).isEqualByComparingTo("15.00");
            assertThat(janApi.getCellAsNumber(20).orElseThrow()).isEqualByComparingTo("50.0");
            Row marchTotal = rows.get(rows.size() - 1);
            assertThat(marchTotal.getCellText(3)).isEqualTo("合计");
            assertThat(marchTotal.getCellAsNumber(22).orElseThrow()).isEqualByComparingTo("2");
            assertThat(marchTotal.getCellAsNumber(23).orElseThrow()).isEqualByComparingTo("100.0");
        }
    }

    @Test
    void theCsvDownloadHasChineseHeadersAndOneLinePerRow() {
        HttpResponse<String> r = http.send(http.request(
                        "/api/v1/reports/cases?period=month&from=2026-01-01&to=2026-03-31&by=channel&format=csv")
                .header("Authorization", "Bearer " + TestGateway.DESK_TOKEN).GET().build());
        assertThat(r.statusCode()).isEqualTo(200);
        List<String> lines = r.body().lines().toList();
        assertThat(lines.get(0)).startsWith("\uFEFF统计周期,开始日期,结束日期,渠道,分组代码,受理量,办结量");
        assertThat(lines).hasSize(1 + 5 + 3);
        assertThat(lines.get(1)).startsWith("2026-01,2026-01-01,2026-01-31,api,api,3,2,2,0,1,1,2,1,15.00,53.50,2,2,1,0,1,50.0,50.0,1,50.0");
    }

    @Test
    void weeksAreIsoWeeksInTheGatewaysTimeZone() {
        JsonArray totals = http.deskJson("/api/v1/reports/cases?period=week&from=2026-02-23&to=2026-03-01")
                .getJsonArray("totals");
        // The 调休 week: Monday 23 February off, Saturday 28 February worked.
        assertThat(totals).hasSize(1);
        JsonObject week = totals.getJsonObject(0);
        assertThat(week.getString("period")).isEqualTo("2026-W09");
        assertThat(week.getString("periodStart")).isEqualTo("2026-02-23");
        assertThat(week.getString("periodEnd")).isEqualTo("2026-03-01");
        assertThat(week.getLong("received")).isEqualTo(1);
        assertThat(week.getLong("resolved")).isEqualTo(1);
        assertThat(week.getLong("surveysAsked")).isEqualTo(1);
    }

    @Test
    void aBadRangeIsAClearProblem() {
        HttpResponse<String> r = http.desk("/api/v1/reports/cases?period=month&from=2026-03-01&to=2026-01-01");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).contains("before");
        assertThat(http.get("/api/v1/reports/cases?from=2026-01-01&to=2026-01-31").statusCode()).isEqualTo(401);
    }
}
