package dev.shouli.feature.bulk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shouli.Gateway;
import dev.shouli.core.db.DatabaseEndpoint;
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

/**
 * A case whose action fails otherwise than by refusing it is tried a bounded number of times, then given up with
 * the error, and its batch finishes: the other cases are done and the answer lists the failed one.
 */
class BatchAttemptsTest {

    private static DatabaseEndpoint db;
    private static Gateway gateway;
    private static Http http;

    @BeforeAll
    static void start() {
        db = TestDatabase.freshDatabase();
        gateway = TestGateway.start(db, Map.of("SHOULI_DEDUP_ENABLED", "true", "SHOULI_BULK_POLL_INTERVAL", "50ms",
                "SHOULI_BULK_MAX_ATTEMPTS", "3", "SHOULI_BULK_RETRY_DELAY", "100ms"), Clock.systemUTC());
        http = new Http(gateway.port());
    }

    @AfterAll
    static void stop() {
        TestGateway.stop(gateway);
    }

    private static HttpResponse<String> act(long incident, String action, JsonObject body) {
        return http.send(http.request("/api/v1/incidents/" + incident + "/" + action + "?wait=20")
                .header("Authorization", "Bearer " + TestGateway.DESK_TOKEN).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.encode())).build());
    }

    @Test
    void aCaseWhoseActionKeepsFailingIsGivenUpAfterTheLastAttemptAndItsBatchFinishes() {
        Incidents.Made incident = Incidents.make(gateway, http, "好又多超市", 3);
        act(incident.id(), "acknowledge", new JsonObject());
        act(incident.id(), "pause", new JsonObject().put("reason", "等待商家提供进货单据"));
        String broken = incident.references().get(1);
        // Its deadlines were planned on a business calendar the operator has since removed from config/calendars:
        // resuming them cannot work out the paused time, and fails without being the case's refusal.
        TestDatabase.execute(db, "UPDATE sla_deadline SET calendar = 'retired-2025' WHERE case_id = "
                + "(SELECT id FROM complaint_case WHERE reference = '" + broken + "')");

        HttpResponse<String> resumed = act(incident.id(), "resume", new JsonObject());

        assertThat(resumed.statusCode()).as(resumed.body()).isEqualTo(200);
        JsonObject answer = new JsonObject(resumed.body());
        assertThat(answer.getBoolean("finished")).isTrue();
        assertThat(answer.getInteger("done")).isEqualTo(2);
        assertThat(answer.getInteger("failed")).isEqualTo(1);
        assertThat(answer.getInteger("refused")).isZero();
        JsonObject failed = answer.getJsonArray("failedCases").getJsonObject(0);
        assertThat(failed.getString("reference")).isEqualTo(broken);
        assertThat(failed.getInteger("attempts")).isEqualTo(3);
        assertThat(failed.getString("code")).isEqualTo("error");
        assertThat(failed.getString("reason")).isNotBlank();
        JsonObject shown = http.deskJson("/api/v1/batches/" + answer.getLong("batch"));
        assertThat(shown.getJsonArray("failedCases").getJsonObject(0).getString("reference")).isEqualTo(broken);
        assertThat(TestDatabase.queryLong(db, "SELECT count(*) FROM case_event e JOIN complaint_case c"
                + " ON c.id = e.case_id WHERE c.reference = '" + broken + "' AND e.kind = 'resume'")).isZero();
        assertThat(TestDatabase.queryLong(db, "SELECT count(*) FROM case_event e JOIN complaint_case c"
                + " ON c.id = e.case_id WHERE c.reference = '" + incident.references().get(0)
                + "' AND e.kind = 'resume'")).isEqualTo(1);
    }
}
