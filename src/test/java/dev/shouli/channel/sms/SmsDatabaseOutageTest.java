package dev.shouli.channel.sms;

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
 * A provider is never told "accepted" for an SMS that is not committed: with the database down the push is
 * refused with 503 (Aliyun and Twilio then deliver again), and the redelivery after recovery goes in.
 */
class SmsDatabaseOutageTest {

    private static final String TOKEN = "aliyun-push-token-0123456789";

    @Test
    void pushIsRefusedWhileTheDatabaseIsDownAndTakenInWhenItIsDeliveredAgain(@TempDir Path dir) throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Path data = dir.resolve("postgres");
        EmbeddedDatabase database = EmbeddedDatabase.start(data, port, false);
        DatabaseEndpoint endpoint = database.endpoint();
        Gateway gateway = TestGateway.start(endpoint, Map.of("SHOULI_ALIYUN_TOKEN", TOKEN), Clock.systemUTC());
        try {
            Http http = new Http(gateway.port());
            byte[] push = new JsonArray().add(new JsonObject().put("phone_number", "13800138000")
                    .put("content", "停电一整天没人管").put("sequence_id", 77)).encode().getBytes(StandardCharsets.UTF_8);

            database.close();
            HttpResponse<String> refused = http.postBytes("/intake/sms/aliyun?token=" + TOKEN, "application/json",
                    push);
            assertThat(refused.statusCode()).isEqualTo(503);
            assertThat(refused.body()).doesNotContain("接收成功");

            database = EmbeddedDatabase.start(data, port, false);
            HttpResponse<String> again = http.postBytes("/intake/sms/aliyun?token=" + TOKEN, "application/json",
                    push);
            assertThat(again.statusCode()).isEqualTo(200);
            assertThat(new JsonObject(again.body()).getInteger("code")).isZero();
            assertThat(TestDatabase.queryLong(endpoint,
                    "SELECT count(*) FROM complaint_case WHERE complainant_phone = '+8613800138000'")).isEqualTo(1);
        } finally {
            TestGateway.stop(gateway);
            database.close();
        }
    }
}
