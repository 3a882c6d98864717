package dev.shouli.core.intake;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shouli.Gateway;
import dev.shouli.ShouliConfig;
import dev.shouli.core.db.DatabaseEndpoint;
import dev.shouli.core.domain.ComplaintDraft;
import dev.shouli.core.domain.IntakeOutcome;
import dev.shouli.core.domain.Submission;
import dev.shouli.core.sla.DeadlinePolicy;
import dev.shouli.support.Http;
import dev.shouli.support.TestDatabase;
import dev.shouli.support.TestGateway;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Input that is stored but cannot be normalised is quarantined: kept, visible, never a case, never lost. */
class QuarantineTest {

    private static DatabaseEndpoint db;
    private static Gateway gateway;
    private static IntakeService intake;

    @BeforeAll
    static void start() {
        db = TestDatabase.freshDatabase();
        gateway = TestGateway.start(db);
        ShouliConfig config = TestGateway.config(Map.of());
        PhoneNumbers phones = new PhoneNumbers("CN");
        intake = new IntakeService(gateway.pool(), new IntakeStore(), new Normaliser(phones),
                new DeadlinePolicy(config.sla()), config.intake(), new IntakeMetrics(new SimpleMeterRegistry()),
                new ParseWorkers(gateway.vertx(), 1, Duration.ofSeconds(5)), List.of(), List.of());
    }

    @AfterAll
    static void stop() {
        TestGateway.stop(gateway);
    }

    private static Submission emailWithNothingToActOn(String messageId) {
        return new Submission("email", "smtp", messageId, Instant.now(), "message/rfc822",
                Map.of("Subject", ""), "Subject:\r\n\r\n".getBytes(StandardCharsets.UTF_8));
    }

    private static ComplaintDraft emptyDraft() {
        return new ComplaintDraft(null, " ", "\u0000", null, null, null, null, null, null, null, null, null, null);
    }

    private static IntakeResult submit(Submission s) throws Exception {
        return intake.submit(s, emptyDraft()).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    @Test
    void draftWithNothingToActOnIsQuarantinedAndVisibleToOperators() throws Exception {
        IntakeResult result = submit(emailWithNothingToActOn("<empty-1@example.com>"));

        assertThat(result.outcome()).isEqualTo(IntakeOutcome.QUARANTINED);
        assertThat(result.reference()).isNull();
        assertThat(result.reason()).contains("nothing to act on");
        JsonArray quarantined = new Http(gateway.port())
                .deskJson("/api/v1/submissions?outcome=quarantined").getJsonArray("items");
        JsonObject item = quarantined.stream().map(JsonObject.class::cast)
                .filter(s -> "<empty-1@example.com>".equals(s.getString("externalId"))).findFirst().orElseThrow();
        assertThat(item.getString("channel")).isEqualTo("email");
        assertThat(item.getString("reason")).contains("nothing to act on");
        assertThat(TestDatabase.queryLong(db, "SELECT count(*) FROM complaint_case")).isZero();
    }

    @Test
    void redeliveryOfAQuarantinedSubmissionGetsTheSameAnswerAndStoresNothingNew() throws Exception {
        submit(emailWithNothingToActOn("<empty-2@example.com>"));

        IntakeResult again = submit(emailWithNothingToActOn("<empty-2@example.com>"));

        assertThat(again.outcome()).isEqualTo(IntakeOutcome.QUARANTINED);
        assertThat(again.redelivery()).isTrue();
        assertThat(TestDatabase.queryLong(db,
                "SELECT count(*) FROM submission WHERE external_id = '<empty-2@example.com>'")).isEqualTo(1);
    }

    @Test
    void quarantinedSubmissionKeepsItsRawBytes() throws Exception {
        submit(emailWithNothingToActOn("<empty-3@example.com>"));
        long id = TestDatabase.queryLong(db, "SELECT id FROM submission WHERE external_id = '<empty-3@example.com>'");

        JsonObject stored = new Http(gateway.port()).deskJson("/api/v1/submissions/" + id);

        assertThat(new String(java.util.Base64.getDecoder().decode(stored.getString("bodyBase64")),
                StandardCharsets.UTF_8)).isEqualTo("Subject:\r\n\r\n");
        assertThat(stored.getJsonObject("headers").getString("Subject")).isEmpty();
    }
}
