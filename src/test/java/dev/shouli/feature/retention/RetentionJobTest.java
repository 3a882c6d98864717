package dev.shouli.feature.retention;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shouli.Gateway;
import dev.shouli.ShouliConfig;
import dev.shouli.core.cases.PersonalData;
import dev.shouli.core.db.DatabaseEndpoint;
import dev.shouli.feature.console.ConsoleClient;
import dev.shouli.support.Complaints;
import dev.shouli.support.Http;
import dev.shouli.support.MutableClock;
import dev.shouli.support.TestDatabase;
import dev.shouli.support.TestGateway;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.jsoup.Jsoup;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The retention job against a real PostgreSQL, driven by a moved clock across months and retention ages. */
class RetentionJobTest {

    private static final String PASSWORD = "correct horse battery staple";

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-28T10:00:00Z"));
    private DatabaseEndpoint db;
    private Gateway gateway;
    private Http http;
    private ShouliConfig config;

    @BeforeEach
    void start() {
        db = TestDatabase.freshDatabase();
        Map<String, String> env = Map.of("SHOULI_RETENTION_BATCH_SIZE", "2", "SHOULI_RETENTION_PARTITIONS_AHEAD", "1",
                "SHOULI_RETENTION_VERBATIM_SUBMISSIONS_BY_CHANNEL", "api=400d", "SHOULI_BULK_POLL_INTERVAL", "50ms",
                "SHOULI_CONSOLE_BOOTSTRAP_USER", "lina:supervisor",
                "SHOULI_CONSOLE_BOOTSTRAP_PASSWORD", PASSWORD);
        config = TestGateway.config(env);
        gateway = TestGateway.start(db, config, clock);
        http = new Http(gateway.port());
    }

    @AfterEach
    void stop() {
        TestGateway.stop(gateway);
    }

    private RetentionJob job() {
        return new RetentionJob(store(), config.section(RetentionConfig.class), clock);
    }

    private static <T> T await(Future<T> f) throws Exception {
        return f.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    private long count(String sql) {
        return TestDatabase.queryLong(db, sql);
    }

    private String submit() {
        HttpResponse<String> r = http.postJson("/api/v1/complaints", Complaints.airConditioner().encode());
        assertThat(r.statusCode()).isEqualTo(201);
        return new JsonObject(r.body()).getString("reference");
    }

    @Test
    void partitionsAreCreatedAheadAcrossAMonthBoundaryAndRowsLeaveTheDefaultPartition() throws Exception {
        // The clock is ahead of the database's own month: this history lands in the DEFAULT partition first.
        clock.advance(Duration.ofDays(70));
        submit();
        assertThat(count("SELECT count(*) FROM case_event_default")).isEqualTo(1);

        await(job().runIfDue());
        List<String> partitions = await(store().partitions());
        assertThat(partitions).contains("case_event_2027_02", "case_event_2027_03");
        assertThat(count("SELECT count(*) FROM case_event_default")).isZero();
        assertThat(count("SELECT count(*) FROM case_event_2027_02")).isEqualTo(1);

        // Into the next month: the month after it is made before anything is written there.
        clock.advance(Duration.ofDays(30));
        await(job().runIfDue());
        assertThat(await(store().partitions())).contains("case_event_2027_04");
    }

    @Test
    void theJobRunsOnceASlotHoweverManyInstancesTry() throws Exception {
        JsonObject first = await(job().runIfDue());
        JsonObject second = await(job().runIfDue());

        assertThat(first).isNotNull();
        assertThat(second).as("another instance in the same slot does nothing").isNull();
        assertThat(count("SELECT count(*) FROM retention_run WHERE finished_at IS NOT NULL")).isEqualTo(1);
        clock.advance(Duration.ofHours(1));
        assertThat(await(job().runIfDue())).as("the next slot runs again").isNotNull();
    }

    @Test
    void refusedInputGoesAfterThirtyDaysAndVerbatimBodiesAreBlankedAfterTheirChannelsAge() throws Exception {
        String reference = submit();
        assertThat(http.postJson("/api/v1/complaints", "{\"kind\": \"nonsense\"").statusCode()).isEqualTo(400);
        assertThat(http.postJson("/api/v1/complaints", "{\"description\": 5}").statusCode()).isEqualTo(422);
        assertThat(count("SELECT count(*) FROM submission WHERE outcome = 'rejected'")).isEqualTo(2);

        clock.advance(Duration.ofDays(29));
        await(job().runIfDue());
        assertThat(count("SELECT count(*) FROM submission WHERE outcome = 'rejected'")).isEqualTo(2);

        clock.advance(Duration.ofDays(2));
        JsonObject done = await(job().runIfDue());
        assertThat(done.getInteger("refusedSubmissionsDeleted")).isEqualTo(2);
        assertThat(count("SELECT count(*) FROM submission WHERE outcome = 'rejected'")).isZero();

        // The API channel keeps bodies 400 days (SHOULI_RETENTION_VERBATIM_SUBMISSIONS_BY_CHANNEL), not 365.
        clock.advance(Duration.ofDays(366 - 31));
        await(job().runIfDue());
        assertThat(count("SELECT length(body) FROM submission WHERE outcome = 'created'")).isPositive();
        clock.advance(Duration.ofDays(40));
        await(job().runIfDue());
        assertThat(count("SELECT length(body) FROM submission WHERE outcome = 'created'")).isZero();
        assertThat(count("SELECT count(*) FROM submission WHERE outcome = 'created' AND body_sha256 <> ''"))
                .as("the row, its hash and its redelivery key stay").isEqualTo(1);
        assertThat(http.deskJson("/api/v1/cases/" + reference).getString("description"))
                .as("an open case keeps its record").isNotNull();
    }

    @Test
    void closedCasesAreAnonymisedAfterTheirAgeAndTheirMonthOfHistoryIsThenDropped() throws Exception {
        String reference = submit();
        TestDatabase.execute(db, "UPDATE complaint_case SET status = 'closed' WHERE reference = '" + reference + "'");
        await(job().runIfDue());
        String month = "case_event_2026_11";
        assertThat(await(store().partitions())).contains(month);

        clock.advance(Duration.ofDays(3 * 365 + 40));
        JsonObject done = await(job().runIfDue());

        assertThat(done.getInteger("casesAnonymised")).isEqualTo(1);
        JsonObject erased = http.deskJson("/api/v1/cases/" + reference);
        assertThat(erased.getString("description")).isNull();
        assertThat(erased.getJsonObject("complainant").getBoolean("erased")).isTrue();
        assertThat(erased.getString("kind")).as("the skeleton stays").isEqualTo("complaint");
        assertThat(done.getJsonArray("partitionsDropped")).contains(month);
        assertThat(await(store().partitions())).doesNotContain(month);
    }

    @Test
    void aMonthStillHoldingALiveCasesHistoryIsKept() throws Exception {
        submit();
        await(job().runIfDue());
        clock.advance(Duration.ofDays(3 * 365 + 40));
        JsonObject done = await(job().runIfDue());

        assertThat(done.getJsonArray("partitionsDropped")).doesNotContain("case_event_2026_11");
        assertThat(await(store().partitions())).contains("case_event_2026_11");
    }

    @Test
    void finishedBatchesGoWithTheirTextsAfterTheOutboxesTime() throws Exception {
        String one = submit();
        String two = submit();
        ConsoleClient lina = new ConsoleClient(gateway.port());
        assertThat(lina.signIn("lina", PASSWORD).statusCode()).isEqualTo(303);
        HttpResponse<String> confirm = lina.postMulti("/desk/bulk", List.of(Map.entry("_csrf",
                lina.csrfOf("/desk/cases")), Map.entry("action", "note"), Map.entry("scope", "selected"),
                Map.entry("filter", ""), Map.entry("ref", one), Map.entry("ref", two)));
        Map<String, List<String>> fields = ConsoleClient.form(Jsoup.parse(confirm.body()),
                "form[action=/desk/bulk/start]");
        fields.put("publicNote", List.of("已转交市场监管所，请保持电话畅通。"));
        assertThat(lina.postMulti("/desk/bulk/start", ConsoleClient.flatten(fields)).statusCode()).isEqualTo(303);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (count("SELECT count(*) FROM case_batch_item WHERE state = 'done'") < 2 && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(count("SELECT count(*) FROM case_batch_item WHERE state = 'done'")).isEqualTo(2);

        clock.advance(Duration.ofDays(89));
        await(job().runIfDue());
        assertThat(count("SELECT count(*) FROM case_batch")).as("kept as long as outbox items").isEqualTo(1);
        clock.advance(Duration.ofDays(2));
        JsonObject done = await(job().runIfDue());

        assertThat(done.getInteger("finishedWorkDeleted")).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM case_batch")).isZero();
        assertThat(count("SELECT count(*) FROM case_batch_item")).isZero();
    }

    /** The retention store as the module builds it: every module erases its own part. */
    private RetentionStore store() {
        return new RetentionStore(gateway.pool(), new Anonymiser(() -> gateway.services(PersonalData.class)));
    }
}
