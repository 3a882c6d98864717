package dev.shouli.core.http;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.shouli.Gateway;
import dev.shouli.channel.hotline.HotlineSignature;
import dev.shouli.channel.sms.AliyunProvider;
import dev.shouli.core.db.DatabaseEndpoint;
import dev.shouli.support.Complaints;
import dev.shouli.support.Http;
import dev.shouli.support.TestDatabase;
import dev.shouli.support.TestGateway;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * zzuf's way with real input, through the real HTTP routes: every fixture — the mail corpus, JSON complaints, a
 * hotline work order, an Open311 request, Twilio, Vonage and Aliyun webhooks, the web form urlencoded and multipart
 * — is sent again with random bits flipped (0.4 % of them, zzuf's default ratio, or fewer) or cut off at a random
 * byte, every fifth time with its Content-Type and Accept-Language headers mutated too; the seeds are fixed, so a
 * failure comes back when the test is run again. The unmutated fixture must be accepted (so the mutations reach
 * what parses it). What must hold for every mutation: an answer below
 * 500, no stack trace in the log, and nothing stored whose error names a programming mistake (an index out of
 * bounds, a null pointer). Credentials stay intact (signatures are computed over the mutated body, tokens are not
 * mutated) so the mutations reach the parsers.
 */
class MutatedInputTest {

    /** zzuf's default ratio, and gentler ones that leave most of a short body's syntax standing. */
    private static final double[] BIT_FLIP_RATIOS = {0.004, 0.001, 0.0003};
    private static final int MUTATIONS_PER_MAIL = 12;
    private static final int MUTATIONS_PER_OTHER_FIXTURE = 40;
    private static final String EMAIL_TOKEN = "email-webhook-token-0123456789";
    private static final String HOTLINE_SECRET = "city-secret-0123456789";
    private static final String OPEN311_KEY = "open311-key-0123456789";
    private static final String ALIYUN_TOKEN = "aliyun-push-token-0123456789";
    private static final Pattern HIDDEN = Pattern.compile("name=\"(token|csrf)\" value=\"([^\"]*)\"");
    private static final String ACCEPT_LANGUAGE = "zh-TW,zh;q=0.9,en-US;q=0.8,en;q=0.7";
    private static final AtomicInteger KEYS = new AtomicInteger();

    private static DatabaseEndpoint db;
    private static Gateway gateway;
    private static Http http;
    private static final ListAppender<ILoggingEvent> LOG = new ListAppender<>();

    /**
     * One input for one route. {@code intact} bytes at the start are never mutated (the fields that prove who sent
     * it); {@code headers} are computed over the body as finally sent.
     */
    private record Fixture(String name, String path, String contentType, byte[] body, int intact,
                           java.util.function.Function<byte[], String[]> headers) {
    }

    @BeforeAll
    static void start() {
        db = TestDatabase.freshDatabase();
        gateway = TestGateway.start(db, Map.ofEntries(
                Map.entry("SHOULI_EMAIL_WEBHOOK_TOKEN", EMAIL_TOKEN),
                Map.entry("SHOULI_HOTLINE_CITY12345_SECRET", HOTLINE_SECRET),
                Map.entry("SHOULI_OPEN311_API_KEYS", "mutation:" + OPEN311_KEY),
                Map.entry("SHOULI_TWILIO_AUTH_TOKEN", "twilio-token-mutated"),
                Map.entry("SHOULI_TWILIO_WEBHOOK_URL", "https://sms.example.com/intake/sms/twilio"),
                Map.entry("SHOULI_CHANNELS_SMS_TWILIO_LOG_ONLY", "true"),
                Map.entry("SHOULI_VONAGE_SIGNATURE_SECRET", "vonage-signature-secret"),
                Map.entry("SHOULI_CHANNELS_SMS_VONAGE_LOG_ONLY", "true"),
                Map.entry("SHOULI_ALIYUN_TOKEN", ALIYUN_TOKEN),
                Map.entry("SHOULI_OUTBOX_POLL_INTERVAL", "1h")), Clock.systemUTC());
        http = new Http(gateway.port());
        LOG.start();
        ((Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME)).addAppender(LOG);
    }

    @AfterAll
    static void stop() {
        ((Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME)).detachAppender(LOG);
        TestGateway.stop(gateway);
    }

    @Test
    void mutatedInputOnEveryRouteGetsAnAnswerBelow500AndNoStackTrace() throws Exception {
        Map<String, Integer> statuses = new TreeMap<>();
        List<String> failures = new ArrayList<>();
        for (Fixture f : fixtures()) {
            HttpResponse<String> original = http.postBytes(f.path(), f.contentType(), f.body(), f.headers().apply(f.body()));
            // The form answers a good post with 303 to its receipt page (POST/redirect/GET).
            boolean accepted = original.statusCode() < 300 || f.name().startsWith("form") && original.statusCode() == 303;
            if (!accepted && !f.name().startsWith("malformed")) {
                failures.add(f.name() + " as it is → " + original.statusCode() + " " + original.body());
            }
            int mutations = f.path().equals("/intake/email") ? MUTATIONS_PER_MAIL : MUTATIONS_PER_OTHER_FIXTURE;
            for (int seed = 0; seed < mutations; seed++) {
                byte[] body = mutate(f, seed);
                // Every fifth time the Content-Type and Accept-Language headers are mutated too.
                String contentType = seed % 5 == 4 ? mutateHeader(f.contentType(), seed) : f.contentType();
                String[] headers = Stream.concat(Arrays.stream(f.headers().apply(body)), Stream.of("Accept-Language",
                        seed % 5 == 4 ? mutateHeader(ACCEPT_LANGUAGE, seed) : ACCEPT_LANGUAGE)).toArray(String[]::new);
                HttpResponse<String> r = http.postBytes(f.path(), contentType, body, headers);
                statuses.merge(f.path().replaceAll("\\?.*", "") + " " + r.statusCode(), 1, Integer::sum);
                if (r.statusCode() >= 500) {
                    failures.add(f.name() + " seed " + seed + " → " + r.statusCode() + " " + r.body());
                }
            }
        }
        System.out.println("answers to mutated input: " + statuses);
        List<String> stackTraces;
        synchronized (LOG.list) {
            stackTraces = LOG.list.stream()
                    .filter(e -> e.getThrowableProxy() != null || e.getLevel().isGreaterOrEqual(Level.ERROR))
                    .map(e -> e.getLevel() + " " + e.getLoggerName() + ": " + e.getFormattedMessage()
                            + (e.getThrowableProxy() == null ? "" : " — " + e.getThrowableProxy().getClassName()
                            + ": " + e.getThrowableProxy().getMessage()))
                    .distinct().toList();
        }

        assertThat(failures).as("fixtures refused as they are, answers of 500 or more").isEmpty();
        assertThat(stackTraces).as("errors and stack traces logged").isEmpty();
        assertThat(TestDatabase.queryLong(db, "SELECT count(*) FROM submission WHERE error ~ "
                + "'(IndexOutOfBounds|NullPointer|ClassCast|IllegalState|ArithmeticException|NegativeArraySize)'"))
                .as("submissions stored with a programming mistake as their error").isZero();
    }

    /**
     * zzuf: each bit after the intact prefix flipped with a probability of one of {@link #BIT_FLIP_RATIOS}, by seed;
     * every fourth seed also cuts the body off at a random byte.
     */
    private static byte[] mutate(Fixture f, int seed) {
        Random random = new Random(f.name().hashCode() * 1_000_003L + seed);
        double ratio = BIT_FLIP_RATIOS[seed % BIT_FLIP_RATIOS.length];
        byte[] b = f.body().clone();
        for (int i = f.intact(); i < b.length; i++) {
            for (int bit = 0; bit < 8; bit++) {
                if (random.nextDouble() < ratio) {
                    b[i] ^= (byte) (1 << bit);
                }
            }
        }
        if (seed % 4 == 3 && b.length > f.intact()) {
            b = Arrays.copyOf(b, f.intact() + random.nextInt(b.length - f.intact()));
        }
        return b;
    }

    /** A header value with bits flipped at zzuf's ratio ×10; what an HTTP client cannot send becomes a space. */
    private static String mutateHeader(String value, int seed) {
        Random random = new Random(value.hashCode() * 31L + seed);
        char[] c = value.toCharArray();
        for (int i = 0; i < c.length; i++) {
            for (int bit = 0; bit < 7; bit++) {
                if (random.nextDouble() < 0.04) {
                    c[i] ^= (char) (1 << bit);
                }
            }
            if (c[i] < 0x20 || c[i] > 0x7e) {
                c[i] = ' ';
            }
        }
        return new String(c).strip();
    }

    private static List<Fixture> fixtures() throws Exception {
        List<Fixture> out = new ArrayList<>();
        try (Stream<Path> mails = Files.list(Path.of("src/test/resources/email"))) {
            for (Path mail : mails.sorted().toList()) {
                out.add(new Fixture(mail.getFileName().toString(), "/intake/email", "message/rfc822",
                        Files.readAllBytes(mail), 0, body -> new String[] {"Authorization", "Bearer " + EMAIL_TOKEN}));
            }
        }
        for (JsonObject complaint : List.of(Complaints.airConditioner(), Complaints.traditional())) {
            out.add(new Fixture("json " + complaint.getString("description").substring(0, 4), "/api/v1/complaints",
                    "application/json", utf8(complaint.encode()), 0,
                    body -> new String[] {"Idempotency-Key", "mutated-" + KEYS.incrementAndGet()}));
        }
        out.add(new Fixture("hotline work order", "/intake/hotline/city12345", "application/json",
                utf8(workOrder().encode()), 0, body -> {
                    long now = System.currentTimeMillis() / 1000;
                    return new String[] {HotlineSignature.TIMESTAMP_HEADER, String.valueOf(now),
                            HotlineSignature.SIGNATURE_HEADER, "sha256=" + HotlineSignature.sign(HOTLINE_SECRET, now, body)};
                }));
        String key = "api_key=" + OPEN311_KEY + "&";
        out.add(new Fixture("open311 request", "/open311/v2/requests.json", "application/x-www-form-urlencoded",
                utf8(key + form(Map.of("service_code", "noise", "lat", "31.2304", "long", "121.4737",
                        "address_string", "上海市黄浦区人民大道200号", "description", "工地夜间施工噪音，凌晨两点仍在打桩。",
                        "email", "mei.chen@example.com", "phone", "13600136000", "attribute[source]", "construction"))),
                key.length(), body -> new String[0]));
        out.add(new Fixture("twilio", "/intake/sms/twilio", "application/x-www-form-urlencoded",
                utf8(form(Map.of("MessageSid", "SMmutated0123456789", "From", "+8613800138000", "To", "+8610690000",
                        "Body", "快递丢件三天了，要求赔偿200元。订单号 SF1234567890", "NumSegments", "1"))), 0,
                body -> new String[] {"X-Twilio-Signature", "c2lnbmF0dXJl"}));
        out.add(new Fixture("vonage", "/intake/sms/vonage", "application/x-www-form-urlencoded",
                utf8(form(Map.of("msisdn", "447700900001", "to", "447700900000", "messageId", "0A0000001234",
                        "text", "noise complaint at night, flat 3", "type", "unicode", "concat", "true",
                        "concat-ref", "12", "concat-total", "2", "concat-part", "1",
                        "message-timestamp", "2026-11-25 10:00:00"))), 0, body -> new String[0]));
        out.add(new Fixture("aliyun", "/intake/sms/aliyun", "application/json",
                utf8(new JsonArray().add(new JsonObject().put("phone_number", "13900000000").put("content", "路灯不亮")
                        .put("send_time", "2026-11-25 10:00:00").put("dest_code", "1069000")
                        .put("sign_name", "受理").put("sequence_id", 77)).encode()), 0,
                body -> new String[] {AliyunProvider.TOKEN_HEADER, ALIYUN_TOKEN}));
        out.addAll(formFixtures());
        return out;
    }

    /** The web form as a browser posts it, urlencoded and multipart, each from a page of its own (one token each). */
    private static List<Fixture> formFixtures() {
        return List.of(formFixture(false), formFixture(true));
    }

    private static Fixture formFixture(boolean multipartBody) {
        HttpResponse<String> page = http.get("/?lang=zh-CN");
        String setCookie = page.headers().firstValue("Set-Cookie").orElseThrow();
        String cookie = setCookie.substring(0, setCookie.indexOf(';'));
        Map<String, String> hidden = new TreeMap<>();
        Matcher m = HIDDEN.matcher(page.body());
        while (m.find()) {
            hidden.put(m.group(1), m.group(2));
        }
        String proof = "token=" + enc(hidden.get("token")) + "&csrf=" + enc(hidden.get("csrf")) + "&";
        Map<String, String> fields = Map.of("kind", "complaint", "name", "李女士", "phone", "138 0013 8000",
                "organisation", "华润万家", "branch", "深圳南山分店", "subject", "买到过期牛奶",
                "description", "11月20日在华润万家买的牛奶已过期，要求退款并道歉。", "occurredAt", "2026-11-20T15:30");
        String boundary = "----shouliMutated7MA4YWxkTrZu0gW";
        StringBuilder multipart = new StringBuilder();
        for (Map.Entry<String, String> e : hidden.entrySet()) {
            multipart.append(part(boundary, e.getKey(), e.getValue()));
        }
        int intact = multipart.length();
        fields.forEach((k, v) -> multipart.append(part(boundary, k, v)));
        multipart.append("--").append(boundary).append("\r\nContent-Disposition: form-data; name=\"attachments\";"
                        + " filename=\"收据.pdf\"\r\nContent-Type: application/pdf\r\n\r\n")
                // The form takes images and PDF, told by their content: a minimal PDF.
                .append("%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\r\n--").append(boundary).append("--\r\n");
        String[] cookieHeader = {"Cookie", cookie};
        return multipartBody
                ? new Fixture("form multipart", "/form?lang=zh-CN", "multipart/form-data; boundary=" + boundary,
                        utf8(multipart.toString()), utf8(multipart.substring(0, intact)).length, body -> cookieHeader)
                : new Fixture("form urlencoded", "/form?lang=zh-CN", "application/x-www-form-urlencoded",
                        utf8(proof + form(fields)), utf8(proof).length, body -> cookieHeader);
    }

    private static String part(String boundary, String name, String value) {
        return "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"\r\n\r\n" + value + "\r\n";
    }

    private static JsonObject workOrder() {
        return new JsonObject()
                .put("ticketNumber", "GD20261125999").put("messageKind", "new").put("type", "投诉")
                .put("categoryCode", "030102").put("urgency", "紧急").put("callTime", "2026-11-25 09:12:00")
                .put("dispatchTime", "2026-11-25T09:40:00+08:00").put("signForDeadline", "2026-11-26T09:40:00+08:00")
                .put("caller", new JsonObject().put("name", "王小明").put("phone", "13800138000").put("confidential", "保密"))
                .put("respondent", new JsonObject().put("organisation", "某某超市（人民路店）").put("address", "人民路88号"))
                .put("incidentAddress", "人民路88号").put("content", "来电人反映在某某超市购买的牛奶已过期，要求退款并赔偿。")
                .put("demand", "退款299元并道歉");
    }

    private static String form(Map<String, String> fields) {
        return new TreeMap<>(fields).entrySet().stream().map(e -> enc(e.getKey()) + "=" + enc(e.getValue()))
                .collect(Collectors.joining("&"));
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
