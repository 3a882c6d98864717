package dev.shouli.channel.sms;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shouli.Gateway;
import dev.shouli.core.db.DatabaseEndpoint;
import dev.shouli.core.intake.ReceiptNotice;
import dev.shouli.core.outbox.Notice;
import dev.shouli.support.Http;
import dev.shouli.support.TestDatabase;
import dev.shouli.support.TestGateway;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.ZoneId;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** A burst's SMS receipts wait their turn at the provider's rate rather than being refused for speed. */
class SmsSendRateTest {

    private static final int RATE = 10;

    @Test
    void aBurstOfReceiptsIsSentAtTheConfiguredRateAndNoneIsThrottled() throws Exception {
        Vertx fakeVertx = Vertx.vertx();
        Deque<Long> lastSecond = new ArrayDeque<>();
        AtomicInteger throttled = new AtomicInteger();
        AtomicInteger sent = new AtomicInteger();
        // Vonage's own rule: beyond the rate, "status code 1 - Throttled" (a little slack for timer jitter).
        FakeSmsApi vonage = new FakeSmsApi(fakeVertx, r -> {
            long now = System.nanoTime();
            synchronized (lastSecond) {
                while (!lastSecond.isEmpty() && now - lastSecond.peekFirst() > TimeUnit.SECONDS.toNanos(1)) {
                    lastSecond.pollFirst();
                }
                lastSecond.addLast(now);
                if (lastSecond.size() > RATE + 1) {
                    throttled.incrementAndGet();
                    return answer("1", r);
                }
            }
            sent.incrementAndGet();
            return answer("0", r);
        });
        DatabaseEndpoint db = TestDatabase.freshDatabase();
        Gateway gateway = TestGateway.start(db, Map.of(
                "SHOULI_CHANNELS_SMS_SEND_PROVIDER", "vonage",
                "SHOULI_CHANNELS_SMS_VONAGE_API_BASE_URL", vonage.baseUrl(),
                "SHOULI_CHANNELS_SMS_VONAGE_FROM", "Shouli",
                "SHOULI_VONAGE_API_KEY", "key123",
                "SHOULI_VONAGE_API_SECRET", "secret456",
                "SHOULI_CHANNELS_SMS_SEND_RATE", String.valueOf(RATE),
                "SHOULI_OUTBOX_POLL_INTERVAL", "100ms"), Clock.systemUTC());
        try {
            Http http = new Http(gateway.port());
            long started = System.nanoTime();
            for (int i = 0; i < 35; i++) {
                JsonObject complaint = new JsonObject().put("description", "预付卡门店关门，要求退还余额 " + i)
                        .put("complainant", new JsonObject().put("phone", String.format("1390000%04d", i)))
                        .put("respondent", new JsonObject().put("organisation", "乐享健身"));
                assertThat(http.postJson("/api/v1/complaints", complaint.encode()).statusCode()).isEqualTo(201);
            }
            long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (TestDatabase.queryLong(db, "SELECT count(*) FROM outbox WHERE kind = 'receipt' AND status = 'sent'")
                    < 35 && System.nanoTime() < giveUp) {
                Thread.sleep(50);
            }
            long seconds = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);

            assertThat(sent.get()).isEqualTo(35);
            assertThat(throttled.get()).as("refused by the provider for speed").isZero();
            assertThat(seconds).as("35 at ten a second take at least 3.4 s").isGreaterThanOrEqualTo(3_400);
            assertThat(vonage.problems).isEmpty();
        } finally {
            TestGateway.stop(gateway);
            vonage.close();
            fakeVertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }

    private static FakeSmsApi.Answer answer(String status, FakeSmsApi.Received r) {
        return new FakeSmsApi.Answer(200, new JsonObject().put("message-count", "1").put("messages",
                new JsonArray().add(new JsonObject().put("to", r.field("to")).put("status", status)
                        .put("message-id", "MSG-" + r.field("to")).put("error-text", "Throttled"))));
    }

    @Test
    void twilioCountsAReceiptBySegmentsAndTheDefaultRateIsTheProvidersPublishedOne() {
        TwilioSender twilio = new TwilioSender(null, new SmsConfig.Twilio(false, "token", null, false,
                "https://api.twilio.com", "AC123", "+15550001111"));
        SmsNotices notices = new SmsNotices(twilio, null, "受理", 2, 3, 0, false, ZoneId.of("Asia/Shanghai"),
                Clock.systemUTC(), purpose -> null);
        Notice chinese = new Notice(ReceiptNotice.PURPOSE, "sms", "+8613900000001", 1L, "TS20261207-000001K",
                "zh-Hans", null);
        Notice english = new Notice(ReceiptNotice.PURPOSE, "sms", "+8613900000001", 1L, "TS20261207-000001K",
                "en", null);

        assertThat(notices.sendsPerSecond()).isEqualTo(1.0);
        assertThat(notices.cost(chinese, new ReceiptNotice())).as("54 characters in one UCS-2 segment").isEqualTo(1);
        // "受理: we have registered your complaint as …": about 110 characters, UCS-2 for the sender's name.
        assertThat(notices.cost(english, new ReceiptNotice())).isEqualTo(2);
    }
}
