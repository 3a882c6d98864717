package dev.shouli.channel.sms;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.shouli.ShouliConfig;
import dev.shouli.support.TestGateway;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Any webhook body, query and content type for each SMS provider: verified or not, parsed into messages or refused
 * with {@link MalformedPayloadException}; nothing else may be thrown.
 */
class SmsWebhookFuzzTest {

    private static final ShouliConfig CONFIG = TestGateway.config(Map.of("SHOULI_TWILIO_AUTH_TOKEN", "fuzz-token",
            "SHOULI_TWILIO_WEBHOOK_URL", "https://sms.example.com:8443/intake/sms/twilio",
            "SHOULI_VONAGE_SIGNATURE_SECRET", "fuzz-secret", "SHOULI_ALIYUN_TOKEN", "fuzz-token"));
    private static final List<SmsProvider> PROVIDERS = List.of(new TwilioProvider(CONFIG.section(SmsConfig.class).twilio()),
            new VonageProvider(CONFIG.section(SmsConfig.class).vonage(), Clock.systemUTC()), new AliyunProvider(CONFIG.section(SmsConfig.class).aliyun()));
    private static final List<String> TYPES = List.of("application/x-www-form-urlencoded", "application/json",
            "application/json; charset=utf-8", "text/plain");

    @FuzzTest(maxDuration = "8m")
    void anyWebhookIsParsedOrRefused(FuzzedDataProvider data) {
        SmsProvider provider = data.pickValue(PROVIDERS);
        String method = provider.acceptsGet() && data.consumeBoolean() ? "GET" : "POST";
        String contentType = data.pickValue(TYPES);
        String query = data.consumeBoolean() ? data.consumeString(200) : null;
        String signature = data.consumeString(60);
        byte[] body = data.consumeRemainingAsBytes();
        SmsWebhook w = new SmsWebhook(Instant.parse("2026-11-25T02:00:00Z"), method, query, contentType,
                Map.of("Content-Type", contentType, "X-Twilio-Signature", signature, "X-Shouli-Token", signature),
                body, "127.0.0.1");
        try {
            provider.verificationFailure(w);
            provider.parse(w);
        } catch (MalformedPayloadException expected) {
            // answered 400 with the reason
        }
    }
}
