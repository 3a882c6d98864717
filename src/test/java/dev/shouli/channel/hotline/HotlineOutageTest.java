package dev.shouli.channel.hotline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shouli.Gateway;
import dev.shouli.core.db.DatabaseEndpoint;
import dev.shouli.core.db.EmbeddedDatabase;
import dev.shouli.support.Http;
import dev.shouli.support.TestDatabase;
import dev.shouli.support.TestGateway;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * With the database down, a platform and a GeoReport client are told to retry (503 + Retry-After), never
 * "accepted"; their retries after recovery land exactly once.
 */
class HotlineOutageTest {

    private static final String SECRET = "city-secret-0123456789";
    private static final String KEY = "open311-test-key-0123456789";

    private static HttpResponse<String> postTicket(Http http, JsonObject order) {
        byte[] body = order.encode().getBytes(StandardCharsets.UTF_8);
        long ts = Clock.systemUTC().instant().getEpochSecond();
        return http.postBytes("/intake/hotline/city12345", "application/json", body,
                HotlineSignature.TIMESTAMP_HEADER, String.valueOf(ts),
                HotlineSignature.SIGNATURE_HEADER, HotlineSignature.sign(SECRET, ts, body));
    }

    private static HttpResponse<String> postOpen311(Http http) {
        return http.postBytes("/open311/v2/requests.json", "application/x-www-form-urlencoded",
                ("api_key=" + KEY + "&service_code=road-damage&address_string=%E4%BA%BA%E6%B0%91%E8%B7%AF")
                        .getBytes(StandardCharsets.UTF_8), "Idempotency-Key", "outage-1");
    }

    @Test
    void whileTheDatabaseIsDownTicketsAndRequestsAreRefusedWith503AndTheirRetriesLandOnce(@TempDir Path dir)
            throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Path data = dir.resolve("postgres");
        EmbeddedDatabase database = EmbeddedDatabase.start(data, port, false);
        DatabaseEndpoint endpoint = database.endpoint();
        Gateway gateway = TestGateway.start(endpoint, Map.of("SHOULI_HOTLINE_CITY12345_SECRET", SECRET,
                "SHOULI_OPEN311_API_KEYS", "client:" + KEY), Clock.systemUTC());
        try {
            Http http = new Http(gateway.port());
            JsonObject order = HotlineTestBase.workOrder("GD-OUTAGE-1");
            JsonObject urge = new JsonObject().put("ticketNumber", "GD-OUTAGE-1").put("messageKind", "urge")
                    .put("reason", "催办");
            String reference = new JsonObject(postTicket(http, order).body()).getString("reference");

            database.close();
            HttpResponse<String> refusedUrge = postTicket(http, urge);
            HttpResponse<String> refusedRequest = postOpen311(http);

            assertThat(refusedUrge.statusCode()).isEqualTo(503);
            assertThat(refusedUrge.headers().firstValue("Retry-After")).isPresent();
            assertThat(refusedRequest.statusCode()).isEqualTo(503);
            assertThat(new JsonArray(refusedRequest.body()).getJsonObject(0).getInteger("code")).isEqualTo(503);

            database = EmbeddedDatabase.start(data, port, false);
            JsonObject appended = new JsonObject(postTicket(http, urge).body());
            HttpResponse<String> created = postOpen311(http);
            HttpResponse<String> again = postOpen311(http);

            assertThat(appended.getString("outcome")).isEqualTo("appended");
            assertThat(appended.getString("reference")).isEqualTo(reference);
            assertThat(created.statusCode()).isEqualTo(200);
            assertThat(again.body()).isEqualTo(created.body());
            assertThat(TestDatabase.queryLong(endpoint, "SELECT count(*) FROM complaint_case")).isEqualTo(2);
        } finally {
            TestGateway.stop(gateway);
            database.close();
        }
    }
}
