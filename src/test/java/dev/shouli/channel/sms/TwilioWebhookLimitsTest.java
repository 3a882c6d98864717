package dev.shouli.channel.sms;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shouli.Gateway;
import dev.shouli.core.db.DatabaseEndpoint;
import dev.shouli.support.Http;
import dev.shouli.support.TestDatabase;
import dev.shouli.support.TestGateway;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Twilio webhooks on a gateway with the default limits, behind a proxy on a custom port: the longest message
 * Twilio sends is taken in whole, and a signature over the URL without its port is accepted as Twilio's own
 * validators accept it.
 */
class TwilioWebhookLimitsTest {

    private static final String TOKEN = "twilio-auth-token-for-limits";
    /** Where Twilio's console points: through a proxy listening on 8443. */
    private static final String CONFIGURED_URL = "https://sms.example.com:8443/intake/sms/twilio";
    private static final AtomicInteger IDS = new AtomicInteger();
    private static DatabaseEndpoint db;
    private static Gateway gateway;
    private static Http http;

    @BeforeAll
    static void start() {
        db = TestDatabase.freshDatabase();
        gateway = TestGateway.start(db, Map.of("SHOULI_TWILIO_AUTH_TOKEN", TOKEN,
                "SHOULI_TWILIO_WEBHOOK_URL", CONFIGURED_URL), Clock.systemUTC());
        http = new Http(gateway.port());
    }

    @AfterAll
    static void stop() {
        TestGateway.stop(gateway);
    }

    private static Map<String, String> message(String body) {
        String sid = "SM" + IDS.incrementAndGet() + "limits" + System.nanoTime();
        Map<String, String> p = new LinkedHashMap<>();
        p.put("MessageSid", sid);
        p.put("From", "+8613800138" + String.format("%03d", IDS.get() % 1000));
        p.put("To", "+861065550000");
        p.put("Body", body);
        return p;
    }

    private static HttpResponse<String> post(Map<String, String> params, String signedUrl) {
        Map<String, List<String>> multi = new LinkedHashMap<>();
        params.forEach((k, v) -> multi.put(k, List.of(v)));
        StringJoiner form = new StringJoiner("&");
        params.forEach((k, v) -> form.add(URLEncoder.encode(k, StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(v, StandardCharsets.UTF_8)));
        return http.postBytes("/intake/sms/twilio", "application/x-www-form-urlencoded",
                form.toString().getBytes(StandardCharsets.UTF_8),
                "X-Twilio-Signature", TwilioSignature.compute(TOKEN, signedUrl, multi));
    }

    private static long casesWithDescription(String text) {
        return TestDatabase.queryLong(db, "SELECT count(*) FROM complaint_case WHERE description = '" + text + "'");
    }

    @Test
    void aMessageOf1600ChineseCharactersIsTakenInWhole() {
        String text = "超市卖过期牛奶要求退款。" + "投".repeat(1_588);

        HttpResponse<String> r = post(message(text), CONFIGURED_URL);

        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(casesWithDescription(text)).isEqualTo(1);
    }

    @Test
    void aSignatureOverTheUrlWithoutItsPortIsAccepted() {
        HttpResponse<String> r = post(message("药店卖假药，要求退款"), "https://sms.example.com/intake/sms/twilio");

        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    }

    @Test
    void aSignatureOverAnotherPortIsRefused() {
        HttpResponse<String> r = post(message("药店卖假药，要求退款"), "https://sms.example.com:9443/intake/sms/twilio");

        assertThat(r.statusCode()).isEqualTo(403);
    }
}
