package dev.shouli.core.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shouli.Gateway;
import dev.shouli.support.Http;
import dev.shouli.support.TestDatabase;
import dev.shouli.support.TestGateway;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A multipart body without a usable boundary is the sender's mistake on every POST route: 400, never 500. */
class MultipartBoundaryTest {

    private static Gateway gateway;
    private static Http http;

    @BeforeAll
    static void start() {
        gateway = TestGateway.start(TestDatabase.freshDatabase(),
                Map.of("SHOULI_EMAIL_WEBHOOK_TOKEN", "email-webhook-token-0123456789"), Clock.systemUTC());
        http = new Http(gateway.port());
    }

    @AfterAll
    static void stop() {
        TestGateway.stop(gateway);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/api/v1/complaints", "/intake/email", "/intake/sms/twilio", "/intake/sms/vonage",
            "/intake/sms/aliyun", "/intake/hotline/city12345", "/open311/v2/requests.json", "/form"})
    void anEmptyBoundaryIsABadRequest(String path) {
        HttpResponse<String> response = http.postBytes(path, "multipart/form-data; boundary=",
                "--\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n1\r\n----\r\n".getBytes(StandardCharsets.UTF_8),
                "Authorization", "Bearer email-webhook-token-0123456789");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
    }

    @ParameterizedTest
    @ValueSource(strings = {"multipart/form-data", "multipart/form-data; boundary=\"\"", "multipart/mixed; charset=utf-8"})
    void aMissingBoundaryIsABadRequestWithADetail(String contentType) {
        HttpResponse<String> response = http.postBytes("/api/v1/complaints", contentType,
                "{}".getBytes(StandardCharsets.UTF_8));

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(new JsonObject(response.body()).getString("detail")).contains("boundary");
    }

    /**
     * Netty's multipart decoder reads the boundary from the first of the first two parameters whose name starts with
     * "boundary", and throws on an empty value (StringIndexOutOfBoundsException) or a missing one.
     * A usable boundary= elsewhere in the header must not let such a parameter through.
     */
    @ParameterizedTest
    @ValueSource(strings = {"multipart/form-data; boundaryX=; boundary=abc", "multipart/form-data; boundaryX; boundary=abc",
            "multipart/form-data; BOUNDARY2=\"\"; boundary=abc", "multipart/form-data; charset=utf-8; boundary-x=; boundary=abc",
            "multipart/form-data; boundary=\"; boundary=abc",
            "multipart/form-data; ; boundary=abc", "multipart/form-data;   ;\tboundary=\"abc\""})
    void aParameterTheDecoderWouldTakeForTheBoundaryMustBeTheBoundary(String contentType) {
        HttpResponse<String> response = http.postBytes("/api/v1/complaints", contentType,
                "--abc\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n1\r\n--abc--\r\n".getBytes(StandardCharsets.UTF_8));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
    }

    @ParameterizedTest
    @ValueSource(strings = {"multipart/form-data; boundary=abc", "multipart/form-data; charset=utf-8; boundary=\"abc\"",
            "Multipart/Form-Data;boundary=abc;charset=utf-8"})
    void aUsableBoundaryGoesThrough(String contentType) {
        HttpResponse<String> response = http.postBytes("/api/v1/complaints", contentType,
                "--abc\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n1\r\n--abc--\r\n".getBytes(StandardCharsets.UTF_8));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(415);
    }
}
