package dev.shouli.channel.sms;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Vonage's published vectors (the nexmo-python SDK signature tests: a=1, b=2, timestamp=1461605396, secret
 * "secret") for each method, plus the & and = cleaning checked against an independent computation (Python
 * hashlib/hmac). The HMAC vectors in the Ruby SDK's test file do not match its own algorithm and are not used.
 */
class VonageSignatureTest {

    private static Map<String, String> params(String sig) {
        Map<String, String> p = new HashMap<>(Map.of("a", "1", "b", "2", "timestamp", "1461605396"));
        if (sig != null) {
            p.put("sig", sig);
        }
        return p;
    }

    @Test
    void legacyMd5HashMatchesPublishedExample() {
        assertThat(VonageSignature.compute("md5hash", "secret", params(null)))
                .isEqualTo("6af838ef94998832dbfc29020b564830");
        assertThat(VonageSignature.valid("md5hash", "secret", params("6af838ef94998832dbfc29020b564830"))).isTrue();
    }

    @Test
    void hmacMd5MatchesPublishedExample() {
        assertThat(VonageSignature.valid("md5", "secret", params("c15c21ced558c93a226c305f58f902f2"))).isTrue();
    }

    @Test
    void hmacSha1MatchesPublishedExample() {
        assertThat(VonageSignature.valid("sha1", "secret", params("3e19a4e6880fdc2c1426bfd0587c98b9532f0210")))
                .isTrue();
    }

    @Test
    void hmacSha256MatchesPublishedExample() {
        assertThat(VonageSignature.valid("sha256", "secret",
                params("a321e824b9b816be7c3f28859a31749a098713d39f613c80d455bbaffae1cd24"))).isTrue();
    }

    @Test
    void hmacSha512MatchesPublishedExample() {
        assertThat(VonageSignature.valid("sha512", "secret", params("812a18f76680fa0fe1b8bd9ee1625466ceb1bd96242e4d05"
                + "0d2cfd9a7b40166c63ed26ec9702168781b6edcf1633db8ff95af9341701004eec3fcf9550572ee8"))).isTrue();
    }

    @Test
    void upperCaseHexIsAccepted() {
        assertThat(VonageSignature.valid("md5hash", "secret", params("6AF838EF94998832DBFC29020B564830"))).isTrue();
    }

    @Test
    void ampersandAndEqualsInNamesAndValuesAreReplacedByUnderscore() {
        Map<String, String> p = new HashMap<>(Map.of("a=7", "1", "b", "2 & 5", "timestamp", "1461605396"));
        assertThat(VonageSignature.compute("md5hash", "secret", p)).isEqualTo("d0aa56d491c28cd554d2a42c5a7d7916");
        assertThat(VonageSignature.compute("sha256", "secret", p))
                .isEqualTo("b51419948d925851cd9a6c99aeebda52e550e7d87ca3d34dc96f0f16a1f64d3b");
    }

    @Test
    void chineseTextIsSignedAsUtf8() {
        Map<String, String> p = new HashMap<>(Map.of("msisdn", "8613800138000", "text", "退款299元",
                "timestamp", "1700000000", "messageId", "0A0000001234"));
        assertThat(VonageSignature.compute("sha512", "secret", p)).isEqualTo("17e3a83fbe2c88797375a8064d10e2e750e80eb"
                + "a6f3fd2e15174ce3686c0c0a2c850ffe8bcf767e1d86a4531c16dfe98711d459cf2ce694c050c5278dabad989");
    }

    @Test
    void tamperedValueFails() {
        Map<String, String> p = params("6af838ef94998832dbfc29020b564830");
        p.put("b", "3");
        assertThat(VonageSignature.valid("md5hash", "secret", p)).isFalse();
    }

    @Test
    void missingSigFails() {
        assertThat(VonageSignature.valid("md5hash", "secret", params(null))).isFalse();
    }

    @Test
    void timestampOutsideWindowIsStale() {
        Instant now = Instant.ofEpochSecond(1461605396);
        assertThat(VonageProvider.staleTimestamp("1461605396", Duration.ofMinutes(5), now.plusSeconds(299))).isEmpty();
        assertThat(VonageProvider.staleTimestamp("1461605396", Duration.ofMinutes(5), now.plusSeconds(301))).isPresent();
        assertThat(VonageProvider.staleTimestamp("1461605396", Duration.ofMinutes(5), now.minusSeconds(301))).isPresent();
        assertThat(VonageProvider.staleTimestamp("soon", Duration.ofMinutes(5), now)).isPresent();
    }
}
