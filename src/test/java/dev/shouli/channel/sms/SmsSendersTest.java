package dev.shouli.channel.sms;

import static dev.shouli.channel.sms.FakeSmsApi.require;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shouli.core.outbox.OutboxHandler.PermanentFailure;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Each provider's send API, spoken to a fake on loopback that checks requests as the provider documents them. */
class SmsSendersTest {

    /** The receipt's: the one approved Aliyun template these tests configure. */
    private static final String PROVIDER_TEMPLATE = "receipt";

    private static final String REFERENCE = "TS20261125-000042K";
    private static final String KEY = "receipt:" + REFERENCE;
    private static Vertx vertx;
    private static WebClient client;

    @BeforeAll
    static void start() {
        vertx = Vertx.vertx();
        client = WebClient.create(vertx);
    }

    @AfterAll
    static void stop() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private static <T> T await(Future<T> f) throws Exception {
        try {
            return f.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw (Exception) e.getCause();
        }
    }

    // ---- Twilio --------------------------------------------------------------------------------------------

    private static SmsConfig.Twilio twilio(String base) {
        return new SmsConfig.Twilio(false, "twilio-token", null, false, base, "AC0123456789abcdef0123456789abcdef",
                "+861065550000");
    }

    /** Messages resource: POST form To/From/Body, HTTP Basic AccountSid:AuthToken, 201 with the sid. */
    private static FakeSmsApi.Answer twilioApi(FakeSmsApi.Received r) {
        require("POST".equals(r.method()), "method " + r.method());
        require("/2010-04-01/Accounts/AC0123456789abcdef0123456789abcdef/Messages.json".equals(r.path()),
                "path " + r.path());
        String expected = "Basic " + Base64.getEncoder().encodeToString(
                "AC0123456789abcdef0123456789abcdef:twilio-token".getBytes(StandardCharsets.UTF_8));
        require(expected.equals(r.headers().get("authorization")), "authorization header");
        require(r.field("To") != null && r.field("To").matches("\\+[1-9]\\d{6,14}"), "To must be E.164");
        require("+861065550000".equals(r.field("From")), "From");
        require(r.field("Body") != null && !r.field("Body").isBlank(), "Body");
        if (r.field("To").endsWith("0000")) {
            return new FakeSmsApi.Answer(400, new JsonObject().put("code", 21211).put("message", "Invalid 'To'"));
        }
        if (r.field("To").endsWith("5030")) {
            return new FakeSmsApi.Answer(503, new JsonObject());
        }
        return new FakeSmsApi.Answer(201, new JsonObject().put("sid", "SM0123456789abcdef0123456789abcdef")
                .put("status", "queued"));
    }

    @Test
    void twilioSendPostsTheDocumentedFormAndReturnsTheSid() throws Exception {
        try (FakeSmsApi api = new FakeSmsApi(vertx, SmsSendersTest::twilioApi)) {
            String id = await(new TwilioSender(client, twilio(api.baseUrl()))
                    .send("+8613800138000", "【受理】您的投诉已受理，编号" + REFERENCE, REFERENCE, KEY, PROVIDER_TEMPLATE));
            assertThat(api.problems).isEmpty();
            assertThat(id).isEqualTo("SM0123456789abcdef0123456789abcdef");
            assertThat(api.received.get(0).field("Body")).contains(REFERENCE);
        }
    }

    @Test
    void twilioRefusalIsPermanent() throws Exception {
        try (FakeSmsApi api = new FakeSmsApi(vertx, SmsSendersTest::twilioApi)) {
            assertThatThrownBy(() -> await(new TwilioSender(client, twilio(api.baseUrl()))
                    .send("+8613800000000", "x", REFERENCE, KEY, PROVIDER_TEMPLATE)))
                    .isInstanceOf(PermanentFailure.class).hasMessageContaining("21211");
        }
    }

    @Test
    void twilioServerErrorIsRetryable() throws Exception {
        try (FakeSmsApi api = new FakeSmsApi(vertx, SmsSendersTest::twilioApi)) {
            assertThatThrownBy(() -> await(new TwilioSender(client, twilio(api.baseUrl()))
                    .send("+8613800005030", "x", REFERENCE, KEY, PROVIDER_TEMPLATE)))
                    .isNotInstanceOf(PermanentFailure.class).hasMessageContaining("503");
        }
    }

    // ---- Vonage --------------------------------------------------------------------------------------------

    private static SmsConfig.Vonage vonage(String base) {
        return new SmsConfig.Vonage(false, null, "md5hash", Duration.ofMinutes(5), base, "abcd1234", "s3cr3t",
                "Shouli");
    }

    /** SMS API: POST /sms/json with api_key, api_secret, from, to (digits, no plus), text, type, client-ref. */
    private static FakeSmsApi.Answer vonageApi(FakeSmsApi.Received r) {
        require("POST".equals(r.method()) && "/sms/json".equals(r.path()), r.method() + " " + r.path());
        require("abcd1234".equals(r.field("api_key")) && "s3cr3t".equals(r.field("api_secret")), "credentials");
        require("Shouli".equals(r.field("from")), "from");
        require(r.field("to") != null && r.field("to").matches("[1-9]\\d{6,14}"), "to must be digits without +");
        boolean gsm = SmsSegments.isGsm7(r.field("text"));
        require((gsm ? "text" : "unicode").equals(r.field("type")), "type must be unicode for non-GSM text");
        require(KEY.equals(r.field("client-ref")), "client-ref");
        String status = r.field("to").endsWith("1111") ? "1" : r.field("to").endsWith("6666") ? "6" : "0";
        JsonObject message = new JsonObject().put("to", r.field("to")).put("status", status);
        if ("0".equals(status)) {
            message.put("message-id", "0A0000000123ABCD1").put("remaining-balance", "3.14").put("message-price", "0.03");
        } else {
            message.put("error-text", "1".equals(status) ? "Throughput Rate Exceeded" : "Unroutable message");
        }
        return new FakeSmsApi.Answer(200, new JsonObject().put("message-count", "1")
                .put("messages", new JsonArray().add(message)));
    }

    @Test
    void vonageSendsChineseAsUnicodeWithClientRefAndReturnsTheMessageId() throws Exception {
        try (FakeSmsApi api = new FakeSmsApi(vertx, SmsSendersTest::vonageApi)) {
            String id = await(new VonageSender(client, vonage(api.baseUrl()))
                    .send("+8613800138000", "【受理】已受理，编号" + REFERENCE, REFERENCE, KEY, PROVIDER_TEMPLATE));
            assertThat(api.problems).isEmpty();
            assertThat(id).isEqualTo("0A0000000123ABCD1");
            assertThat(api.received.get(0).field("to")).isEqualTo("8613800138000");
            assertThat(api.received.get(0).field("type")).isEqualTo("unicode");
        }
    }

    @Test
    void vonageSendsEnglishAsText() throws Exception {
        try (FakeSmsApi api = new FakeSmsApi(vertx, SmsSendersTest::vonageApi)) {
            await(new VonageSender(client, vonage(api.baseUrl())).send("+447700900123", "Ref " + REFERENCE,
                    REFERENCE, KEY, PROVIDER_TEMPLATE));
            assertThat(api.problems).isEmpty();
            assertThat(api.received.get(0).field("type")).isEqualTo("text");
        }
    }

    @Test
    void vonageThrottlingIsRetryableAndUnroutableIsPermanent() throws Exception {
        try (FakeSmsApi api = new FakeSmsApi(vertx, SmsSendersTest::vonageApi)) {
            VonageSender sender = new VonageSender(client, vonage(api.baseUrl()));
            assertThatThrownBy(() -> await(sender.send("+447700901111", "x", REFERENCE, KEY, PROVIDER_TEMPLATE)))
                    .isNotInstanceOf(PermanentFailure.class).hasMessageContaining("Throughput");
            assertThatThrownBy(() -> await(sender.send("+447700906666", "x", REFERENCE, KEY, PROVIDER_TEMPLATE)))
                    .isInstanceOf(PermanentFailure.class).hasMessageContaining("Unroutable");
        }
    }

    // ---- Aliyun --------------------------------------------------------------------------------------------

    private static final Instant FIXED = Instant.parse("2026-11-25T02:42:19Z");

    private static SmsConfig.Aliyun aliyun(String base) {
        return new SmsConfig.Aliyun(false, null, List.of(), base, "testId", "testSecret", "cn-hangzhou", "受理",
                "SMS_71390007", null);
    }

    /** Independent POP signature check (not the production helper): sorted, %20/%2A/~ encoded, key secret+"&". */
    private static String popSignature(String method, Map<String, List<String>> form) throws Exception {
        StringBuilder q = new StringBuilder();
        for (Map.Entry<String, List<String>> e : new TreeMap<>(form).entrySet()) {
            if (!e.getKey().equals("Signature")) {
                q.append(q.length() == 0 ? "" : "&").append(pop(e.getKey())).append('=').append(pop(e.getValue().get(0)));
            }
        }
        Mac mac = Mac.getInstance("HmacSHA1");
        mac.init(new SecretKeySpec("testSecret&".getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
        return Base64.getEncoder().encodeToString(mac.doFinal((method + "&%2F&" + pop(q.toString()))
                .getBytes(StandardCharsets.UTF_8)));
    }

    private static String pop(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20").replace("*", "%2A").replace("%7E", "~");
    }

    private static FakeSmsApi.Answer aliyunApi(FakeSmsApi.Received r) {
        try {
            require("POST".equals(r.method()) && "/".equals(r.path()), r.method() + " " + r.path());
            require("SendSms".equals(r.field("Action")) && "2017-05-25".equals(r.field("Version")), "action/version");
            require("HMAC-SHA1".equals(r.field("SignatureMethod")) && "1.0".equals(r.field("SignatureVersion")),
                    "signature method");
            require("testId".equals(r.field("AccessKeyId")), "AccessKeyId");
            require("2026-11-25T02:42:19Z".equals(r.field("Timestamp")), "Timestamp must be ISO-8601 UTC");
            require(r.field("SignatureNonce") != null && !r.field("SignatureNonce").isBlank(), "SignatureNonce");
            require("受理".equals(r.field("SignName")) && "SMS_71390007".equals(r.field("TemplateCode")), "template");
            require(new JsonObject(r.field("TemplateParam")).getString("reference").equals(REFERENCE), "TemplateParam");
            require(KEY.equals(r.field("OutId")), "OutId");
            require(popSignature("POST", r.form()).equals(r.field("Signature")), "Signature does not verify");
            if ("13900000000".equals(r.field("PhoneNumbers"))) {
                return new FakeSmsApi.Answer(200, new JsonObject().put("Code", "isv.MOBILE_NUMBER_ILLEGAL")
                        .put("Message", "非法手机号").put("RequestId", "R1"));
            }
            return new FakeSmsApi.Answer(200, new JsonObject().put("Code", "OK").put("Message", "OK")
                    .put("BizId", "900619746936498440^0").put("RequestId", "F655A8D5-B967-440B-8683-DAD6FF8DE990"));
        } catch (Exception e) {
            throw new AssertionError(e.getMessage());
        }
    }

    @Test
    void aliyunSendSmsIsSignedAsDocumentedAndReturnsTheBizId() throws Exception {
        try (FakeSmsApi api = new FakeSmsApi(vertx, SmsSendersTest::aliyunApi)) {
            String id = await(new AliyunSender(client, aliyun(api.baseUrl()), Clock.fixed(FIXED, ZoneOffset.UTC))
                    .send("+8613800138000", "ignored: templates carry the text", REFERENCE, KEY, PROVIDER_TEMPLATE));
            assertThat(api.problems).isEmpty();
            assertThat(id).isEqualTo("900619746936498440^0");
            assertThat(api.received.get(0).field("PhoneNumbers")).isEqualTo("13800138000");
        }
    }

    @Test
    void aliyunIllegalNumberIsPermanent() throws Exception {
        try (FakeSmsApi api = new FakeSmsApi(vertx, SmsSendersTest::aliyunApi)) {
            assertThatThrownBy(() -> await(new AliyunSender(client, aliyun(api.baseUrl()),
                    Clock.fixed(FIXED, ZoneOffset.UTC)).send("+8613900000000", "x", REFERENCE, KEY, PROVIDER_TEMPLATE)))
                    .isInstanceOf(PermanentFailure.class).hasMessageContaining("MOBILE_NUMBER_ILLEGAL");
            assertThat(api.problems).isEmpty();
        }
    }

    @Test
    void aliyunNumbersOutsideTheMainlandKeepTheirCountryCode() {
        assertThat(AliyunSender.aliyunNumber("+85291234567")).isEqualTo("85291234567");
        assertThat(AliyunSender.aliyunNumber("+8613800138000")).isEqualTo("13800138000");
    }
}
