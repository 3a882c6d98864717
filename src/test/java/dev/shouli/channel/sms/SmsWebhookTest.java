package dev.shouli.channel.sms;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shouli.Gateway;
import dev.shouli.ShouliConfig;
import dev.shouli.core.db.DatabaseEndpoint;
import dev.shouli.core.intake.IntakeMetrics;
import dev.shouli.core.intake.IntakeService;
import dev.shouli.core.intake.IntakeStore;
import dev.shouli.core.intake.Normaliser;
import dev.shouli.core.intake.ParseWorkers;
import dev.shouli.core.intake.PhoneNumbers;
import dev.shouli.core.intake.extract.FreeTextExtractor;
import dev.shouli.core.sla.DeadlinePolicy;
import dev.shouli.support.Http;
import dev.shouli.support.MutableClock;
import dev.shouli.support.TestDatabase;
import dev.shouli.support.TestGateway;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The three providers' webhooks over real HTTP into a real gateway and PostgreSQL. */
class SmsWebhookTest {

    private static final String TWILIO_TOKEN = "twilio-auth-token-for-tests";
    private static final String TWILIO_URL = "https://shouli.example.com/intake/sms/twilio";
    private static final String VONAGE_SECRET = "vonage-signature-secret";
    private static final String ALIYUN_TOKEN = "aliyun-push-token-0123456789";
    private static final AtomicInteger IDS = new AtomicInteger();

    private static final Map<String, String> ENV = Map.of(
            "SHOULI_TWILIO_AUTH_TOKEN", TWILIO_TOKEN,
            "SHOULI_TWILIO_WEBHOOK_URL", TWILIO_URL,
            "SHOULI_VONAGE_SIGNATURE_SECRET", VONAGE_SECRET,
            "SHOULI_VONAGE_SIGNATURE_METHOD", "sha256",
            "SHOULI_ALIYUN_TOKEN", ALIYUN_TOKEN,
            "SHOULI_HTTP_BODY_LIMIT_BYTES", "8192",
            // The test sweeps by hand with the moved clock; the gateway's own timer stays out of the way.
            "SHOULI_CHANNELS_SMS_CONCAT_SWEEP_INTERVAL", "1h");

    private static DatabaseEndpoint db;
    private static Gateway gateway;
    private static Http http;
    private static MutableClock clock;
    private static SmsIntake sweeperIntake;

    @BeforeAll
    static void start() {
        db = TestDatabase.freshDatabase();
        clock = new MutableClock(Instant.now());
        gateway = TestGateway.start(db, ENV, clock);
        http = new Http(gateway.port());
        ShouliConfig config = TestGateway.config(ENV);
        PhoneNumbers phones = new PhoneNumbers("CN");
        IntakeService intake = new IntakeService(gateway.pool(), new IntakeStore(), new Normaliser(phones),
                new DeadlinePolicy(config.sla()), config.intake(), new IntakeMetrics(new SimpleMeterRegistry()),
                new ParseWorkers(gateway.vertx(), 1, Duration.ofSeconds(5)), List.of(new SmsFollowUpMatcher(config.section(SmsConfig.class).followUpWindow())), List.of());
        sweeperIntake = new SmsIntake(intake, new SmsStore(gateway.pool()), phones,
                new SmsDrafts(new FreeTextExtractor(phones, config.intake().timeZone())),
                new ParseWorkers(gateway.vertx(), 1, Duration.ofSeconds(5)), clock,
                config.section(SmsConfig.class).concatTimeout());
    }

    @AfterAll
    static void stop() {
        TestGateway.stop(gateway);
    }

    // ---- helpers -------------------------------------------------------------------------------------------

    private static String uniquePhone() {
        return "+86139" + String.format("%08d", IDS.incrementAndGet() + (int) (System.nanoTime() % 1000) * 10000);
    }

    private static String form(Map<String, String> params) {
        StringJoiner j = new StringJoiner("&");
        params.forEach((k, v) -> j.add(URLEncoder.encode(k, StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(v, StandardCharsets.UTF_8)));
        return j.toString();
    }

    private static Map<String, String> twilioParams(String sid, String from, String body) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("MessageSid", sid);
        p.put("SmsSid", sid);
        p.put("AccountSid", "AC0123456789abcdef0123456789abcdef");
        p.put("From", from);
        p.put("To", "+861065550000");
        p.put("Body", body);
        p.put("NumSegments", "1");
        return p;
    }

    private static String twilioSignature(String url, Map<String, String> params) {
        Map<String, List<String>> multi = new LinkedHashMap<>();
        params.forEach((k, v) -> multi.put(k, List.of(v)));
        return TwilioSignature.compute(TWILIO_TOKEN, url, multi);
    }

    private static HttpResponse<String> twilio(Map<String, String> params) {
        return http.postBytes("/intake/sms/twilio", "application/x-www-form-urlencoded",
                form(params).getBytes(StandardCharsets.UTF_8), "X-Twilio-Signature", twilioSignature(TWILIO_URL, params));
    }

    private static HttpResponse<String> twilioSms(String from, String body) {
        return twilio(twilioParams("SM" + IDS.incrementAndGet() + "x" + System.nanoTime(), from, body));
    }

    private static Map<String, String> vonageParams(String msisdn, String text) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("msisdn", msisdn);
        p.put("to", "447700900000");
        p.put("messageId", "0A00000" + IDS.incrementAndGet() + System.nanoTime());
        p.put("text", text);
        p.put("type", "unicode");
        p.put("keyword", "X");
        p.put("api-key", "abcd1234");
        p.put("message-timestamp", "2026-11-25 10:00:00");
        p.put("timestamp", String.valueOf(clock.instant().getEpochSecond()));
        p.put("nonce", "n-" + IDS.incrementAndGet());
        return p;
    }

    private static HttpResponse<String> vonagePost(Map<String, String> params) {
        Map<String, String> signed = new LinkedHashMap<>(params);
        signed.put("sig", VonageSignature.compute("sha256", VONAGE_SECRET, params));
        return http.postBytes("/intake/sms/vonage", "application/x-www-form-urlencoded",
                form(signed).getBytes(StandardCharsets.UTF_8));
    }

    private static Map<String, String> part(Map<String, String> base, String ref, int total, int part, String text) {
        Map<String, String> p = new LinkedHashMap<>(base);
        p.put("messageId", "PART" + IDS.incrementAndGet() + "-" + System.nanoTime());
        p.put("text", text);
        p.put("concat", "true");
        p.put("concat-ref", ref);
        p.put("concat-total", String.valueOf(total));
        p.put("concat-part", String.valueOf(part));
        return p;
    }

    private static HttpResponse<String> aliyun(String json, String token) {
        return http.postBytes("/intake/sms/aliyun" + (token == null ? "" : "?token=" + token),
                "application/json", json.getBytes(StandardCharsets.UTF_8));
    }

    private static List<Row> query(String sql, Object... args) {
        try {
            List<Row> out = new ArrayList<>();
            gateway.pool().preparedQuery(sql).execute(Tuple.from(args)).toCompletionStage().toCompletableFuture()
                    .get(10, TimeUnit.SECONDS).forEach(out::add);
            return out;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<Row> casesOf(String phone) {
        return query("SELECT id, reference, description, status FROM complaint_case WHERE complainant_phone = $1"
                + " ORDER BY id", phone);
    }

    private static long submissionsOf(long caseId) {
        return query("SELECT count(*) AS n FROM case_submission WHERE case_id = $1", caseId).get(0).getLong("n");
    }

    private static List<Row> rejected() {
        return query("SELECT reason, transport FROM submission WHERE outcome = 'rejected' ORDER BY id DESC");
    }

    // ---- Twilio --------------------------------------------------------------------------------------------

    @Test
    void twilioMessageWithValidSignatureCreatesCaseAndAnswersTwiml() {
        String phone = uniquePhone();
        HttpResponse<String> r = twilioSms(phone, "京东某店卖的电饭煲坏了，要求退款299元");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("text/xml");
        assertThat(r.body()).contains("<Response/>");
        List<Row> cases = casesOf(phone);
        assertThat(cases).hasSize(1);
        assertThat(cases.get(0).getString("description")).contains("退款299元");
    }

    @Test
    void smsTextGoesThroughTheFreeTextExtractor() {
        String phone = uniquePhone();
        twilioSms(phone, "投诉对象：某某电器专卖店。订单号：JD2026112512345，要求退款299元");
        Row c = query("SELECT respondent_name, demand FROM complaint_case WHERE complainant_phone = $1", phone).get(0);
        assertThat(c.getString("respondent_name")).isEqualTo("某某电器专卖店");
        assertThat(c.getJsonObject("demand").getString("text")).contains("要求退款299元");
        assertThat(c.getJsonObject("demand").getValue("amount").toString()).startsWith("299");
    }

    @Test
    void twilioRedeliveryOfTheSameMessageSidMakesNoSecondCase() {
        String phone = uniquePhone();
        Map<String, String> p = twilioParams("SMredelivered" + System.nanoTime(), phone, "小区电梯三天没修好");
        assertThat(twilio(p).statusCode()).isEqualTo(200);
        assertThat(twilio(p).statusCode()).isEqualTo(200);
        assertThat(casesOf(phone)).hasSize(1);
        assertThat(query("SELECT count(*) AS n FROM submission WHERE external_id = $1",
                "twilio:" + p.get("MessageSid")).get(0).getLong("n")).isEqualTo(1);
    }

    @Test
    void twilioWrongSignatureIsRefused403AndKeptAsRejected() {
        String phone = uniquePhone();
        Map<String, String> p = twilioParams("SMforged" + System.nanoTime(), phone, "伪造的短信");
        HttpResponse<String> r = http.postBytes("/intake/sms/twilio", "application/x-www-form-urlencoded",
                form(p).getBytes(StandardCharsets.UTF_8), "X-Twilio-Signature", "RSOYDt4T1cUTdK1PDd93/VVr8B8=");
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        assertThat(new JsonObject(r.body()).getString("detail")).contains("does not match")
                .doesNotContain(TWILIO_TOKEN);
        assertThat(casesOf(phone)).isEmpty();
        assertThat(rejected().get(0).getString("transport")).isEqualTo("twilio");
    }

    @Test
    void twilioMissingSignatureIsRefused403() {
        String phone = uniquePhone();
        HttpResponse<String> r = http.postBytes("/intake/sms/twilio", "application/x-www-form-urlencoded",
                form(twilioParams("SMnosig" + System.nanoTime(), phone, "没有签名")).getBytes(StandardCharsets.UTF_8));
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(new JsonObject(r.body()).getString("detail")).contains("missing X-Twilio-Signature");
    }

    @Test
    void twilioSignatureOverTheUrlWithExplicitDefaultPortIsAccepted() {
        String phone = uniquePhone();
        Map<String, String> p = twilioParams("SMport" + System.nanoTime(), phone, "停车场乱收费");
        HttpResponse<String> r = http.postBytes("/intake/sms/twilio", "application/x-www-form-urlencoded",
                form(p).getBytes(StandardCharsets.UTF_8), "X-Twilio-Signature",
                twilioSignature("https://shouli.example.com:443/intake/sms/twilio", p));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(casesOf(phone)).hasSize(1);
    }

    @Test
    void twilioQueryStringIsPartOfTheSignedUrl() {
        String phone = uniquePhone();
        Map<String, String> p = twilioParams("SMquery" + System.nanoTime(), phone, "物业不作为");
        String signature = twilioSignature(TWILIO_URL + "?site=%E5%8C%97%E4%BA%AC", p);
        HttpResponse<String> r = http.postBytes("/intake/sms/twilio?site=%E5%8C%97%E4%BA%AC",
                "application/x-www-form-urlencoded", form(p).getBytes(StandardCharsets.UTF_8),
                "X-Twilio-Signature", signature);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(casesOf(phone)).hasSize(1);
    }

    @Test
    void twilioJsonBodyVariantIsVerifiedWithBodySha256() throws Exception {
        String phone = uniquePhone();
        byte[] body = new JsonObject().put("MessageSid", "SMjson" + System.nanoTime()).put("From", phone)
                .put("Body", "外卖送错了还不退钱").encode().getBytes(StandardCharsets.UTF_8);
        String hash = HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(body));
        String signature = TwilioSignature.compute(TWILIO_TOKEN, TWILIO_URL + "?bodySHA256=" + hash, Map.of());
        HttpResponse<String> r = http.postBytes("/intake/sms/twilio?bodySHA256=" + hash, "application/json", body,
                "X-Twilio-Signature", signature);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(casesOf(phone)).hasSize(1);
    }

    @Test
    void invalidUtf8InTheFormIsRefused400AndKept() {
        byte[] body = "MessageSid=SMbad&From=%2B8613900000000&Body=%FF%FE".getBytes(StandardCharsets.US_ASCII);
        HttpResponse<String> r = http.postBytes("/intake/sms/twilio", "application/x-www-form-urlencoded", body,
                "X-Twilio-Signature", "whatever=");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(new JsonObject(r.body()).getString("detail")).contains("not valid UTF-8");
        assertThat(rejected().get(0).getString("reason")).contains("not valid UTF-8");
    }

    @Test
    void nulInTheTextIsStoredWithoutBreakingIntake() {
        String phone = uniquePhone();
        HttpResponse<String> r = twilioSms(phone, "噪音\u0000扰民");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(casesOf(phone)).hasSize(1);
        assertThat(casesOf(phone).get(0).getString("description")).doesNotContain("\u0000").contains("扰民");
    }

    @Test
    void oversizedBodyIsRefused413() {
        byte[] body = ("Body=" + "a".repeat(9000)).getBytes(StandardCharsets.US_ASCII);
        HttpResponse<String> r = http.postBytes("/intake/sms/twilio", "application/x-www-form-urlencoded", body,
                "X-Twilio-Signature", "x=");
        assertThat(r.statusCode()).isEqualTo(413);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
    }

    // ---- follow-ups and keywords ---------------------------------------------------------------------------

    @Test
    void secondSmsFromTheSameNumberWithinTheWindowIsAppendedToTheOpenCase() {
        String phone = uniquePhone();
        twilioSms(phone, "楼下餐馆油烟太大");
        clock.advance(Duration.ofMinutes(20));
        twilioSms(phone, "补充：每天晚上十点以后还在营业");
        List<Row> cases = casesOf(phone);
        assertThat(cases).hasSize(1);
        assertThat(submissionsOf(cases.get(0).getLong("id"))).isEqualTo(2);
        assertThat(query("SELECT outcome FROM submission WHERE case_id = $1 ORDER BY id",
                cases.get(0).getLong("id")).get(1).getString("outcome")).isEqualTo("appended");
    }

    @Test
    void smsAfterTheWindowOpensANewCase() {
        String phone = uniquePhone();
        twilioSms(phone, "共享单车乱停放");
        clock.advance(Duration.ofHours(3));
        twilioSms(phone, "另一件事：公交站牌坏了");
        assertThat(casesOf(phone)).hasSize(2);
    }

    @Test
    void stopKeywordIsRecordedAsSuppressedAndOptsTheNumberOut() {
        String phone = uniquePhone();
        HttpResponse<String> r = twilioSms(phone, "退订");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(casesOf(phone)).isEmpty();
        assertThat(query("SELECT opted_out, keyword FROM sms_opt_out WHERE phone = $1", phone).get(0)
                .getBoolean("opted_out")).isTrue();
        assertThat(query("SELECT outcome, reason FROM submission WHERE channel = 'sms' ORDER BY id DESC LIMIT 1")
                .get(0).getString("outcome")).isEqualTo("suppressed");
    }

    @Test
    void startKeywordOptsTheNumberBackIn() {
        String phone = uniquePhone();
        twilioSms(phone, "STOP");
        clock.advance(Duration.ofMinutes(1));
        twilioSms(phone, "START");
        assertThat(query("SELECT opted_out FROM sms_opt_out WHERE phone = $1", phone).get(0)
                .getBoolean("opted_out")).isFalse();
        assertThat(casesOf(phone)).isEmpty();
    }

    @Test
    void helpKeywordMakesNoCase() {
        String phone = uniquePhone();
        assertThat(twilioSms(phone, "HELP").statusCode()).isEqualTo(200);
        assertThat(casesOf(phone)).isEmpty();
    }

    // ---- Vonage --------------------------------------------------------------------------------------------

    @Test
    void vonageSignedMessageCreatesCaseWithE164Phone() {
        String msisdn = uniquePhone().substring(1);
        HttpResponse<String> r = vonagePost(vonageParams(msisdn, "快递丢件，要求赔偿"));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(casesOf("+" + msisdn)).hasSize(1);
    }

    @Test
    void vonageGetDeliveryIsAccepted() {
        String msisdn = uniquePhone().substring(1);
        Map<String, String> p = vonageParams(msisdn, "noise complaint at night");
        p.put("sig", VonageSignature.compute("sha256", VONAGE_SECRET, p));
        HttpResponse<String> r = http.get("/intake/sms/vonage?" + form(p));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(casesOf("+" + msisdn)).hasSize(1);
    }

    @Test
    void vonageStaleTimestampIsRefusedAsReplay() {
        String msisdn = uniquePhone().substring(1);
        Map<String, String> p = vonageParams(msisdn, "重放的短信");
        p.put("timestamp", String.valueOf(clock.instant().minus(Duration.ofMinutes(30)).getEpochSecond()));
        HttpResponse<String> r = vonagePost(p);
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(new JsonObject(r.body()).getString("detail")).contains("window");
        assertThat(casesOf("+" + msisdn)).isEmpty();
    }

    @Test
    void vonageWrongSignatureIsRefused() {
        String msisdn = uniquePhone().substring(1);
        Map<String, String> p = vonageParams(msisdn, "签名错误");
        p.put("sig", VonageSignature.compute("sha256", "another-secret", p));
        HttpResponse<String> r = http.postBytes("/intake/sms/vonage", "application/x-www-form-urlencoded",
                form(p).getBytes(StandardCharsets.UTF_8));
        assertThat(r.statusCode()).isEqualTo(403);
    }

    @Test
    void vonageDeliveryReceiptIsAnswered200AndIgnored() {
        String msisdn = uniquePhone().substring(1);
        Map<String, String> p = new LinkedHashMap<>();
        p.put("msisdn", msisdn);
        p.put("to", "Shouli");
        p.put("messageId", "DLR" + System.nanoTime());
        p.put("status", "delivered");
        p.put("err-code", "0");
        p.put("scts", "2611251000");
        p.put("timestamp", String.valueOf(clock.instant().getEpochSecond()));
        HttpResponse<String> r = vonagePost(p);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(casesOf("+" + msisdn)).isEmpty();
    }

    @Test
    void vonageConcatPartsOutOfOrderAreReassembledIntoOneCase() {
        String msisdn = uniquePhone().substring(1);
        Map<String, String> base = vonageParams(msisdn, "");
        String ref = "R" + System.nanoTime();
        assertThat(vonagePost(part(base, ref, 3, 3, "第三段：要求退款。")).statusCode()).isEqualTo(200);
        assertThat(casesOf("+" + msisdn)).isEmpty();
        assertThat(vonagePost(part(base, ref, 3, 1, "第一段：某超市卖过期牛奶，")).statusCode()).isEqualTo(200);
        assertThat(casesOf("+" + msisdn)).isEmpty();
        assertThat(vonagePost(part(base, ref, 3, 2, "第二段：店员态度恶劣，")).statusCode()).isEqualTo(200);
        List<Row> cases = casesOf("+" + msisdn);
        assertThat(cases).hasSize(1);
        assertThat(cases.get(0).getString("description"))
                .isEqualTo("第一段：某超市卖过期牛奶，第二段：店员态度恶劣，第三段：要求退款。");
    }

    @Test
    void vonageConcatPartsInOrderAreReassembled() {
        String msisdn = uniquePhone().substring(1);
        Map<String, String> base = vonageParams(msisdn, "");
        String ref = "R" + System.nanoTime();
        vonagePost(part(base, ref, 2, 1, "The shop on Main Street sold me a broken kettle "));
        vonagePost(part(base, ref, 2, 2, "and refuses a refund."));
        assertThat(casesOf("+" + msisdn)).singleElement()
                .extracting(row -> row.getString("description"))
                .isEqualTo("The shop on Main Street sold me a broken kettle and refuses a refund.");
    }

    @Test
    void vonageConcatWithAMissingPartBecomesAPartialComplaintAfterTheTimeout() throws Exception {
        String msisdn = uniquePhone().substring(1);
        Map<String, String> base = vonageParams(msisdn, "");
        String ref = "R" + System.nanoTime();
        vonagePost(part(base, ref, 3, 1, "第一段：燃气公司多收费，"));
        vonagePost(part(base, ref, 3, 3, "第三段：请尽快处理。"));
        assertThat(sweeperIntake.sweep().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS))
                .isZero();
        assertThat(casesOf("+" + msisdn)).isEmpty();

        clock.advance(Duration.ofMinutes(11));
        assertThat(sweeperIntake.sweep().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS))
                .isGreaterThanOrEqualTo(1);
        List<Row> cases = casesOf("+" + msisdn);
        assertThat(cases).hasSize(1);
        assertThat(cases.get(0).getString("description")).startsWith("第一段：燃气公司多收费，")
                .contains("part 2 of 3 missing").endsWith("第三段：请尽快处理。");
        JsonObject verbatim = new JsonObject(query("SELECT convert_from(body, 'UTF8') AS b FROM submission"
                + " WHERE case_id = $1", cases.get(0).getLong("id")).get(0).getString("b"));
        assertThat(verbatim.getBoolean("partial")).isTrue();
        assertThat(verbatim.getJsonArray("missing")).isEqualTo(new JsonArray().add(2));
    }

    @Test
    void aPartArrivingAfterThePartialComplaintIsAppendedToIt() throws Exception {
        String msisdn = uniquePhone().substring(1);
        Map<String, String> base = vonageParams(msisdn, "");
        String ref = "R" + System.nanoTime();
        vonagePost(part(base, ref, 2, 1, "第一段：水管漏水，"));
        clock.advance(Duration.ofMinutes(11));
        sweeperIntake.sweep().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        Map<String, String> late = part(base, ref, 2, 2, "第二段：物业不管。");
        late.put("timestamp", String.valueOf(clock.instant().getEpochSecond()));
        assertThat(vonagePost(late).statusCode()).isEqualTo(200);
        List<Row> cases = casesOf("+" + msisdn);
        assertThat(cases).hasSize(1);
        assertThat(submissionsOf(cases.get(0).getLong("id"))).isEqualTo(2);
    }

    // ---- Aliyun --------------------------------------------------------------------------------------------

    @Test
    void aliyunPushCreatesACaseForEachMessageAndAnswersCode0() {
        String a = uniquePhone().substring(3);
        String b = uniquePhone().substring(3);
        long seq = System.nanoTime();
        String json = new JsonArray()
                .add(new JsonObject().put("phone_number", a).put("content", "超市短斤少两")
                        .put("send_time", "2026-11-25 10:00:00").put("dest_code", "1069000")
                        .put("sign_name", "受理").put("sequence_id", seq))
                .add(new JsonObject().put("phone_number", Long.parseLong(b)).put("content", "医院挂号难")
                        .put("send_time", "2026-11-25 10:00:01").put("dest_code", 1069000)
                        .put("sign_name", "受理").put("sequence_id", String.valueOf(seq + 1)))
                .encode();
        HttpResponse<String> r = aliyun(json, ALIYUN_TOKEN);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(new JsonObject(r.body())).isEqualTo(new JsonObject().put("code", 0).put("msg", "接收成功"));
        assertThat(casesOf("+86" + a)).hasSize(1);
        assertThat(casesOf("+86" + b)).hasSize(1);
    }

    @Test
    void aliyunTokenInHeaderIsAccepted() {
        String a = uniquePhone().substring(3);
        String json = new JsonArray().add(new JsonObject().put("phone_number", a).put("content", "路灯不亮")
                .put("sequence_id", System.nanoTime())).encode();
        HttpResponse<String> r = http.postBytes("/intake/sms/aliyun", "application/json",
                json.getBytes(StandardCharsets.UTF_8), AliyunProvider.TOKEN_HEADER, ALIYUN_TOKEN);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(casesOf("+86" + a)).hasSize(1);
        assertThat(query("SELECT headers::text AS h FROM submission WHERE case_id = $1",
                casesOf("+86" + a).get(0).getLong("id")).get(0).getString("h")).doesNotContain(ALIYUN_TOKEN);
    }

    @Test
    void aliyunWrongTokenIsRefused403() {
        String a = uniquePhone().substring(3);
        String json = new JsonArray().add(new JsonObject().put("phone_number", a).put("content", "x")
                .put("sequence_id", 1)).encode();
        assertThat(aliyun(json, "wrong-token").statusCode()).isEqualTo(403);
        assertThat(aliyun(json, null).statusCode()).isEqualTo(403);
        assertThat(casesOf("+86" + a)).isEmpty();
    }

    @Test
    void aliyunMalformedJsonIsRefused400() {
        HttpResponse<String> r = aliyun("[{\"phone_number\": ", ALIYUN_TOKEN);
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(new JsonObject(r.body()).getString("detail")).contains("not valid JSON");
    }

    @Test
    void aliyunMessageWithoutContentIsRefused400() {
        String json = new JsonArray().add(new JsonObject().put("phone_number", "13900000000")
                .put("sequence_id", 5)).encode();
        HttpResponse<String> r = aliyun(json, ALIYUN_TOKEN);
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(new JsonObject(r.body()).getString("detail")).contains("content");
    }

    @Test
    void failedVerificationsAreCounted() {
        aliyun("[]", "wrong-token");
        assertThat(http.get("/metrics").body()).contains("shouli_sms_verification_failures_total{mode=\"enforced\","
                + "provider=\"aliyun\"}");
    }

    @Test
    void concurrentSmsFromOneNumberEndInOneCase() throws Exception {
        String phone = uniquePhone();
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            List<java.util.concurrent.Future<HttpResponse<String>>> sent = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                String text = "同一号码并发第" + i + "条：装修噪音";
                sent.add(pool.submit(() -> twilioSms(phone, text)));
            }
            for (var f : sent) {
                assertThat(f.get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
            }
        } finally {
            pool.shutdownNow();
        }
        List<Row> cases = casesOf(phone);
        assertThat(cases).hasSize(1);
        assertThat(submissionsOf(cases.get(0).getLong("id"))).isEqualTo(4);
    }

    @Test
    void vonageJsonPostIsVerifiedAndTakenIn() {
        String msisdn = uniquePhone().substring(1);
        Map<String, String> p = vonageParams(msisdn, "JSON 方式推送的投诉");
        JsonObject body = new JsonObject();
        p.forEach(body::put);
        body.put("sig", VonageSignature.compute("sha256", VONAGE_SECRET, p));
        assertThat(http.postJson("/intake/sms/vonage", body.encode()).statusCode()).isEqualTo(200);
        assertThat(casesOf("+" + msisdn)).hasSize(1);
    }

    @Test
    void concatPartsArrivingAllAtOnceMakeExactlyOneCase() throws Exception {
        String msisdn = uniquePhone().substring(1);
        Map<String, String> base = vonageParams(msisdn, "");
        String ref = "R" + System.nanoTime();
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            List<java.util.concurrent.Future<HttpResponse<String>>> sent = new ArrayList<>();
            for (int i = 1; i <= 4; i++) {
                Map<String, String> p = part(base, ref, 4, i, "第" + i + "段。");
                sent.add(pool.submit(() -> vonagePost(p)));
            }
            for (var f : sent) {
                assertThat(f.get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(casesOf("+" + msisdn)).singleElement()
                .extracting(row -> row.getString("description")).isEqualTo("第1段。第2段。第3段。第4段。");
    }
}
