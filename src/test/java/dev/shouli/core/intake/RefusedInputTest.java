package dev.shouli.core.intake;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shouli.Gateway;
import dev.shouli.core.db.DatabaseEndpoint;
import dev.shouli.core.domain.Hashes;
import dev.shouli.support.Http;
import dev.shouli.support.TestDatabase;
import dev.shouli.support.TestGateway;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Refused input is kept within bounds — cut, and within a daily quota — and accepted input never is. */
class RefusedInputTest {

    private DatabaseEndpoint db;
    private Gateway gateway;
    private Http http;

    private void start(String keptBytes, String dailyBytes) {
        db = TestDatabase.freshDatabase();
        gateway = TestGateway.start(db, Map.of(
                "SHOULI_INTAKE_REFUSED_KEPT_BYTES", keptBytes,
                "SHOULI_INTAKE_REFUSED_DAILY_BYTES", dailyBytes,
                "SHOULI_HTTP_REFUSED_PER_CLIENT_PER_MINUTE", "0"), Clock.systemUTC());
        http = new Http(gateway.port());
    }

    @AfterEach
    void stop() {
        TestGateway.stop(gateway);
    }

    private static byte[] notJson(int size) {
        byte[] body = new byte[size];
        Arrays.fill(body, (byte) 'x');
        return body;
    }

    @Test
    void aRefusedBodyIsKeptUpToTheCapWithItsFullSizeAndHash() {
        start("1024", "1000000");
        byte[] body = notJson(200_000);

        assertThat(http.postBytes("/api/v1/complaints", "application/json", body).statusCode()).isEqualTo(400);

        assertThat(TestDatabase.queryString(db, "SELECT length(body) || ' ' || (headers->>'x-shouli-body-size') || ' '"
                + " || (headers->>'x-shouli-body-sha256') FROM submission WHERE outcome = 'rejected'"))
                .isEqualTo("1024 200000 " + Hashes.sha256Hex(body));
    }

    @Test
    void pastTheDailyQuotaRefusedInputIsOnlyCounted() {
        start("1024", "3000");
        for (int i = 0; i < 5; i++) {
            assertThat(http.postBytes("/api/v1/complaints", "application/json", notJson(5000 + i)).statusCode())
                    .isEqualTo(400);
        }

        assertThat(TestDatabase.queryLong(db, "SELECT count(*) FROM submission WHERE outcome = 'rejected'"))
                .isEqualTo(2);
        assertThat(http.get("/metrics").body())
                .containsPattern("shouli_refused_input_total\\{channel=\"api\",kept=\"dropped\"} 3\\.0");
    }

    @Test
    void anAcceptedSubmissionLargerThanTheCapIsKeptWhole() {
        start("1024", "3000");
        String json = "{\"description\":\"" + "楼下烧烤店油烟很大，".repeat(400) + "\",\"phone\":\"13800138000\"}";

        assertThat(http.postJson("/api/v1/complaints", json).statusCode()).isEqualTo(201);

        assertThat(TestDatabase.queryLong(db, "SELECT length(body) FROM submission WHERE outcome = 'created'"))
                .isEqualTo(json.getBytes(StandardCharsets.UTF_8).length);
    }
}
