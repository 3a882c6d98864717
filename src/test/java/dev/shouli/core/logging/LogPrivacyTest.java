package dev.shouli.core.logging;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import dev.shouli.Gateway;
import dev.shouli.ShouliConfig;
import dev.shouli.channel.form.FormClient;
import dev.shouli.channel.hotline.HotlineSignature;
import dev.shouli.channel.sms.TwilioSignature;
import dev.shouli.channel.sms.VonageSignature;
import dev.shouli.core.db.DatabaseEndpoint;
import dev.shouli.support.Http;
import dev.shouli.support.LogCapture;
import dev.shouli.support.TestDatabase;
import dev.shouli.support.TestGateway;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.net.ServerSocket;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.StringJoiner;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Representative traffic through every channel — form, JSON API, email webhook and SMTP, the three SMS providers,
 * a 12345 hotline and Open311 — with distinctive personal data, refused input among it, and the receipts,
 * SMS and callbacks that follow, all while every logger is at DEBUG. None of the personal data may appear in
 * what the log would have written, in the text format or in JSON.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LogPrivacyTest {

    private static final String NAME = "欧阳探针";
    private static final String MOBILE = "13912345678";
    /** The SMS channels' sender: another person, so they make a case of their own and get an SMS receipt. */
    private static final String SMS_MOBILE = "13987654321";
    private static final String EMAIL = "privacy.probe@example.org";
    private static final String ID_NUMBER = "11010519491231002X";
    private static final String TEXT = "泄漏探针文本在人民路探针店买到变质月饼";
    private static final String ADDRESS = "探针路77号";

    /** The probes as written, and their numbers in the other shapes they take. */
    private static final List<String> PROBES = List.of(NAME, MOBILE, "139 1234 5678", "139-1234-5678",
            "+8613912345678", "8613912345678", SMS_MOBILE, "139 8765 4321", "privacy.probe", EMAIL, ID_NUMBER,
            "110105194912310", "泄漏探针", "变质月饼", ADDRESS);

    private static final String TWILIO_TOKEN = "twilio-auth-token-for-tests";
    private static final String TWILIO_URL = "https://shouli.example.com/intake/sms/twilio";
    private static final String VONAGE_SECRET = "vonage-signature-secret";
    private static final String ALIYUN_TOKEN = "aliyun-push-token-0123456789";
    private static final String HOTLINE_SECRET = "city-secret-0123456789";
    private static final String OPEN311_KEY = "open311-key-0123456789";
    private static final String EMAIL_TOKEN = "email-webhook-token-0123456789";

    private DatabaseEndpoint db;
    private Gateway gateway;
    private Http http;
    private GreenMail mailSink;
    private Vertx fakes;
    private HttpServer fakeApis;
    private int smtpPort;
    private LogCapture capture;
    private final List<String> fakeRequests = new ArrayList<>();

    @BeforeAll
    void start() throws Exception {
        fakes = Vertx.vertx();
        // Twilio's send API and the hotline platform's callback endpoint in one fake: both answer success.
        fakeApis = fakes.createHttpServer().requestHandler(req -> req.body().onSuccess(body -> {
            fakeRequests.add(req.path());
            if (req.path().contains("/Messages.json")) {
                req.response().setStatusCode(201).putHeader("Content-Type", "application/json")
                        .end(new JsonObject().put("sid", "SM" + System.nanoTime()).put("status", "queued").encode());
            } else {
                req.response().setStatusCode(200).putHeader("Content-Type", "application/json").end("{\"code\":0}");
            }
        })).listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        String fakeBase = "http://127.0.0.1:" + fakeApis.actualPort();
        int mailPort = freePort();
        mailSink = new GreenMail(new ServerSetup(mailPort, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        mailSink.start();
        smtpPort = freePort();
        Path file = Files.createTempFile("shouli-privacy", ".yaml");
        Files.writeString(file, """
                hotline:
                  sources:
                    - name: city12345
                      callbackUrl: "%s/callback"
                      signFor: automatic
                """.formatted(fakeBase), StandardCharsets.UTF_8);
        Map<String, String> env = new HashMap<>();
        env.put("SHOULI_DEDUP_ENABLED", "true");
        env.put("SHOULI_OUTBOX_POLL_INTERVAL", "100ms");
        env.put("SHOULI_MAILER_HOST", "127.0.0.1");
        env.put("SHOULI_MAILER_PORT", String.valueOf(mailPort));
        env.put("SHOULI_MAILER_START_TLS", "DISABLED");
        env.put("SHOULI_EMAIL_WEBHOOK_TOKEN", EMAIL_TOKEN);
        env.put("SHOULI_SMTP_ENABLED", "true");
        env.put("SHOULI_SMTP_HOST", "127.0.0.1");
        env.put("SHOULI_SMTP_PORT", String.valueOf(smtpPort));
        env.put("SHOULI_SMTP_RECIPIENTS", "@tousu.example.cn");
        env.put("SHOULI_TWILIO_AUTH_TOKEN", TWILIO_TOKEN);
        env.put("SHOULI_TWILIO_WEBHOOK_URL", TWILIO_URL);
        env.put("SHOULI_TWILIO_ACCOUNT_SID", "AC0123456789abcdef0123456789abcdef");
        env.put("SHOULI_CHANNELS_SMS_SEND_PROVIDER", "twilio");
        env.put("SHOULI_CHANNELS_SMS_TWILIO_API_BASE_URL", fakeBase);
        env.put("SHOULI_CHANNELS_SMS_TWILIO_FROM", "+861065550000");
        env.put("SHOULI_VONAGE_SIGNATURE_SECRET", VONAGE_SECRET);
        env.put("SHOULI_VONAGE_SIGNATURE_METHOD", "sha256");
        env.put("SHOULI_ALIYUN_TOKEN", ALIYUN_TOKEN);
        env.put("SHOULI_HOTLINE_CITY12345_SECRET", HOTLINE_SECRET);
        env.put("SHOULI_OPEN311_API_KEYS", "client:" + OPEN311_KEY);
        ShouliConfig config = TestGateway.config(file, env);
        db = TestDatabase.freshDatabase();
        capture = new LogCapture();
        gateway = TestGateway.start(db, config, Clock.systemUTC());
        http = new Http(gateway.port());
        sendTrafficThroughEveryChannel();
        awaitDeliveries();
    }

    @AfterAll
    void stop() throws Exception {
        if (capture != null) {
            capture.close();
        }
        TestGateway.stop(gateway);
        mailSink.stop();
        fakes.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void noPersonalDataAppearsInAnyLogLineInEitherFormat() {
        String logged = capture.all();
        assertThat(capture.textLines()).as("something was logged at all").hasSizeGreaterThan(20);
        for (String probe : PROBES) {
            for (String form : encodings(probe)) {
                assertThat(logged).as("log output must not contain '%s' (%s)", form, probe).doesNotContain(form);
            }
        }
    }

    @Test
    void everyChannelLogsOneIntakeLineWithItsRequestId() {
        List<String> intakeLines = capture.textLines().stream().filter(l -> l.contains(" intake requestId=")).toList();
        for (String channel : List.of("channel=api", "channel=form", "channel=email transport=http",
                "channel=email transport=smtp", "channel=sms transport=twilio", "channel=sms transport=vonage",
                "channel=sms transport=aliyun", "channel=hotline:city12345", "channel=open311")) {
            assertThat(intakeLines).as("an intake line with %s", channel).anyMatch(l -> l.contains(channel));
        }
        assertThat(intakeLines).anyMatch(l -> l.contains("requestId=probe-api-1 channel=api"));
    }

    @Test
    void deliveriesAreLoggedWithTheRequestIdThatQueuedThem() {
        List<String> deliveries = capture.textLines().stream().filter(l -> l.contains(" delivery requestId=")).toList();
        assertThat(deliveries).anyMatch(l -> l.contains("requestId=probe-api-1") && l.contains("kind=receipt")
                && l.contains("channel=email") && l.contains("outcome=sent"));
        assertThat(deliveries).anyMatch(l -> l.contains("channel=sms") && l.contains("outcome=sent"));
        assertThat(deliveries).anyMatch(l -> l.contains("channel=hotline:city12345") && l.contains("outcome=sent"));
    }

    @Test
    void theRequestIdIsStoredWithTheSubmissionTheHistoryAndTheOutboxItem() {
        JsonArray cases = http.deskJson("/api/v1/cases?channel=api").getJsonArray("items");
        JsonObject probe = null;
        for (int i = 0; i < cases.size(); i++) {
            JsonObject full = http.deskJson("/api/v1/cases/" + cases.getJsonObject(i).getString("reference"));
            if ("probe-api-1".equals(full.getJsonArray("submissions").getJsonObject(0).getString("requestId"))) {
                probe = full;
            }
        }
        assertThat(probe).as("the API case submitted with X-Request-Id probe-api-1").isNotNull();
        assertThat(probe.getJsonArray("history").getJsonObject(0).getString("requestId")).isEqualTo("probe-api-1");
        assertThat(probe.getJsonArray("deliveries").getJsonObject(0).getString("requestId")).isEqualTo("probe-api-1");
    }

    // ---- traffic ---------------------------------------------------------------------------------------------

    private void sendTrafficThroughEveryChannel() throws Exception {
        JsonObject complaint = new JsonObject()
                .put("kind", "complaint")
                .put("subject", "月饼变质")
                .put("description", TEXT + "，身份证" + ID_NUMBER + "，电话139 1234 5678")
                .put("complainant", new JsonObject().put("name", NAME).put("phone", "139 1234 5678")
                        .put("email", EMAIL).put("address", ADDRESS))
                .put("respondent", new JsonObject().put("organisation", "探针食品店"))
                .put("demand", new JsonObject().put("text", "退款").put("types", new JsonArray().add("refund")));
        HttpResponse<String> api = http.postJson("/api/v1/complaints", complaint.encode(), "X-Request-Id", "probe-api-1");
        assertThat(api.statusCode()).as(api.body()).isEqualTo(201);
        assertThat(api.headers().firstValue("X-Request-Id")).hasValue("probe-api-1");
        // Refused input quoting the same data: a field error, malformed JSON, a wrong content type.
        assertThat(http.postJson("/api/v1/complaints", complaint.copy().put("kind", NAME + MOBILE).encode())
                .statusCode()).isEqualTo(422);
        assertThat(http.postJson("/api/v1/complaints", "{\"description\": \"" + TEXT + " " + EMAIL + "\"")
                .statusCode()).isEqualTo(400);
        assertThat(http.postBytes("/api/v1/complaints", "text/plain", (NAME + EMAIL).getBytes(StandardCharsets.UTF_8))
                .statusCode()).isEqualTo(415);

        FormClient form = new FormClient(gateway.port());
        FormClient.Form page = form.open("zh-CN");
        // POST/redirect/GET: the post answers 303 to the receipt page, whose GET is logged like any other request.
        HttpResponse<String> receipt = form.receiptOf(form.postUrlencoded(page, List.of(
                Map.entry("kind", "complaint"), Map.entry("name", NAME), Map.entry("phone", MOBILE),
                Map.entry("email", EMAIL), Map.entry("organisation", "探针食品店"), Map.entry("subject", "月饼"),
                Map.entry("description", TEXT + " 表单"), Map.entry("demandText", "退款"), Map.entry("website", ""))));
        assertThat(receipt.statusCode()).as(receipt.body()).isEqualTo(200);

        byte[] mail = ("From: =?UTF-8?B?5qyn6Ziz5o6i6ZKI?= <" + EMAIL + ">\r\nTo: complaints@tousu.example.cn\r\n"
                + "Subject: =?UTF-8?B?5pyI6aW85Y+Y6LSo?=\r\nMessage-ID: <probe-webhook@example.org>\r\n"
                + "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n"
                + TEXT + " 邮件。电话 " + MOBILE + "，身份证 " + ID_NUMBER + "。" + NAME + "\r\n")
                .getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> webhook = http.postBytes("/intake/email", "message/rfc822", mail,
                "Authorization", "Bearer " + EMAIL_TOKEN);
        assertThat(webhook.statusCode()).as(webhook.body()).isIn(200, 201);

        Properties p = new Properties();
        p.setProperty("mail.smtp.host", "127.0.0.1");
        p.setProperty("mail.smtp.port", String.valueOf(smtpPort));
        MimeMessage smtp = new MimeMessage(Session.getInstance(p));
        smtp.setFrom(new InternetAddress(EMAIL, NAME, "UTF-8"));
        smtp.setRecipient(Message.RecipientType.TO, new InternetAddress("complaints@tousu.example.cn"));
        smtp.setSubject("月饼变质 SMTP", "UTF-8");
        smtp.setText(TEXT + " SMTP " + MOBILE + " " + ID_NUMBER, "UTF-8");
        Transport.send(smtp);

        Map<String, String> twilio = new LinkedHashMap<>();
        twilio.put("MessageSid", "SMprobe0001");
        twilio.put("AccountSid", "AC0123456789abcdef0123456789abcdef");
        twilio.put("From", "+86" + SMS_MOBILE);
        twilio.put("To", "+861065550000");
        twilio.put("Body", TEXT + " 短信 我是" + NAME + " 身份证" + ID_NUMBER);
        Map<String, List<String>> multi = new LinkedHashMap<>();
        twilio.forEach((k, v) -> multi.put(k, List.of(v)));
        HttpResponse<String> sms = http.postBytes("/intake/sms/twilio", "application/x-www-form-urlencoded",
                form(twilio).getBytes(StandardCharsets.UTF_8),
                "X-Twilio-Signature", TwilioSignature.compute(TWILIO_TOKEN, TWILIO_URL, multi));
        assertThat(sms.statusCode()).as(sms.body()).isEqualTo(200);
        HttpResponse<String> unsigned = http.postBytes("/intake/sms/twilio", "application/x-www-form-urlencoded",
                form(twilio).getBytes(StandardCharsets.UTF_8), "X-Twilio-Signature", "forged");
        assertThat(unsigned.statusCode()).isEqualTo(403);

        Map<String, String> vonage = new LinkedHashMap<>();
        vonage.put("msisdn", "86" + SMS_MOBILE);
        vonage.put("to", "447700900000");
        vonage.put("messageId", "0A0000PROBE1");
        vonage.put("text", TEXT + " vonage " + NAME);
        vonage.put("type", "unicode");
        vonage.put("timestamp", String.valueOf(Instant.now().getEpochSecond()));
        vonage.put("nonce", "n-probe");
        Map<String, String> signed = new LinkedHashMap<>(vonage);
        signed.put("sig", VonageSignature.compute("sha256", VONAGE_SECRET, vonage));
        HttpResponse<String> vonageAnswer = http.postBytes("/intake/sms/vonage", "application/x-www-form-urlencoded",
                form(signed).getBytes(StandardCharsets.UTF_8));
        assertThat(vonageAnswer.statusCode()).as(vonageAnswer.body()).isEqualTo(200);

        JsonArray aliyun = new JsonArray().add(new JsonObject().put("phone_number", SMS_MOBILE)
                .put("content", TEXT + " aliyun " + ID_NUMBER).put("send_time", "2026-11-25 10:00:00")
                .put("dest_code", "1069").put("sign_name", "受理").put("sequence_id", 90001));
        HttpResponse<String> aliyunAnswer = http.postBytes("/intake/sms/aliyun?token=" + ALIYUN_TOKEN,
                "application/json", aliyun.encode().getBytes(StandardCharsets.UTF_8));
        assertThat(aliyunAnswer.statusCode()).as(aliyunAnswer.body()).isEqualTo(200);

        JsonObject order = new JsonObject()
                .put("ticketNumber", "GDPROBE0001").put("messageKind", "new").put("type", "投诉")
                .put("urgency", "一般").put("callTime", "2026-11-25 09:12:00")
                .put("caller", new JsonObject().put("name", NAME).put("phone", MOBILE).put("confidential", true))
                .put("respondent", new JsonObject().put("organisation", "探针食品店").put("address", ADDRESS))
                .put("incidentAddress", ADDRESS)
                .put("content", "来电人" + NAME + "反映：" + TEXT + "，身份证号" + ID_NUMBER)
                .put("demand", "退款");
        byte[] orderBytes = order.encode().getBytes(StandardCharsets.UTF_8);
        long now = Instant.now().getEpochSecond();
        HttpResponse<String> hotline = http.postBytes("/intake/hotline/city12345", "application/json", orderBytes,
                HotlineSignature.TIMESTAMP_HEADER, String.valueOf(now),
                HotlineSignature.SIGNATURE_HEADER, "sha256=" + HotlineSignature.sign(HOTLINE_SECRET, now, orderBytes));
        assertThat(hotline.statusCode()).as(hotline.body()).isIn(200, 201);
        HttpResponse<String> badOrder = http.postBytes("/intake/hotline/city12345", "application/json", orderBytes,
                HotlineSignature.TIMESTAMP_HEADER, String.valueOf(now), HotlineSignature.SIGNATURE_HEADER, "sha256=00");
        assertThat(badOrder.statusCode()).isEqualTo(401);

        Map<String, String> open311 = new LinkedHashMap<>();
        open311.put("api_key", OPEN311_KEY);
        open311.put("service_code", "consumer-complaint");
        open311.put("address_string", ADDRESS);
        open311.put("description", TEXT + " open311");
        open311.put("attribute[trader]", "探针食品店");
        open311.put("first_name", NAME);
        open311.put("last_name", "测");
        open311.put("email", EMAIL);
        open311.put("phone", MOBILE);
        HttpResponse<String> georeport = http.postBytes("/open311/v2/requests.json",
                "application/x-www-form-urlencoded; charset=utf-8", form(open311).getBytes(StandardCharsets.UTF_8));
        assertThat(georeport.statusCode()).as(georeport.body()).isEqualTo(200);
    }

    /** Waits until the receipts, SMS and callbacks queued above have been delivered (each logs a line). */
    private void awaitDeliveries() throws InterruptedException {
        long deadline = System.currentTimeMillis() + 30_000;
        while (System.currentTimeMillis() < deadline) {
            long open = TestDatabase.queryLong(db, "SELECT count(*) FROM outbox WHERE status <> 'sent'");
            long sent = TestDatabase.queryLong(db, "SELECT count(*) FROM outbox WHERE status = 'sent'");
            if (open == 0 && sent >= 3) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("outbox items still undelivered: "
                + TestDatabase.queryLong(db, "SELECT count(*) FROM outbox WHERE status <> 'sent'"));
    }

    /**
     * A probe as it may travel: plain, percent-encoded (form bodies, URLs), quoted-printable (mail bodies), Base64
     * (encoded words, headers), JSON unicode escapes, and the lower-case hex a byte dump shows.
     */
    static List<String> encodings(String probe) {
        byte[] utf8 = probe.getBytes(StandardCharsets.UTF_8);
        StringBuilder percent = new StringBuilder();
        StringBuilder quotedPrintable = new StringBuilder();
        StringBuilder hex = new StringBuilder();
        for (byte b : utf8) {
            percent.append(String.format("%%%02X", b & 0xff));
            quotedPrintable.append(String.format("=%02X", b & 0xff));
            hex.append(String.format("%02x", b & 0xff));
        }
        StringBuilder escapes = new StringBuilder();
        probe.chars().forEach(c -> escapes.append(String.format("\\u%04x", c)));
        List<String> out = new ArrayList<>(List.of(probe, URLEncoder.encode(probe, StandardCharsets.UTF_8),
                java.util.Base64.getEncoder().encodeToString(utf8)));
        if (probe.chars().anyMatch(c -> c > 127)) {
            out.addAll(List.of(percent.toString(), quotedPrintable.toString(), hex.toString(), escapes.toString()));
        }
        return out;
    }

    private static String form(Map<String, String> params) {
        StringJoiner j = new StringJoiner("&");
        params.forEach((k, v) -> j.add(URLEncoder.encode(k, StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(v, StandardCharsets.UTF_8)));
        return j.toString();
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
