package dev.shouli.core.sla;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shouli.Gateway;
import dev.shouli.support.Complaints;
import dev.shouli.support.Http;
import dev.shouli.support.TestDatabase;
import dev.shouli.support.TestGateway;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A case taken in on the eve of Spring Festival gets its deadlines stored and shown with business time left. */
class SlaIntakeTest {

    /** Friday 2026-02-13 17:00 in Shanghai. */
    private static final Instant NOW = Instant.parse("2026-02-13T09:00:00Z");
    private static Gateway gateway;
    private static Http http;
    private static JsonObject sla;

    @BeforeAll
    static void start() {
        // A mailer, so the receipt is queued with a running deadline (without one it is recorded unsent and its
        // deadline cancelled at once); the outbox sleeps, so nothing is sent to it.
        gateway = TestGateway.start(TestDatabase.freshDatabase(), Map.of("SHOULI_MAILER_HOST", "127.0.0.1",
                "SHOULI_MAILER_PORT", "9", "SHOULI_OUTBOX_POLL_INTERVAL", "1h"), Clock.fixed(NOW, ZoneOffset.UTC));
        http = new Http(gateway.port());
        String reference = new JsonObject(http.postJson("/api/v1/complaints", Complaints.airConditioner().encode())
                .body()).getString("reference");
        sla = http.deskJson("/api/v1/cases/" + reference).getJsonObject("sla");
    }

    @AfterAll
    static void stop() {
        TestGateway.stop(gateway);
    }

    private static JsonObject deadline(String kind) {
        JsonArray all = sla.getJsonArray("deadlines");
        for (int i = 0; i < all.size(); i++) {
            if (kind.equals(all.getJsonObject(i).getString("kind"))) {
                return all.getJsonObject(i);
            }
        }
        throw new AssertionError("no " + kind + " deadline in " + sla.encodePrettily());
    }

    @Test
    void everyPolicyDeadlineIsStoredOnTime() {
        assertThat(sla.getJsonArray("deadlines")).hasSize(4);
        assertThat(deadline("receipt").getString("state")).isEqualTo("on_time");
        assertThat(deadline("resolution").getString("state")).isEqualTo("on_time");
    }

    @Test
    void theFirstResponseIsDueAtTheCloseOfTheMakeUpSaturday() {
        assertThat(deadline("first_response").getString("dueAt")).isEqualTo("2026-02-14T10:00:00Z");
        assertThat(sla.getString("firstResponseDueAt")).isEqualTo("2026-02-14T10:00:00Z");
    }

    @Test
    void theRemainingBusinessTimeCountsOnlyWorkingHours() {
        // Friday 17:00-18:00 plus the make-up Saturday's 7.5 hours.
        assertThat(deadline("first_response").getLong("remainingBusinessSeconds")).isEqualTo(8 * 3600 + 1800);
        assertThat(deadline("first_response").getString("remaining")).isEqualTo("PT8H30M");
    }
}
