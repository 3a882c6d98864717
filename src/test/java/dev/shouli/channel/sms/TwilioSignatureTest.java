package dev.shouli.channel.sms;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Twilio's own published vectors (twilio-csharp / twilio-php RequestValidatorTest, token "12345") and edge
 * cases of our own.
 */
class TwilioSignatureTest {

    private static final String TOKEN = "12345";
    private static final String URL = "https://mycompany.com/myapp.php?foo=1&bar=2";
    private static final String BODY = "{\"property\": \"value\", \"boolean\": true}";
    private static final String BODY_HASH = "0a1ff7634d9ab3b95db5c9a2dfe9416e41502b283a80c7cf19632632f96e6620";

    private static Map<String, List<String>> params() {
        Map<String, List<String>> p = new LinkedHashMap<>();
        // Intentionally out of order: the signature sorts them.
        p.put("From", List.of("+14158675309"));
        p.put("CallSid", List.of("CA1234567890ABCDE"));
        p.put("Digits", List.of("1234"));
        p.put("To", List.of("+18005551212"));
        p.put("Caller", List.of("+14158675309"));
        return p;
    }

    @Test
    void aUrlWithACustomPortSignedWithoutThePortValidates() {
        String signed = TwilioSignature.compute(TOKEN, "https://mycompany.com/myapp.php?foo=1&bar=2", params());

        assertThat(TwilioSignature.validForm(TOKEN, "https://mycompany.com:8443/myapp.php?foo=1&bar=2", params(),
                signed)).isTrue();
    }

    @Test
    void aUrlWithACustomPortSignedWithTheDefaultPortValidates() {
        String signed = TwilioSignature.compute(TOKEN, "https://mycompany.com:443/myapp.php", params());

        assertThat(TwilioSignature.validForm(TOKEN, "https://mycompany.com:8443/myapp.php", params(), signed)).isTrue();
    }

    @Test
    void aUrlSignedWithAnotherCustomPortDoesNotValidate() {
        String signed = TwilioSignature.compute(TOKEN, "https://mycompany.com:9000/myapp.php", params());

        assertThat(TwilioSignature.validForm(TOKEN, "https://mycompany.com:8443/myapp.php", params(), signed)).isFalse();
    }

    @Test
    void userInfoIsKeptWhenThePortIsRemoved() {
        assertThat(TwilioSignature.urlVariants("https://user:pw@mycompany.com:8443/a"))
                .contains("https://user:pw@mycompany.com/a", "https://user:pw@mycompany.com:443/a");
    }

    @Test
    void publishedExampleValidates() {
        assertThat(TwilioSignature.validForm(TOKEN, URL, params(), "RSOYDt4T1cUTdK1PDd93/VVr8B8=")).isTrue();
    }

    @Test
    void publishedExampleComputesExactly() {
        assertThat(TwilioSignature.compute(TOKEN, URL, params())).isEqualTo("RSOYDt4T1cUTdK1PDd93/VVr8B8=");
    }

    @Test
    void signatureComputedWithExplicitDefaultPortValidatesAgainstUrlWithout() {
        assertThat(TwilioSignature.validForm(TOKEN, URL, params(), "kvajT1Ptam85bY51eRf/AJRuM3w=")).isTrue();
    }

    @Test
    void signatureWithoutPortValidatesAgainstUrlConfiguredWithDefaultPort() {
        assertThat(TwilioSignature.validForm(TOKEN, "https://mycompany.com:443/myapp.php?foo=1&bar=2", params(),
                "RSOYDt4T1cUTdK1PDd93/VVr8B8=")).isTrue();
    }

    @Test
    void httpDefaultPortIsAddedToo() {
        assertThat(TwilioSignature.validForm(TOKEN, "http://mycompany.com/myapp.php?foo=1&bar=2", params(),
                "0ZXoZLH/DfblKGATFgpif+LLRf4=")).isTrue();
    }

    @Test
    void customPortIsSignedAsGiven() {
        assertThat(TwilioSignature.validForm(TOKEN, "https://mycompany.com:1234/myapp.php?foo=1&bar=2", params(),
                "CYn1h0gLBdNxDGkKJg6hYohgeD8=")).isTrue();
    }

    @Test
    void hostCaseIsSignedAsConfigured() {
        assertThat(TwilioSignature.validForm(TOKEN, "https://MyCompany.com/myapp.php?foo=1&bar=2", params(),
                "g9IN/x4Cft2g517EjYvEvM/W7LU=")).isTrue();
        assertThat(TwilioSignature.validForm(TOKEN, "https://MyCompany.com/myapp.php?foo=1&bar=2", params(),
                "RSOYDt4T1cUTdK1PDd93/VVr8B8=")).isFalse();
    }

    @Test
    void repeatedParametersUseEachDistinctValueSorted() {
        Map<String, List<String>> p = new LinkedHashMap<>();
        p.put("Sid", List.of("CA123"));
        p.put("SidAccount", List.of("AC123"));
        p.put("Digits", List.of("5678", "1234", "1234"));
        assertThat(TwilioSignature.validForm(TOKEN, URL, p, "IK+Dwps556ElfBT0I3Rgjkr1wJU=")).isTrue();
    }

    @Test
    void jsonBodyVariantValidatesWithBodyHash() {
        assertThat(TwilioSignature.validJson(TOKEN, URL + "&bodySHA256=" + BODY_HASH,
                BODY.getBytes(StandardCharsets.UTF_8), "a9nBmqA0ju/hNViExpshrM61xv4=")).isTrue();
        assertThat(TwilioSignature.validJson(TOKEN, "https://mycompany.com/myapp.php?bodySHA256=" + BODY_HASH,
                BODY.getBytes(StandardCharsets.UTF_8), "y77kIzt2vzLz71DgmJGsen2scGs=")).isTrue();
    }

    @Test
    void jsonBodyThatDoesNotMatchItsHashFails() {
        assertThat(TwilioSignature.validJson(TOKEN, URL + "&bodySHA256=" + BODY_HASH,
                "{\"property\": \"other\"}".getBytes(StandardCharsets.UTF_8), "a9nBmqA0ju/hNViExpshrM61xv4="))
                .isFalse();
    }

    @Test
    void jsonBodyWithoutHashInUrlFails() {
        assertThat(TwilioSignature.validJson(TOKEN, URL, BODY.getBytes(StandardCharsets.UTF_8),
                "RSOYDt4T1cUTdK1PDd93/VVr8B8=")).isFalse();
    }

    @Test
    void tamperedParameterFails() {
        Map<String, List<String>> p = params();
        p.put("Digits", List.of("9999"));
        assertThat(TwilioSignature.validForm(TOKEN, URL, p, "RSOYDt4T1cUTdK1PDd93/VVr8B8=")).isFalse();
    }

    @Test
    void wrongTokenFails() {
        assertThat(TwilioSignature.validForm("54321", URL, params(), "RSOYDt4T1cUTdK1PDd93/VVr8B8=")).isFalse();
    }

    /** Signatures computed independently (Python hmac) over the percent-encoded and the Unicode form. */
    @Test
    void unicodeConfiguredUrlAcceptsTheSignatureOverItsPercentEncodedForm() {
        Map<String, List<String>> p = new LinkedHashMap<>();
        p.put("From", List.of("+8613800138000"));
        p.put("Body", List.of("退款299元"));
        p.put("MessageSid", List.of("SM123"));
        assertThat(TwilioSignature.validForm(TOKEN, "https://example.com/短信/twilio?x=%E4%B8%AD", p,
                "+WrLZnZ9URmEwFvhPOW/q6YXtiI=")).isTrue();
        assertThat(TwilioSignature.validForm(TOKEN, "https://example.com/%E7%9F%AD%E4%BF%A1/twilio?x=%E4%B8%AD", p,
                "ADSBkgvq9/hQSV61BwQ5aCxLyWo=")).isTrue();
    }

    @Test
    void defaultPortToggleLeavesUserInfoAndPathAlone() {
        assertThat(TwilioSignature.toggleDefaultPort("https://u:p@example.com/a:b?c=1"))
                .isEqualTo("https://u:p@example.com:443/a:b?c=1");
        assertThat(TwilioSignature.toggleDefaultPort("http://example.com:80/x")).isEqualTo("http://example.com/x");
        assertThat(TwilioSignature.toggleDefaultPort("http://example.com:8080/x")).isEqualTo("http://example.com:8080/x");
    }
}
