package dev.shouli.channel.sms;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shouli.Gateway;
import dev.shouli.core.db.DatabaseEndpoint;
import dev.shouli.support.Http;
import dev.shouli.support.MutableClock;
import dev.shouli.support.TestDatabase;
import dev.shouli.support.TestGateway;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Receipts by SMS end to end: an SMS complaint makes a case, the outbox worker sends the receipt through the
 * configured provider (a Vonage fake on loopback), and the delivery is recorded — never to opted-out
 * numbers, never beyond the daily cap.
 */
class SmsReceiptDeliveryTest {

    private static final String ALIYUN_TOKEN = "aliyun-push-token-0123456789";
    private static final String TWILIO_TOKEN = "twilio-token-for-inline-replies";
    private static final String TWILIO_URL = "https://shouli.example.com/intake/sms/twilio";
    // 10:00 in Shanghai, so moving the clock by hours stays on one local day (the cap counts per day).
    private static final Instant START = Instant.parse("2026-11-25T02:00:00Z");
    private static final AtomicLong SEQ = new AtomicLong(System.nanoTime());

    private static Vertx fakeVertx;
    private static FakeSmsApi vonage;
    private static DatabaseEndpoint db;
    private static Gateway gateway;
    private static Http http;
    private static MutableClock clock;

    @BeforeAll
    static void start() throws Exception {
        fakeVertx = Vertx.vertx();
        vonage = new FakeSmsApi(fakeVertx, r -> {
            FakeSmsApi.require("/sms/json".equals(r.path()), "path " + r.path());
            FakeSmsApi.require("key123".equals(r.field("api_key")) && "secret456".equals(r.field("api_secret")),
                    "credentials");
            FakeSmsApi.require(r.field("client-ref").startsWith("receipt:"), "client-ref is the outbox key");
            FakeSmsApi.require("unicode".equals(r.field("type")), "Chinese receipts go as unicode");
            return new FakeSmsApi.Answer(200, new JsonObject().put("message-count", "1").put("messages",
                    new JsonArray().add(new JsonObject().put("to", r.field("to")).put("status", "0")
                            .put("message-id", "MSG-" + r.field("to")))));
        });
        db = TestDatabase.freshDatabase();
        clock = new MutableClock(START);
        Map<String, String> env = new java.util.HashMap<>();
        env.put("SHOULI_ALIYUN_TOKEN", ALIYUN_TOKEN);
        env.put("SHOULI_CHANNELS_SMS_SEND_PROVIDER", "vonage");
        env.put("SHOULI_CHANNELS_SMS_VONAGE_API_BASE_URL", vonage.baseUrl());
        env.put("SHOULI_CHANNELS_SMS_VONAGE_FROM", "Shouli");
        env.put("SHOULI_VONAGE_API_KEY", "key123");
        env.put("SHOULI_VONAGE_API_SECRET", "secret456");
        env.put("SHOULI_CHANNELS_SMS_DAILY_CAP", "1");
        env.put("SHOULI_OUTBOX_POLL_INTERVAL", "100ms");
        env.put("SHOULI_TWILIO_AUTH_TOKEN", TWILIO_TOKEN);
        env.put("SHOULI_TWILIO_WEBHOOK_URL", TWILIO_URL);
        env.put("SHOULI_CHANNELS_SMS_TWILIO_REPLY_INLINE", "true");
        env.put("SHOULI_CHANNELS_SMS_VONAGE_LOG_ONLY", "true");
        // No Vonage signature secret, but log-only: unverifiable webhooks are reported and accepted.
        gateway = TestGateway.start(db, env, clock);
        http = new Http(gateway.port());
    }

    @AfterAll
    static void stop() throws Exception {
        TestGateway.stop(gateway);
        vonage.close();
        fakeVertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private static String newNumber() {
        return "139" + String.format("%08d", SEQ.incrementAndGet() % 100_000_000L);
    }

    private static void sms(String number, String content) {
        String json = new JsonArray().add(new JsonObject().put("phone_number", number).put("content", content)
                .put("sequence_id", SEQ.incrementAndGet())).encode();
        int status = http.postBytes("/intake/sms/aliyun?token=" + ALIYUN_TOKEN, "application/json",
                json.getBytes(StandardCharsets.UTF_8)).statusCode();
        assertThat(status).isEqualTo(200);
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

    /** Waits (bounded: real HTTP to the fake) until every receipt of the number is settled. */
    private static List<Row> settledReceipts(String phone) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            List<Row> rows = query("SELECT o.status, o.result FROM outbox o JOIN complaint_case c ON c.id = o.case_id"
                    + " WHERE c.complainant_phone = $1 AND o.kind = 'receipt' ORDER BY o.id", phone);
            if (!rows.isEmpty() && rows.stream().allMatch(r -> "sent".equals(r.getString("status"))
                    || "dead".equals(r.getString("status")))) {
                return rows;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("receipts for " + phone + " not settled in time");
    }

    private static long sentTo(String digits) {
        return vonage.received.stream().filter(r -> digits.equals(r.field("to"))).count();
    }

    @Test
    void newSmsCaseGetsAReceiptThroughTheProviderAndTheDeliveryIsRecorded() throws Exception {
        String number = newNumber();
        sms(number, "小区垃圾三天没人清运");
        List<Row> receipts = settledReceipts("+86" + number);
        assertThat(receipts.get(0).getString("result")).startsWith("sent via vonage: MSG-86" + number);
        assertThat(sentTo("86" + number)).isEqualTo(1);
        String reference = query("SELECT reference FROM complaint_case WHERE complainant_phone = $1",
                "+86" + number).get(0).getString("reference");
        assertThat(vonage.received.stream().filter(r -> ("86" + number).equals(r.field("to"))).findFirst()
                .orElseThrow().field("text")).contains(reference);
        Row send = query("SELECT status, provider_message_id, segments FROM sms_send WHERE phone = $1",
                "+86" + number).get(0);
        assertThat(send.getString("status")).isEqualTo("sent");
        assertThat(send.getString("provider_message_id")).isEqualTo("MSG-86" + number);
        assertThat(send.getInteger("segments")).isEqualTo(1);
        assertThat(vonage.problems).isEmpty();
    }

    @Test
    void anSmsWhoseSenderWasCutOffMidSendIsInDoubtNotSentAgainUntilAnOperatorRetriesIt() throws Exception {
        String number = newNumber();
        sms(number, "路灯坏了一个月没人修");
        settledReceipts("+86" + number);
        assertThat(sentTo("86" + number)).isEqualTo(1);

        // As if the instance died after the provider took the SMS and before either side was marked sent.
        query("UPDATE sms_send SET status = 'sending' WHERE phone = $1", "+86" + number);
        // Its lease long over (the gateway runs on a test clock, so "now" is not the database's).
        query("UPDATE outbox SET status = 'sending', next_attempt_at = '2000-01-01Z' WHERE kind = 'receipt'"
                + " AND case_id = (SELECT id FROM complaint_case WHERE complainant_phone = $1)", "+86" + number);

        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!String.valueOf(settledReceipts("+86" + number).get(0).getString("result")).startsWith("in doubt")
                && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(settledReceipts("+86" + number).get(0).getString("result")).startsWith("in doubt");
        assertThat(sentTo("86" + number)).isEqualTo(1);

        // The operator finds it among the items in doubt, learns it did not arrive, and sends it again.
        JsonObject item = http.deskJson("/api/v1/outbox?status=in-doubt&limit=200").getJsonArray("items").stream()
                .map(JsonObject.class::cast).filter(i -> String.valueOf(i.getString("result")).startsWith("in doubt"))
                .reduce((a, b) -> b).orElseThrow();
        assertThat(item.getBoolean("inDoubt")).as(item.encode()).isTrue();
        HttpResponse<String> retry = http.postJson("/api/v1/outbox/" + item.getLong("id") + "/retry", "{}",
                "Authorization", "Bearer " + TestGateway.DESK_TOKEN);
        assertThat(retry.statusCode()).as(retry.body()).isEqualTo(200);
        long resent = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (sentTo("86" + number) < 2 && System.nanoTime() < resent) {
            Thread.sleep(50);
        }
        assertThat(sentTo("86" + number)).isEqualTo(2);
        assertThat(settledReceipts("+86" + number).get(0).getString("result")).startsWith("sent");
    }

    @Test
    void optedOutNumberGetsNoReceipt() throws Exception {
        String number = newNumber();
        sms(number, "TD");
        sms(number, "网购的手机是翻新机，要求退货");
        List<Row> receipts = settledReceipts("+86" + number);
        assertThat(receipts.get(0).getString("result")).contains("opted out");
        assertThat(sentTo("86" + number)).isZero();
    }

    @Test
    void receiptsStopAtTheDailyCap() throws Exception {
        String number = newNumber();
        sms(number, "第一件事：小区停车收费不合理");
        settledReceipts("+86" + number);
        // Past the follow-up window, so the second SMS is a new case with its own receipt.
        clock.advance(Duration.ofHours(3));
        sms(number, "第二件事：楼道灯坏了一个月");
        List<Row> receipts = settledReceipts("+86" + number);
        assertThat(receipts).hasSize(2);
        assertThat(receipts.get(1).getString("result")).contains("daily cap");
        assertThat(sentTo("86" + number)).isEqualTo(1);
    }

    @Test
    void twilioInlineReplyCarriesTheReceiptAndTheOutboxDoesNotSendItAgain() throws Exception {
        String number = newNumber();
        Map<String, java.util.List<String>> params = new java.util.LinkedHashMap<>();
        params.put("MessageSid", List.of("SMinline" + SEQ.incrementAndGet()));
        params.put("From", List.of("+86" + number));
        params.put("Body", List.of("出租车司机绕路多收费"));
        String form = params.entrySet().stream().map(e -> e.getKey() + "="
                + java.net.URLEncoder.encode(e.getValue().get(0), StandardCharsets.UTF_8))
                .collect(java.util.stream.Collectors.joining("&"));
        var response = http.postBytes("/intake/sms/twilio", "application/x-www-form-urlencoded",
                form.getBytes(StandardCharsets.UTF_8), "X-Twilio-Signature",
                TwilioSignature.compute(TWILIO_TOKEN, TWILIO_URL, params));
        assertThat(response.statusCode()).isEqualTo(200);
        String reference = query("SELECT reference FROM complaint_case WHERE complainant_phone = $1",
                "+86" + number).get(0).getString("reference");
        assertThat(response.body()).startsWith("<?xml").contains("<Response><Message>").contains(reference);
        List<Row> receipts = settledReceipts("+86" + number);
        assertThat(receipts.get(0).getString("result")).isEqualTo("already sent: twilio-inline");
        assertThat(sentTo("86" + number)).isZero();
    }

    @Test
    void logOnlyModeAcceptsAnUnverifiableWebhookAndCountsIt() {
        String msisdn = "86" + newNumber();
        String form = "msisdn=" + msisdn + "&to=447700900000&messageId=LOGONLY" + SEQ.incrementAndGet()
                + "&text=%E5%99%AA%E9%9F%B3%E6%89%B0%E6%B0%91&type=unicode";
        var response = http.postBytes("/intake/sms/vonage", "application/x-www-form-urlencoded",
                form.getBytes(StandardCharsets.UTF_8));
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(query("SELECT count(*) AS n FROM complaint_case WHERE complainant_phone = $1", "+" + msisdn)
                .get(0).getLong("n")).isEqualTo(1);
        assertThat(http.get("/metrics").body())
                .contains("shouli_sms_verification_failures_total{mode=\"log-only\",provider=\"vonage\"}");
    }
}
