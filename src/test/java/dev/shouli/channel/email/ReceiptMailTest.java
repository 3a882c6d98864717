package dev.shouli.channel.email;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import dev.shouli.Gateway;
import dev.shouli.core.db.DatabaseEndpoint;
import dev.shouli.support.Http;
import dev.shouli.support.TestDatabase;
import dev.shouli.support.TestGateway;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import jakarta.mail.internet.MimeMessage;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Receipts and notices through a real SMTP server (GreenMail) from the outbox. */
class ReceiptMailTest {

    private static GreenMail smtp;
    private static DatabaseEndpoint db;
    private static Gateway gateway;
    private static Http http;

    @BeforeAll
    static void start() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        smtp = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        smtp.start();
        db = TestDatabase.freshDatabase();
        gateway = TestGateway.start(db, Map.of(
                "SHOULI_EMAIL_WEBHOOK_TOKEN", EmailWebhookTest.TOKEN,
                "SHOULI_MAILER_HOST", "127.0.0.1",
                "SHOULI_MAILER_PORT", String.valueOf(port),
                "SHOULI_MAILER_START_TLS", "DISABLED",
                "SHOULI_EMAIL_AUTO_MAILS_PER_ADDRESS_PER_DAY", "2",
                "SHOULI_OUTBOX_POLL_INTERVAL", "200ms"), Clock.systemUTC());
        http = new Http(gateway.port());
    }

    @AfterAll
    static void stop() {
        TestGateway.stop(gateway);
        smtp.stop();
    }

    @BeforeEach
    void clear() throws Exception {
        smtp.purgeEmailFromAllMailboxes();
    }

    private static JsonObject post(byte[] raw) {
        return new JsonObject(http.postBytes(EmailWebhookRoutes.PATH, "message/rfc822", raw, "Authorization",
                "Bearer " + EmailWebhookTest.TOKEN).body());
    }

    /** Waits (bounded) until the case's receipt item is settled; returns its result text. */
    private static String receiptResult(String reference) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            JsonArray items = http.deskJson("/api/v1/outbox?limit=200").getJsonArray("items");
            for (int i = 0; items != null && i < items.size(); i++) {
                JsonObject item = items.getJsonObject(i);
                if (reference.equals(item.getString("reference")) && "sent".equals(item.getString("status"))) {
                    return item.getString("result");
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the receipt for " + reference + " was not settled in time");
    }

    private static MimeMessage receivedFor(String address) {
        return Arrays.stream(smtp.getReceivedMessages()).filter(m -> {
            try {
                return Arrays.stream(m.getAllRecipients()).anyMatch(a -> a.toString().equalsIgnoreCase(address));
            } catch (Exception e) {
                return false;
            }
        }).findFirst().orElseThrow(() -> new AssertionError("no mail to " + address));
    }

    @Test
    void theReceiptIsAThreadedAutoReplyInTheComplainantsScript() throws Exception {
        String reference = post(EmailFixtures.read("charset-big5-hkscs.eml")).getString("reference");

        assertThat(receiptResult(reference)).startsWith("sent <receipt." + reference);
        MimeMessage receipt = receivedFor("chan@example.hk");
        assertThat(receipt.getHeader("Auto-Submitted", null)).isEqualTo("auto-replied");
        assertThat(receipt.getHeader("In-Reply-To", null)).isEqualTo("<big5-1@example.hk>");
        assertThat(receipt.getSubject()).contains("您的投訴已受理", reference);
        assertThat((String) receipt.getContent()).contains("受理編號為 " + reference);
    }

    @Test
    void aReplyToOurReceiptIsAppendedToTheCase() throws Exception {
        String reference = post(EmailWebhookTest.mail("thread@example.cn", "<thread-1@example.cn>", "停电", "",
                "小区停电三天，要求赔偿。")).getString("reference");
        receiptResult(reference);
        String ourId = receivedFor("thread@example.cn").getMessageID();

        JsonObject reply = post(EmailWebhookTest.mail("thread@example.cn", "<thread-2@example.cn>", "Re: 回执",
                "In-Reply-To: " + ourId + "\r\n", "补充：今天又停了。"));

        assertThat(reply.getString("outcome")).isEqualTo("appended");
        assertThat(reply.getString("reference")).isEqualTo(reference);
    }

    @Test
    void aMailWhoseSenderWasCutOffMidSendIsNotSentAgain() throws Exception {
        String reference = post(EmailWebhookTest.mail("doubt@example.cn", "<doubt-1@example.cn>", "停水", "",
                "小区停水两天，要求尽快恢复。")).getString("reference");
        receiptResult(reference);
        assertThat(smtp.getReceivedMessages()).hasSize(1);

        // As if the instance died after the SMTP server took the mail and before the item was marked sent.
        TestDatabase.execute(db, "UPDATE outbox SET status = 'sending', next_attempt_at = now() - interval '1 second',"
                + " result = NULL WHERE kind = 'receipt' AND case_id = (SELECT id FROM complaint_case WHERE reference = '"
                + reference + "')");

        assertThat(receiptResult(reference)).startsWith("in doubt");
        Thread.sleep(300);
        assertThat(smtp.getReceivedMessages()).hasSize(1);
    }

    @Test
    void noReceiptGoesToANoReplyAddress() throws Exception {
        String reference = post(EmailWebhookTest.mail("no-reply@shop.example", "<noreply-1@shop.example>", "订单", "",
                "订单号 12345678 的商品有质量问题，要求换货。")).getString("reference");

        assertThat(receiptResult(reference)).startsWith("skipped");
        assertThat(smtp.getReceivedMessages()).isEmpty();
    }

    @Test
    void theLoopGuardStopsAfterNAutomaticMailsPerAddressAndDay() throws Exception {
        String address = "loop@example.cn";
        for (int i = 1; i <= 3; i++) {
            String reference = post(EmailWebhookTest.mail(address, "<loop-" + i + "@example.cn>", "投诉 " + i, "",
                    "第" + i + "次投诉：快递丢件。")).getString("reference");
            String result = receiptResult(reference);
            assertThat(result).startsWith(i <= 2 ? "sent" : "skipped: loop guard");
        }
        assertThat(smtp.getReceivedMessages()).hasSize(2);
    }

    @Test
    void aComplainantNameCannotInjectHeadersOrRecipients() throws Exception {
        String name = "=?UTF-8?B?" + java.util.Base64.getEncoder().encodeToString(
                "Evil\r\nBcc: victim@example.org\r\nX-Injected: yes".getBytes(StandardCharsets.UTF_8)) + "?=";
        String reference = post(EmailWebhookTest.mail(name + " <inject@example.cn>", "<inject-1@example.cn>",
                "Subject line", "", "My parcel never arrived. Please refund it.")).getString("reference");
        receiptResult(reference);

        MimeMessage receipt = receivedFor("inject@example.cn");
        assertThat(smtp.getReceivedMessages()).hasSize(1);
        assertThat(receipt.getHeader("X-Injected")).isNull();
        assertThat(receipt.getHeader("Bcc")).isNull();
        assertThat(receipt.getSubject()).contains("We have received your complaint");
    }

    @Test
    void aNoticeIsSentAsPlainOperationalMail() throws Exception {
        TestDatabase.execute(db, "INSERT INTO outbox (kind, channel, payload, idempotency_key) VALUES ('notice', 'email', "
                + "'{\"to\":[\"supervisor@example.cn\"],\"subject\":\"SLA breached\",\"text\":\"Case overdue\","
                + "\"reference\":\"TS20261125-000001A\"}', 'notice:test:" + Instant.now().toEpochMilli() + "')");

        assertThat(smtp.waitForIncomingEmail(20_000, 1)).isTrue();
        MimeMessage notice = receivedFor("supervisor@example.cn");
        assertThat(notice.getSubject()).isEqualTo("SLA breached");
        assertThat(notice.getHeader("Auto-Submitted", null)).isEqualTo("auto-generated");
    }
}
