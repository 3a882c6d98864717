package dev.shouli.channel.sms;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Aliyun pushes are authenticated by our token and, optionally, the source address. */
class AliyunProviderTest {

    private static AliyunProvider provider(List<String> allowed) {
        return new AliyunProvider(new SmsConfig.Aliyun(false, "tok-0123456789", allowed, "http://x", null, null,
                "cn-hangzhou", null, null, null));
    }

    private static SmsWebhook push(String query, String address) {
        return new SmsWebhook(Instant.now(), "POST", query, "application/json", Map.of(),
                "[]".getBytes(StandardCharsets.UTF_8), address);
    }

    @Test
    void addressInsideAnAllowedCidrWithTheRightTokenPasses() {
        assertThat(provider(List.of("100.100.0.0/16")).verificationFailure(push("token=tok-0123456789",
                "100.100.3.4"))).isEmpty();
    }

    @Test
    void addressOutsideTheAllowListIsRefusedEvenWithTheToken() {
        assertThat(provider(List.of("100.100.0.0/16", "10.0.0.1")).verificationFailure(push("token=tok-0123456789",
                "100.101.3.4"))).get().asString().contains("not in channels.sms.aliyun.allowedIps");
    }

    @Test
    void exactAddressInTheAllowListPasses() {
        assertThat(provider(List.of("10.0.0.1")).verificationFailure(push("token=tok-0123456789", "10.0.0.1")))
                .isEmpty();
    }

    @Test
    void emptyAllowListAcceptsAnyAddress() {
        assertThat(provider(List.of()).verificationFailure(push("token=tok-0123456789", "203.0.113.9"))).isEmpty();
    }

    @Test
    void numbersSentAsNumbersReadAsText() {
        ParsedWebhook parsed = provider(List.of()).parse(new SmsWebhook(Instant.now(), "POST", null,
                "application/json", Map.of(), ("[{\"phone_number\":13800138000,\"content\":\"退订\","
                + "\"send_time\":\"2026-11-25 10:00:00\",\"dest_code\":1069,\"sign_name\":\"受理\","
                + "\"sequence_id\":12345678901}]").getBytes(StandardCharsets.UTF_8), "127.0.0.1"));
        assertThat(parsed.messages()).singleElement().satisfies(m -> {
            assertThat(m.from()).isEqualTo("13800138000");
            assertThat(m.messageId()).isEqualTo("12345678901");
            assertThat(m.to()).isEqualTo("1069");
        });
    }
}
