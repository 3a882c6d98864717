package dev.shouli.feature.bulk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shouli.Gateway;
import dev.shouli.support.Http;
import dev.shouli.support.Incidents;
import dev.shouli.support.TestDatabase;
import dev.shouli.support.TestGateway;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code GET /api/v1/batches/{id}}: a batch's progress for the desk; every other answer is a problem, at once. */
class BatchRoutesTest {

    private static Gateway gateway;
    private static Http http;

    @BeforeAll
    static void start() {
        gateway = TestGateway.start(TestDatabase.freshDatabase(), Map.of("SHOULI_DEDUP_ENABLED", "true",
                "SHOULI_BULK_POLL_INTERVAL", "50ms"), Clock.systemUTC());
        http = new Http(gateway.port());
    }

    @AfterAll
    static void stop() {
        TestGateway.stop(gateway);
    }

    @Test
    void aBatchIsShownWithItsProgress() {
        Incidents.Made incident = Incidents.make(gateway, http, "永辉超市", 2);
        long batch = new JsonObject(http.send(http.request("/api/v1/incidents/" + incident.id()
                        + "/acknowledge?wait=30").header("Authorization", "Bearer " + TestGateway.DESK_TOKEN)
                .POST(HttpRequest.BodyPublishers.noBody()).build()).body()).getLong("batch");

        HttpResponse<String> shown = http.desk("/api/v1/batches/" + batch);

        assertThat(shown.statusCode()).as(shown.body()).isEqualTo(200);
        JsonObject body = new JsonObject(shown.body());
        assertThat(body.getLong("batch")).isEqualTo(batch);
        assertThat(body.getString("origin")).isEqualTo("incident:" + incident.id());
        assertThat(body.getInteger("total")).isEqualTo(2);
        assertThat(body.getInteger("done")).isEqualTo(2);
        assertThat(body.getBoolean("finished")).isTrue();
    }

    @Test
    void anUnknownBatchIs404ProblemJson() {
        HttpResponse<String> shown = http.desk("/api/v1/batches/987654321");

        assertThat(shown.statusCode()).isEqualTo(404);
        assertThat(shown.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(new JsonObject(shown.body()).getString("detail")).isEqualTo("no batch 987654321");
    }

    @Test
    void aBatchIdThatIsNoNumberIs404() {
        HttpResponse<String> shown = http.desk("/api/v1/batches/latest");

        assertThat(shown.statusCode()).isEqualTo(404);
        assertThat(shown.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    }

    @Test
    void withoutADeskTokenABatchIs401() {
        HttpResponse<String> shown = http.get("/api/v1/batches/1");

        assertThat(shown.statusCode()).isEqualTo(401);
    }
}
