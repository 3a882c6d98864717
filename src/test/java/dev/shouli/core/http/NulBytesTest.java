package dev.shouli.core.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shouli.Gateway;
import dev.shouli.channel.sms.TwilioSignature;
import dev.shouli.core.db.DatabaseEndpoint;
import dev.shouli.support.Http;
import dev.shouli.support.TestDatabase;
import dev.shouli.support.TestGateway;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * NUL and other code points PostgreSQL refuses, in every channel where they reached it (22021 / 22P05, a 500):
 * each is cleaned once where the channel decodes its input, and the submission is taken in.
 */
class NulBytesTest {

    private static final String EMAIL_TOKEN = "email-webhook-token-0123456789";
    private static final String OPEN311_KEY = "open311-key-0123456789";
    private static final String TWILIO_TOKEN = "twilio-token-for-nul-tests";
    private static final String TWILIO_URL = "https://sms.example.com/intake/sms/twilio";
    private static DatabaseEndpoint db;
    private static Gateway gateway;
    private static Http http;

    @BeforeAll
    static void start() {
        db = TestDatabase.freshDatabase();
        gateway = TestGateway.start(db, Map.of("SHOULI_EMAIL_WEBHOOK_TOKEN", EMAIL_TOKEN,
                "SHOULI_OPEN311_API_KEYS", "client:" + OPEN311_KEY,
                "SHOULI_TWILIO_AUTH_TOKEN", TWILIO_TOKEN, "SHOULI_TWILIO_WEBHOOK_URL", TWILIO_URL), Clock.systemUTC());
        http = new Http(gateway.port());
    }

    @AfterAll
    static void stop() {
        TestGateway.stop(gateway);
    }

    @Test
    void open311FieldsWithNulAreTakenIn() {
        String body = "api_key=" + OPEN311_KEY + "&service_code=road-damage%00&address_string=%E5%8D%97%E5%B1%B1%00%E5%8C%BA"
                + "&description=%E5%B7%A5%E5%9C%B0%00%E5%A4%9C%E9%97%B4%E6%96%BD%E5%B7%A5";

        HttpResponse<String> r = http.postBytes("/open311/v2/requests.json", "application/x-www-form-urlencoded",
                body.getBytes(StandardCharsets.UTF_8));

        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(TestDatabase.queryLong(db, "SELECT count(*) FROM complaint_case WHERE description = '工地夜间施工'"))
                .isEqualTo(1);
    }

    @Test
    void jsonEscapedNulAndAnUnpairedSurrogateAreTakenIn() {
        HttpResponse<String> r = http.postJson("/api/v1/complaints", "{\"description\": \"牛奶\\u0000过期 \\ud800\","
                + " \"subject\": \"\\u0000\", \"complainant\": {\"name\": \"李\\u0000四\"},"
                + " \"respondent\": {\"organisation\": \"超市\\u0000\"}}");

        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        String reference = new JsonObject(r.body()).getString("reference");
        JsonObject stored = http.deskJson("/api/v1/cases/" + reference);
        assertThat(stored.getString("description")).isEqualTo("牛奶过期 \uFFFD");
    }

    @Test
    void anEmailMessageIdWithNulIsTakenIn() {
        byte[] raw = ("From: a@example.cn\r\nTo: c@example.cn\r\nSubject: \u0000投诉\r\nMessage-ID: <nul\u0000id@example.cn>\r\n"
                + "Content-Type: text/plain; charset=utf-8\r\n\r\n快递丢件\u0000，要求赔偿。\r\n").getBytes(StandardCharsets.UTF_8);

        HttpResponse<String> r = http.postBytes("/intake/email", "message/rfc822", raw,
                "Authorization", "Bearer " + EMAIL_TOKEN);

        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        assertThat(TestDatabase.queryLong(db, "SELECT count(*) FROM submission WHERE external_id = '<nulid@example.cn>'"))
                .isEqualTo(1);
    }

    @Test
    void aTwilioMessageSidWithNulIsTakenIn() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("MessageSid", "SM\u0000nul");
        p.put("From", "+8613800138077");
        p.put("Body", "投诉\u0000物业");
        Map<String, List<String>> signed = new LinkedHashMap<>();
        p.forEach((k, v) -> signed.put(k, List.of(v)));
        String form = "MessageSid=SM%00nul&From=%2B8613800138077&Body=%E6%8A%95%E8%AF%89%00%E7%89%A9%E4%B8%9A";

        HttpResponse<String> r = http.postBytes("/intake/sms/twilio", "application/x-www-form-urlencoded",
                form.getBytes(StandardCharsets.UTF_8), "X-Twilio-Signature",
                TwilioSignature.compute(TWILIO_TOKEN, TWILIO_URL, signed));

        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(TestDatabase.queryLong(db, "SELECT count(*) FROM submission WHERE external_id = 'twilio:SMnul'"))
                .isEqualTo(1);
    }
}
