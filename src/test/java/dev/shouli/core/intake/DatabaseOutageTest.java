package dev.shouli.core.intake;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shouli.Gateway;
import dev.shouli.core.db.DatabaseEndpoint;
import dev.shouli.core.db.EmbeddedDatabase;
import dev.shouli.support.Complaints;
import dev.shouli.support.Http;
import dev.shouli.support.TestDatabase;
import dev.shouli.support.TestGateway;
import io.vertx.core.json.JsonObject;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * With the database down, intake refuses the way sources retry by themselves (503 + Retry-After) and
 * writes nothing; once it is back, intake works again and everything committed before is still there.
 */
class DatabaseOutageTest {

    @Test
    void refusesWith503WhileTheDatabaseIsDownAndRecoversWithDataIntact(@TempDir Path dir) throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Path data = dir.resolve("postgres");
        EmbeddedDatabase database = EmbeddedDatabase.start(data, port, false);
        DatabaseEndpoint endpoint = database.endpoint();
        Gateway gateway = TestGateway.start(endpoint);
        try {
            Http http = new Http(gateway.port());
            String before = new JsonObject(http.postJson("/api/v1/complaints",
                    Complaints.airConditioner().encode()).body()).getString("reference");

            database.close();
            HttpResponse<String> refused = http.postJson("/api/v1/complaints", Complaints.traditional().encode(),
                    "Idempotency-Key", "during-outage");
            HttpResponse<String> notReady = http.get("/health/ready");

            assertThat(refused.statusCode()).isEqualTo(503);
            assertThat(refused.headers().firstValue("Retry-After")).hasValue("30");
            assertThat(new JsonObject(refused.body()).getString("detail")).contains("nothing was stored");
            assertThat(notReady.statusCode()).isEqualTo(503);

            database = EmbeddedDatabase.start(data, port, false);
            HttpResponse<String> retried = http.postJson("/api/v1/complaints", Complaints.traditional().encode(),
                    "Idempotency-Key", "during-outage");

            assertThat(retried.statusCode()).isEqualTo(201);
            assertThat(http.deskJson("/api/v1/cases/" + before).getString("reference")).isEqualTo(before);
            assertThat(TestDatabase.queryLong(endpoint, "SELECT count(*) FROM complaint_case")).isEqualTo(2);
            assertThat(TestDatabase.queryLong(endpoint, "SELECT count(*) FROM submission")).isEqualTo(2);
            assertThat(Files.exists(data.resolve("PG_VERSION"))).isTrue();
        } finally {
            TestGateway.stop(gateway);
            database.close();
        }
    }
}
