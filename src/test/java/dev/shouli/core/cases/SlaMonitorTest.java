package dev.shouli.core.cases;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shouli.Gateway;
import dev.shouli.core.db.DatabaseEndpoint;
import dev.shouli.core.outbox.OutboxStore;
import dev.shouli.core.sla.SlaConfig;
import dev.shouli.core.sla.SlaStore;
import dev.shouli.support.Complaints;
import dev.shouli.support.Http;
import dev.shouli.support.MutableClock;
import dev.shouli.support.TestDatabase;
import dev.shouli.support.TestGateway;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Deadline states over (travelled) time, and escalation exactly once with two gateway instances. */
class SlaMonitorTest {

    private static final MutableClock CLOCK = new MutableClock(Instant.parse("2026-03-10T02:00:00Z"));
    private static final Map<String, String> ENV = Map.of(
            "SHOULI_SLA_SUPERVISORS", "supervisor@example.com, duty@example.com",
            // The tests sweep by hand; the background sweeps only add contention.
            "SHOULI_SLA_MONITOR_INTERVAL", "1h",
            // Receipts are settled by hand too. A mailer that is never reached (the outbox sleeps), so receipts are
            // queued with running deadlines: without one they are recorded unsent and their deadlines cancelled.
            "SHOULI_OUTBOX_POLL_INTERVAL", "1h",
            "SHOULI_MAILER_HOST", "127.0.0.1",
            "SHOULI_MAILER_PORT", "9");
    private static Gateway first;
    private static Gateway second;
    private static Http http;
    private static SlaMonitor monitorOne;
    private static SlaMonitor monitorTwo;

    @BeforeAll
    static void start() {
        DatabaseEndpoint db = TestDatabase.freshDatabase();
        first = TestGateway.start(db, ENV, CLOCK);
        second = TestGateway.start(db, ENV, CLOCK);
        http = new Http(first.port());
        SlaConfig sla = TestGateway.config(ENV).sla();
        SlaMonitor.Settings settings = new SlaMonitor.Settings(Duration.ofHours(1), 3, sla.supervisors());
        monitorOne = new SlaMonitor(first.pool(), new SlaStore(), sla.calendars(), settings, CLOCK);
        monitorTwo = new SlaMonitor(second.pool(), new SlaStore(), sla.calendars(), settings, CLOCK);
    }

    @AfterAll
    static void stop() {
        TestGateway.stop(first);
        TestGateway.stop(second);
    }

    private static Instant at(String local) {
        return LocalDateTime.parse(local).atZone(ZoneId.of("Asia/Shanghai")).toInstant();
    }

    private static void travelTo(String local) {
        CLOCK.advance(Duration.between(CLOCK.instant(), at(local)));
    }

    private static <T> T await(Future<T> future) {
        try {
            return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** Sweeps until nothing is left to change (the batch is small on purpose). */
    private static void sweepAll() {
        while (await(monitorOne.sweep()) > 0) {
            // keep going
        }
    }

    private static String newCase() {
        return new JsonObject(http.postJson("/api/v1/complaints", Complaints.airConditioner().encode()).body())
                .getString("reference");
    }

    private static HttpResponse<String> act(String reference, String action, JsonObject body) {
        return http.send(http.request("/api/v1/cases/" + reference + "/" + action)
                .header("Authorization", "Bearer " + TestGateway.DESK_TOKEN)
                .POST(HttpRequest.BodyPublishers.ofString(body == null ? "" : body.encode())).build());
    }

    private static JsonObject deadline(String reference, String kind) {
        JsonArray all = http.deskJson("/api/v1/cases/" + reference).getJsonObject("sla").getJsonArray("deadlines");
        for (int i = 0; i < all.size(); i++) {
            if (kind.equals(all.getJsonObject(i).getString("kind"))) {
                return all.getJsonObject(i);
            }
        }
        throw new AssertionError("no " + kind + " deadline");
    }

    private static List<JsonObject> history(String reference, String kind) {
        JsonArray all = http.deskJson("/api/v1/cases/" + reference).getJsonArray("history");
        List<JsonObject> out = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
            if (kind.equals(all.getJsonObject(i).getString("kind"))) {
                out.add(all.getJsonObject(i));
            }
        }
        return out;
    }

    private static List<Row> notices(String reference) {
        return await(first.pool().preparedQuery("""
                        SELECT o.* FROM outbox o JOIN complaint_case c ON c.id = o.case_id
                         WHERE c.reference = $1 AND o.kind = 'notice' AND o.channel = 'email' ORDER BY o.id""")
                .execute(Tuple.of(reference)).map(rows -> {
                    List<Row> out = new ArrayList<>();
                    rows.forEach(out::add);
                    return out;
                }));
    }

    @Test
    void aDeadlineStaysOnTimeUntilTheWarningShareIsUsed() {
        travelTo("2026-03-10T10:00");
        String reference = newCase();
        // First response due Wednesday 18:00: 14 business hours; 80 % is used at Wednesday 15:12.
        travelTo("2026-03-11T15:11");
        sweepAll();
        assertThat(deadline(reference, "first_response").getString("state")).isEqualTo("on_time");

        travelTo("2026-03-11T15:12");
        sweepAll();

        JsonObject firstResponse = deadline(reference, "first_response");
        assertThat(firstResponse.getString("state")).isEqualTo("warning");
        assertThat(firstResponse.getString("warnedAt")).isEqualTo(at("2026-03-11T15:12").toString());
        assertThat(history(reference, "sla.warning")).extracting(e -> e.getJsonObject("detail").getString("deadline"))
                .contains("first_response");
    }

    @Test
    void aDeadlineIsBreachedAtItsDueTimeAndEscalatedWithA催办RecordAndASupervisorEmail() {
        travelTo("2026-03-10T10:00");
        String reference = newCase();
        travelTo("2026-03-11T17:59");
        sweepAll();
        assertThat(deadline(reference, "first_response").getString("state")).isEqualTo("warning");

        travelTo("2026-03-11T18:00");
        sweepAll();

        assertThat(deadline(reference, "first_response").getString("state")).isEqualTo("breached");
        assertThat(history(reference, "urged")).extracting(e -> e.getJsonObject("detail").getString("deadline"))
                .contains("first_response");
        JsonObject notice = notices(reference).stream().map(r -> r.getJsonObject("payload"))
                .filter(p -> p.getString("subject").contains("first_response")).findFirst().orElseThrow();
        assertThat(notice.getJsonArray("to")).containsExactly("supervisor@example.com", "duty@example.com");
        assertThat(notice.getString("reference")).isEqualTo(reference);
        assertThat(notice.getString("subject")).contains("催办").contains(reference);
        assertThat(notice.getString("text")).contains("2026-03-11 18:00");
    }

    @Test
    void escalationHappensExactlyOnceWithTwoInstancesSweepingAtOnce() {
        travelTo("2026-03-10T10:00");
        List<String> references = List.of(newCase(), newCase(), newCase(), newCase(), newCase());
        travelTo("2026-06-30T10:00");

        List<Future<Integer>> sweeps = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            sweeps.add(monitorOne.sweep());
            sweeps.add(monitorTwo.sweep());
        }
        await(Future.join(sweeps));
        sweepAll();

        for (String reference : references) {
            assertThat(history(reference, "urged")).as("催办 records of " + reference).hasSize(4);
            assertThat(history(reference, "sla.breached")).hasSize(4);
            assertThat(notices(reference)).as("supervisor emails of " + reference).hasSize(4);
        }
    }

    @Test
    void aMetDeadlineIsNeverBreached() {
        travelTo("2026-03-10T10:00");
        String reference = newCase();
        assertThat(act(reference, "acknowledge", null).statusCode()).isEqualTo(200);

        travelTo("2026-03-20T10:00");
        sweepAll();

        assertThat(deadline(reference, "first_response").getString("state")).isEqualTo("met");
        assertThat(history(reference, "urged")).extracting(e -> e.getJsonObject("detail").getString("deadline"))
                .doesNotContain("first_response");
    }

    @Test
    void aPausedDeadlineIsNotBreachedWhileTheDeskWaitsForTheComplainant() {
        travelTo("2026-03-10T10:00");
        String reference = newCase();
        act(reference, "acknowledge", null);
        act(reference, "pause", new JsonObject().put("reason", "等待补充材料"));

        travelTo("2026-05-10T10:00");
        sweepAll();

        assertThat(deadline(reference, "resolution").getString("state")).isEqualTo("paused");
    }

    @Test
    void aBreachedDeadlineCannotBeExtended() {
        travelTo("2026-03-10T10:00");
        String reference = newCase();
        travelTo("2026-03-12T10:00");
        sweepAll();

        HttpResponse<String> response = act(reference, "extend", new JsonObject()
                .put("deadline", "first_response").put("by", "1wd").put("reason", "补办"));

        assertThat(response.statusCode()).isEqualTo(409);
        assertThat(response.body()).contains("already breached");
    }

    @Test
    void anExtensionBeforeTheWarningTakesTheDeadlineBackToOnTime() {
        travelTo("2026-03-10T10:00");
        String reference = newCase();
        travelTo("2026-03-11T16:00");
        sweepAll();
        assertThat(deadline(reference, "first_response").getString("state")).isEqualTo("warning");

        act(reference, "extend", new JsonObject().put("deadline", "first_response").put("by", "2wd")
                .put("reason", "节前人手不足"));

        assertThat(deadline(reference, "first_response").getString("state")).isEqualTo("on_time");
        travelTo("2026-03-12T18:00");
        sweepAll();
        assertThat(deadline(reference, "first_response").getString("state")).isEqualTo("on_time");
    }

    @Test
    void aReceiptThatWentOutMeetsItsDeadline() {
        travelTo("2026-03-10T10:00");
        String reference = newCase();
        long receiptId = await(first.pool().preparedQuery("""
                        SELECT o.id FROM outbox o JOIN complaint_case c ON c.id = o.case_id
                         WHERE c.reference = $1 AND o.kind = 'receipt'""")
                .execute(Tuple.of(reference)).map(rows -> rows.iterator().next().getLong("id")));
        await(new OutboxStore(first.pool()).markSent(receiptId, "250 OK", at("2026-03-10T10:01")));

        sweepAll();

        JsonObject receipt = deadline(reference, "receipt");
        assertThat(receipt.getString("state")).isEqualTo("met");
        assertThat(receipt.getString("metAt")).isEqualTo(at("2026-03-10T10:01").toString());
    }
}
