package dev.shouli.feature.survey;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import dev.shouli.Gateway;
import dev.shouli.channel.sms.FakeSmsApi;
import dev.shouli.core.db.DatabaseEndpoint;
import dev.shouli.support.Http;
import dev.shouli.support.MutableClock;
import dev.shouli.support.TestDatabase;
import dev.shouli.support.TestGateway;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import jakarta.mail.internet.MimeMessage;
import java.net.ServerSocket;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * 回访 end to end on two gateway instances sharing one database and one (hand-moved) clock: the question goes
 * out once after the delay, by SMS through a provider fake and by e-mail through GreenMail; answers come back
 * as SMS keywords, through the e-mail's link (single-use, forged tokens refused) and as e-mail replies; 不满意
 * re-opens the case; silence becomes no_answer.
 */
class SurveyTest {

    private static final String ALIYUN_TOKEN = "aliyun-push-token-0123456789";
    private static final String EMAIL_TOKEN = "email-webhook-token-0123456789";
    // Tuesday 10:00 in Shanghai.
    private static final Instant START = Instant.parse("2026-03-10T02:00:00Z");
    private static final AtomicLong SEQ = new AtomicLong(System.nanoTime());
    private static final Pattern LINK = Pattern.compile("http://localhost:8080(/survey/[A-Za-z0-9_.-]+)\\?answer=satisfied");

    private static Vertx fakeVertx;
    private static FakeSmsApi vonage;
    private static GreenMail smtp;
    private static DatabaseEndpoint db;
    private static Gateway one;
    private static Gateway two;
    private static Http http;
    private static Http httpTwo;
    private static MutableClock clock;

    @BeforeAll
    static void start() throws Exception {
        fakeVertx = Vertx.vertx();
        vonage = new FakeSmsApi(fakeVertx, r -> new FakeSmsApi.Answer(200, new JsonObject().put("message-count", "1")
                .put("messages", new JsonArray().add(new JsonObject().put("to", r.field("to")).put("status", "0")
                        .put("message-id", "MSG-" + SEQ.incrementAndGet())))));
        int smtpPort;
        try (ServerSocket s = new ServerSocket(0)) {
            smtpPort = s.getLocalPort();
        }
        smtp = new GreenMail(new ServerSetup(smtpPort, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        smtp.start();
        db = TestDatabase.freshDatabase();
        clock = new MutableClock(START);
        Map<String, String> env = new HashMap<>();
        env.put("SHOULI_ALIYUN_TOKEN", ALIYUN_TOKEN);
        env.put("SHOULI_CHANNELS_SMS_SEND_PROVIDER", "vonage");
        env.put("SHOULI_CHANNELS_SMS_VONAGE_API_BASE_URL", vonage.baseUrl());
        env.put("SHOULI_CHANNELS_SMS_VONAGE_FROM", "Shouli");
        env.put("SHOULI_VONAGE_API_KEY", "key123");
        env.put("SHOULI_VONAGE_API_SECRET", "secret456");
        env.put("SHOULI_EMAIL_WEBHOOK_TOKEN", EMAIL_TOKEN);
        env.put("SHOULI_MAILER_HOST", "127.0.0.1");
        env.put("SHOULI_MAILER_PORT", String.valueOf(smtpPort));
        env.put("SHOULI_MAILER_START_TLS", "DISABLED");
        env.put("SHOULI_OUTBOX_POLL_INTERVAL", "100ms");
        env.put("SHOULI_SURVEY_POLL_INTERVAL", "100ms");
        env.put("SHOULI_SURVEY_SECRET", "survey-secret-0123456789abcdef");
        one = TestGateway.start(db, env, clock);
        two = TestGateway.start(db, env, clock);
        http = new Http(one.port());
        httpTwo = new Http(two.port());
    }

    @AfterAll
    static void stop() throws Exception {
        TestGateway.stop(one);
        TestGateway.stop(two);
        vonage.close();
        smtp.stop();
        fakeVertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    // ---- helpers ------------------------------------------------------------------------------------------

    private static String newNumber() {
        return "139" + String.format("%08d", SEQ.incrementAndGet() % 100_000_000L);
    }

    private static void sms(String number, String content) {
        String json = new JsonArray().add(new JsonObject().put("phone_number", number).put("content", content)
                .put("sequence_id", SEQ.incrementAndGet())).encode();
        HttpResponse<String> r = http.postBytes("/intake/sms/aliyun?token=" + ALIYUN_TOKEN, "application/json",
                json.getBytes(StandardCharsets.UTF_8));
        assertThat(r.statusCode()).isEqualTo(200);
    }

    private static String smsCase(String number, String content) {
        sms(number, content);
        return referenceOf("complainant_phone = '+86" + number + "'");
    }

    private static String emailCase(String address, String messageId, String body) {
        HttpResponse<String> r = http.postBytes("/intake/email", "message/rfc822",
                mail(address, messageId, "投诉", "", body), "Authorization", "Bearer " + EMAIL_TOKEN);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return new JsonObject(r.body()).getString("reference");
    }

    private static byte[] mail(String from, String messageId, String subject, String extraHeaders, String body) {
        return ("From: " + from + "\r\nTo: complaints@example.cn\r\nSubject: " + subject + "\r\nMessage-ID: " + messageId
                + "\r\nMIME-Version: 1.0\r\n" + extraHeaders
                + "Content-Type: text/plain; charset=utf-8\r\n\r\n" + body + "\r\n").getBytes(StandardCharsets.UTF_8);
    }

    private static String referenceOf(String where) {
        return query("SELECT reference FROM complaint_case WHERE " + where + " ORDER BY id DESC LIMIT 1");
    }

    private static String query(String sql) {
        try (var c = java.sql.DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
             var s = c.createStatement(); var rs = s.executeQuery(sql)) {
            return rs.next() ? rs.getString(1) : null;
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    private static JsonObject act(String reference, String action, JsonObject body) {
        HttpResponse<String> r = http.send(http.request("/api/v1/cases/" + reference + "/" + action)
                .header("Authorization", "Bearer " + TestGateway.DESK_TOKEN)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.encode())).build());
        assertThat(r.statusCode()).as(action + ": " + r.body()).isEqualTo(200);
        return new JsonObject(r.body());
    }

    private static void resolve(String reference) {
        act(reference, "acknowledge", new JsonObject());
        act(reference, "resolve", new JsonObject().put("result", "已联系商家退款"));
    }

    private static JsonObject survey(String reference) {
        JsonArray all = http.deskJson("/api/v1/cases/" + reference + "/survey").getJsonArray("surveys");
        return all.getJsonObject(all.size() - 1);
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("timed out waiting: " + what);
    }

    /** Moves the shared clock past the question's due time and waits until the question went out. */
    private static void passTheDelay(String reference) throws InterruptedException {
        Instant due = Instant.parse(survey(reference).getString("dueAt"));
        clock.advance(Duration.between(clock.instant(), due).plusMinutes(1));
        await("the survey of " + reference + " to be delivered", () -> "sent".equals(query(
                "SELECT o.status FROM outbox o JOIN complaint_case c ON c.id = o.case_id WHERE o.kind = 'survey' "
                        + "AND c.reference = '" + reference + "'")));
    }

    private static long smsTo(String number) {
        return vonage.received.stream().filter(r -> ("86" + number).equals(r.field("to"))).count();
    }

    private static String surveySmsTo(String number) {
        return vonage.received.stream().filter(r -> ("86" + number).equals(r.field("to")))
                .map(r -> r.field("text")).filter(t -> t.contains("满意")).findFirst().orElseThrow();
    }

    private static MimeMessage surveyMailTo(String address) {
        return Arrays.stream(smtp.getReceivedMessages()).filter(m -> {
            try {
                return m.getAllRecipients()[0].toString().equalsIgnoreCase(address) && m.getSubject().contains("评价");
            } catch (Exception e) {
                return false;
            }
        }).findFirst().orElseThrow(() -> new AssertionError("no survey mail to " + address));
    }

    private static String linkIn(MimeMessage mail) throws Exception {
        Matcher m = LINK.matcher((String) mail.getContent());
        assertThat(m.find()).as("a link in " + mail.getContent()).isTrue();
        return m.group(1);
    }

    private static HttpResponse<String> postForm(Http client, String path, String form) {
        return client.postBytes(path, "application/x-www-form-urlencoded", form.getBytes(StandardCharsets.UTF_8));
    }

    private static String status(String reference) {
        return http.deskJson("/api/v1/cases/" + reference).getString("status");
    }

    private static List<String> historyKinds(String reference) {
        JsonArray h = http.deskJson("/api/v1/cases/" + reference).getJsonArray("history");
        return h.stream().map(e -> ((JsonObject) e).getString("kind")).toList();
    }

    // ---- tests --------------------------------------------------------------------------------------------

    /** Forward to the next Tuesday 10:00 in Shanghai (the clock never goes back: tests share it). */
    private static void travelToTuesdayMorning() {
        java.time.ZonedDateTime now = clock.instant().atZone(java.time.ZoneId.of("Asia/Shanghai"));
        java.time.ZonedDateTime next = now.with(java.time.temporal.TemporalAdjusters.next(java.time.DayOfWeek.TUESDAY))
                .withHour(10).withMinute(0).withSecond(0).withNano(0);
        clock.advance(Duration.between(now, next));
    }

    @Test
    void theQuestionGoesOutOnceAfterTheDelayNotBefore() throws Exception {
        travelToTuesdayMorning();
        String number = newNumber();
        String reference = smsCase(number, "小区门口的路灯坏了一个月");
        resolve(reference);
        assertThat(survey(reference).getString("state")).isEqualTo("scheduled");
        // Resolved Tuesday 10:00: asked Wednesday 10:00, the same time on the next working day.
        assertThat(survey(reference).getString("dueAt")).isEqualTo(clock.instant().plus(Duration.ofDays(1)).toString());
        clock.advance(Duration.ofHours(23));
        Thread.sleep(500);
        assertThat(survey(reference).getString("state")).isEqualTo("scheduled");
        assertThat(smsTo(number)).isEqualTo(1); // the receipt only

        passTheDelay(reference);
        Thread.sleep(500);

        assertThat(survey(reference).getString("state")).isEqualTo("sent");
        assertThat(smsTo(number)).isEqualTo(2);
        assertThat(surveySmsTo(number)).contains(reference, "1满意", "3不满意");
    }

    @Test
    void twoInstancesSendEachQuestionExactlyOnce() throws Exception {
        List<String> numbers = new java.util.ArrayList<>();
        List<String> references = new java.util.ArrayList<>();
        for (int i = 0; i < 12; i++) {
            String number = newNumber();
            numbers.add(number);
            references.add(smsCase(number, "第" + i + "号楼电梯经常故障"));
        }
        references.forEach(SurveyTest::resolve);
        Instant due = Instant.parse(survey(references.get(references.size() - 1)).getString("dueAt"));
        clock.advance(Duration.between(clock.instant(), due).plusMinutes(1));
        String in = "('" + String.join("','", references) + "')";
        await("all questions sent", () -> TestDatabase.queryLong(db, "SELECT count(*) FROM outbox o JOIN complaint_case c"
                + " ON c.id = o.case_id WHERE o.kind = 'survey' AND o.status = 'sent' AND c.reference IN " + in) == 12);
        Thread.sleep(500);

        assertThat(TestDatabase.queryLong(db, "SELECT count(*) FROM outbox o JOIN complaint_case c ON c.id = o.case_id"
                + " WHERE o.kind = 'survey' AND c.reference IN " + in)).isEqualTo(12);
        for (String number : numbers) {
            assertThat(smsTo(number)).as(number).isEqualTo(2); // receipt + one question
        }
    }

    @Test
    void aKeywordReplyIsRecordedOnTheCaseAndMakesNoNewCase() throws Exception {
        String number = newNumber();
        String reference = smsCase(number, "快递员把包裹放在门口丢了");
        resolve(reference);
        passTheDelay(reference);
        long cases = TestDatabase.queryLong(db, "SELECT count(*) FROM complaint_case");

        sms(number, "１");

        assertThat(TestDatabase.queryLong(db, "SELECT count(*) FROM complaint_case")).isEqualTo(cases);
        JsonObject s = survey(reference);
        assertThat(s.getString("state")).isEqualTo("answered");
        assertThat(s.getString("verdict")).isEqualTo("satisfied");
        assertThat(s.getString("answeredVia")).isEqualTo("sms");
        assertThat(status(reference)).isEqualTo("resolved");
        assertThat(historyKinds(reference)).contains("satisfaction");
    }

    @Test
    void aDissatisfiedSmsReopensTheCaseWithTheCommentAndFreshDeadlines() throws Exception {
        String number = newNumber();
        String reference = smsCase(number, "楼上漏水到我家，物业不管");
        resolve(reference);
        passTheDelay(reference);

        sms(number, "３ 还是在漏水，没人上门");

        assertThat(status(reference)).isEqualTo("in_progress");
        JsonObject detail = http.deskJson("/api/v1/cases/" + reference);
        JsonArray history = detail.getJsonArray("history");
        JsonObject answer = history.stream().map(e -> (JsonObject) e)
                .filter(e -> "satisfaction".equals(e.getString("kind"))).findFirst().orElseThrow();
        assertThat(answer.getJsonObject("detail").getString("verdict")).isEqualTo("dissatisfied");
        assertThat(answer.getJsonObject("detail").getString("comment")).isEqualTo("还是在漏水，没人上门");
        JsonObject reopen = history.getJsonObject(history.size() - 1);
        assertThat(reopen.getString("kind")).isEqualTo("reopen");
        assertThat(reopen.getString("actor")).isEqualTo("survey");
        assertThat(reopen.getJsonObject("detail").getJsonObject("parameters").getString("note"))
                .isEqualTo("还是在漏水，没人上门");
        JsonObject resolution = detail.getJsonObject("sla").getJsonArray("deadlines").stream().map(d -> (JsonObject) d)
                .filter(d -> "resolution".equals(d.getString("kind"))).findFirst().orElseThrow();
        assertThat(resolution.getString("state")).isEqualTo("on_time");
        assertThat(resolution.getString("startedAt")).isEqualTo(clock.instant().toString());
        assertThat(http.get("/metrics").body()).contains("shouli_cases_reopened_total{source=\"survey\"}")
                .contains("shouli_satisfaction_answers_total{verdict=\"dissatisfied\",via=\"sms\"}");
    }

    @Test
    void theEmailLinkShowsAConfirmPageRecordsOnPostAndIsSingleUse() throws Exception {
        String address = "link" + SEQ.incrementAndGet() + "@example.cn";
        String reference = emailCase(address, "<link-" + SEQ.incrementAndGet() + "@example.cn>", "网购的冰箱送来就是坏的，要求换货。");
        resolve(reference);
        passTheDelay(reference);
        await("the survey mail", () -> {
            try {
                surveyMailTo(address);
                return true;
            } catch (AssertionError e) {
                return false;
            }
        });
        String path = linkIn(surveyMailTo(address));

        HttpResponse<String> page = http.get(path + "?answer=satisfied");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains(reference, "value=\"satisfied\" checked", "method=\"post\"");
        assertThat(page.headers().firstValue("Referrer-Policy")).contains("no-referrer");
        // A GET (a mail scanner following the link) records nothing.
        assertThat(survey(reference).getString("state")).isEqualTo("sent");

        // The other instance takes the POST: links are verified by every instance.
        HttpResponse<String> posted = postForm(httpTwo, path, "answer=satisfied&comment="
                + URLEncoder.encode("处理很及时", StandardCharsets.UTF_8));
        assertThat(posted.statusCode()).isEqualTo(200);
        assertThat(posted.body()).contains("感谢您的评价");
        JsonObject s = survey(reference);
        assertThat(s.getString("verdict")).isEqualTo("satisfied");
        assertThat(s.getString("comment")).isEqualTo("处理很及时");
        assertThat(s.getString("answeredVia")).isEqualTo("web");

        HttpResponse<String> again = postForm(http, path, "answer=dissatisfied");
        assertThat(again.statusCode()).isEqualTo(410);
        assertThat(again.body()).contains("已使用");
        assertThat(survey(reference).getString("verdict")).isEqualTo("satisfied");
        assertThat(http.get("/api/v1/surveys/" + path.substring("/survey/".length())).statusCode()).isEqualTo(410);
    }

    @Test
    void theStatusPageOffersTheOpenQuestionToTheComplainantWhoProvesTheCase() throws Exception {
        String address = "status" + SEQ.incrementAndGet() + "@example.cn";
        String reference = emailCase(address, "<status-" + SEQ.incrementAndGet() + "@example.cn>",
                "买的洗衣机漏水，要求上门维修。");
        String question = new JsonObject().put("reference", reference).put("contact", address).encode();
        resolve(reference);
        HttpResponse<String> beforeItWentOut = http.postJson("/api/v1/status", question);
        assertThat(beforeItWentOut.statusCode()).as(beforeItWentOut.body()).isEqualTo(200);
        assertThat(new JsonObject(beforeItWentOut.body()).getValue("surveyLink")).as("not asked yet").isNull();
        passTheDelay(reference);

        JsonObject status = new JsonObject(http.postJson("/api/v1/status", question).body());
        String link = status.getString("surveyLink");
        assertThat(link).startsWith("http://localhost:8080/survey/");
        HttpResponse<String> page = http.postBytes("/status?lang=zh-CN", "application/x-www-form-urlencoded",
                ("reference=" + reference + "&contact=" + URLEncoder.encode(address, StandardCharsets.UTF_8))
                        .getBytes(StandardCharsets.UTF_8));
        assertThat(page.body()).contains("评价处理结果").contains("href=\"/survey/");

        String token = link.substring(link.lastIndexOf('/') + 1);
        HttpResponse<String> answered = httpTwo.postJson("/api/v1/surveys/" + token,
                new JsonObject().put("answer", "基本满意").put("comment", "维修师傅来得有点晚").encode());
        assertThat(answered.statusCode()).as(answered.body()).isEqualTo(200);
        JsonObject s = survey(reference);
        assertThat(s.getString("verdict")).isEqualTo("basically_satisfied");
        assertThat(s.getString("answeredVia")).isEqualTo("web");
    }

    @Test
    void anAnsweredQuestionShowsOnTheStatusPageAsAnsweredAndIsNotAskedAgain() throws Exception {
        String address = "answered" + SEQ.incrementAndGet() + "@example.cn";
        String reference = emailCase(address, "<answered-" + SEQ.incrementAndGet() + "@example.cn>",
                "热水器安装后漏水，要求重新安装。");
        String question = new JsonObject().put("reference", reference).put("contact", address).encode();
        resolve(reference);
        passTheDelay(reference);
        String link = new JsonObject(http.postJson("/api/v1/status", question).body()).getString("surveyLink");
        String token = link.substring(link.lastIndexOf('/') + 1);
        assertThat(http.postJson("/api/v1/surveys/" + token, new JsonObject().put("answer", "满意").encode())
                .statusCode()).isEqualTo(200);

        JsonObject status = new JsonObject(http.postJson("/api/v1/status", question).body());
        HttpResponse<String> page = http.postBytes("/status?lang=zh-CN", "application/x-www-form-urlencoded",
                ("reference=" + reference + "&contact=" + URLEncoder.encode(address, StandardCharsets.UTF_8))
                        .getBytes(StandardCharsets.UTF_8));

        assertThat(status.getValue("surveyLink")).isNull();
        assertThat(status.getJsonObject("surveyAnswer").getString("verdict")).isEqualTo("satisfied");
        assertThat(page.body()).contains("您已评价：满意").doesNotContain("评价处理结果");
    }

    @Test
    void aForgedTokenIsRefusedAndRecordsNothing() throws Exception {
        String address = "forge" + SEQ.incrementAndGet() + "@example.cn";
        String reference = emailCase(address, "<forge-" + SEQ.incrementAndGet() + "@example.cn>", "装修公司拖延工期两个月。");
        resolve(reference);
        passTheDelay(reference);
        await("the survey mail", () -> Arrays.stream(smtp.getReceivedMessages()).anyMatch(m -> {
            try {
                return m.getAllRecipients()[0].toString().equalsIgnoreCase(address) && m.getSubject().contains("评价");
            } catch (Exception e) {
                return false;
            }
        }));
        String token = linkIn(surveyMailTo(address)).substring("/survey/".length());
        String nonce = token.substring(0, token.indexOf('.'));
        // Same nonce, signature of another key; and a well-formed token that was never issued.
        String forged = nonce + "." + "A".repeat(43);
        String unknown = new SurveyTokens("survey-secret-0123456789abcdef".getBytes(StandardCharsets.UTF_8))
                .issue().token();

        assertThat(http.get("/survey/" + forged).statusCode()).isEqualTo(404);
        assertThat(postForm(http, "/survey/" + forged, "answer=dissatisfied").statusCode()).isEqualTo(404);
        assertThat(postForm(http, "/survey/" + unknown, "answer=dissatisfied").statusCode()).isEqualTo(404);
        HttpResponse<String> api = http.postJson("/api/v1/surveys/" + forged, "{\"answer\":\"dissatisfied\"}");
        assertThat(api.statusCode()).isEqualTo(404);
        assertThat(api.headers().firstValue("Content-Type")).contains("application/problem+json");

        assertThat(survey(reference).getString("state")).isEqualTo("sent");
        assertThat(status(reference)).isEqualTo("resolved");
    }

    @Test
    void aLateSecondAnswerByEmailReplyUpdatesTheVerdictAndKeepsTheFirst() throws Exception {
        String address = "late" + SEQ.incrementAndGet() + "@example.cn";
        String reference = emailCase(address, "<late-" + SEQ.incrementAndGet() + "@example.cn>", "健身房倒闭不退会员费。");
        resolve(reference);
        passTheDelay(reference);
        await("the survey mail", () -> Arrays.stream(smtp.getReceivedMessages()).anyMatch(m -> {
            try {
                return m.getAllRecipients()[0].toString().equalsIgnoreCase(address) && m.getSubject().contains("评价");
            } catch (Exception e) {
                return false;
            }
        }));
        MimeMessage question = surveyMailTo(address);
        assertThat(postForm(http, linkIn(question), "answer=basically_satisfied").statusCode()).isEqualTo(200);
        clock.advance(Duration.ofDays(3));

        HttpResponse<String> reply = http.postBytes("/intake/email", "message/rfc822",
                mail(address, "<late-reply-" + SEQ.incrementAndGet() + "@example.cn>", "Re: " + question.getSubject(),
                        "In-Reply-To: " + question.getMessageID() + "\r\n", "不满意，钱到现在还没退。"),
                "Authorization", "Bearer " + EMAIL_TOKEN);

        assertThat(new JsonObject(reply.body()).getString("outcome")).isEqualTo("appended");
        assertThat(new JsonObject(reply.body()).getString("reference")).isEqualTo(reference);
        JsonObject s = survey(reference);
        assertThat(s.getString("verdict")).isEqualTo("dissatisfied");
        assertThat(s.getString("comment")).isEqualTo("钱到现在还没退。");
        JsonArray answers = s.getJsonArray("answers");
        assertThat(answers).hasSize(2);
        assertThat(answers.getJsonObject(0).getString("verdict")).isEqualTo("basically_satisfied");
        assertThat(answers.getJsonObject(0).getString("via")).isEqualTo("web");
        assertThat(answers.getJsonObject(1).getString("verdict")).isEqualTo("dissatisfied");
        assertThat(answers.getJsonObject(1).getString("via")).isEqualTo("email");
        assertThat(status(reference)).isEqualTo("in_progress");
    }

    @Test
    void aQuestionNobodyAnswersBecomesNoAnswerOnce() throws Exception {
        String number = newNumber();
        String reference = smsCase(number, "菜市场的秤缺斤少两");
        resolve(reference);
        passTheDelay(reference);

        clock.advance(Duration.ofDays(7).plusMinutes(1));
        await("no_answer", () -> "no_answer".equals(survey(reference).getString("state")));
        Thread.sleep(500);

        assertThat(historyKinds(reference).stream().filter("satisfaction.no_answer"::equals).count()).isEqualTo(1);
        // A late answer is still taken and replaces the silence.
        sms(number, "2 还行");
        assertThat(survey(reference).getString("verdict")).isEqualTo("basically_satisfied");
        assertThat(survey(reference).getString("state")).isEqualTo("answered");
    }

    @Test
    void anOptedOutNumberIsNotAskedAndTheSurveyIsSkipped() throws Exception {
        String number = newNumber();
        String reference = smsCase(number, "网吧里有人抽烟没人管");
        sms(number, "TD");
        resolve(reference);
        passTheDelay(reference);
        await("skipped", () -> "skipped".equals(survey(reference).getString("state")));
        assertThat(survey(reference).getString("reason")).contains("opted out");
        assertThat(vonage.received.stream().filter(r -> ("86" + number).equals(r.field("to"))
                && r.field("text").contains("满意"))).isEmpty();
    }
}
