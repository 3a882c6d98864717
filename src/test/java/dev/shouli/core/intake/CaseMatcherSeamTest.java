package dev.shouli.core.intake;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shouli.Gateway;
import dev.shouli.ShouliConfig;
import dev.shouli.core.db.DatabaseEndpoint;
import dev.shouli.core.domain.AttachmentDraft;
import dev.shouli.core.domain.Complainant;
import dev.shouli.core.domain.ComplaintDraft;
import dev.shouli.core.domain.IntakeOutcome;
import dev.shouli.core.domain.Submission;
import dev.shouli.core.sla.DeadlinePolicy;
import dev.shouli.support.Http;
import dev.shouli.support.TestDatabase;
import dev.shouli.support.TestGateway;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Tuple;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A submission a matcher assigns to an existing case is appended to it, with the reason kept. */
class CaseMatcherSeamTest {

    private static final Pattern REFERENCE = Pattern.compile("TS\\d{8}-\\d{6}[A-Z]");

    private static DatabaseEndpoint db;
    private static Gateway gateway;
    private static IntakeService intake;

    /** Matches a message quoting a case reference — a stand-in for the channel matchers to come. */
    private static final CaseMatcher QUOTED_REFERENCE = (conn, unit, batch) -> {
        Matcher m = REFERENCE.matcher(String.valueOf(unit.complaint().description()));
        if (!m.find()) {
            return Future.succeededFuture(Optional.empty());
        }
        return conn.preparedQuery("SELECT id FROM complaint_case WHERE reference = $1 FOR UPDATE")
                .execute(Tuple.of(m.group()))
                .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(new CaseMatch(
                        rows.iterator().next().getLong("id"), m.group(), IntakeOutcome.APPENDED,
                        new JsonObject().put("rule", "quoted reference").put("reference", m.group()))));
    };

    /** Writes a history entry for every intake, to show hooks run inside the transaction with its outcome. */
    private static final IntakeHook RECORD_EVENT = (conn, event) -> conn
            .preparedQuery("INSERT INTO case_event (case_id, at, actor, kind) VALUES ($1, now(), 'test-hook', $2)")
            .execute(Tuple.of(event.caseId(), "hook:" + event.outcome().code()))
            .mapEmpty();

    @BeforeAll
    static void start() {
        db = TestDatabase.freshDatabase();
        gateway = TestGateway.start(db);
        ShouliConfig config = TestGateway.config(Map.of());
        intake = new IntakeService(gateway.pool(), new IntakeStore(), new Normaliser(new PhoneNumbers("CN")),
                new DeadlinePolicy(config.sla()), config.intake(), new IntakeMetrics(new SimpleMeterRegistry()),
                new ParseWorkers(gateway.vertx(), 1, Duration.ofSeconds(5)), List.of(QUOTED_REFERENCE), List.of(RECORD_EVENT));
    }

    @AfterAll
    static void stop() {
        TestGateway.stop(gateway);
    }

    private static IntakeResult submit(String id, String text, List<AttachmentDraft> attachments) throws Exception {
        Submission s = new Submission("sms", "http", id, Instant.now(), "text/plain", Map.of(),
                text.getBytes(StandardCharsets.UTF_8));
        ComplaintDraft d = new ComplaintDraft(null, null, text, null, null,
                new Complainant(null, "13800138000", null, null, null, false), null, null, null, null, null, null,
                attachments);
        return intake.submit(s, d).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    @Test
    void matchedSubmissionIsAppendedToTheExistingCaseWithItsReasonAndEvidence() throws Exception {
        IntakeResult first = submit("m-1", "楼下餐馆油烟太大，熏得家里没法开窗", List.of());

        IntakeResult followUp = submit("m-2", "补充：" + first.reference() + " 今天晚上又开始了，附照片",
                List.of(new AttachmentDraft("油烟.jpg", "image/jpeg", new byte[] {1, 2, 3})));

        assertThat(followUp.outcome()).isEqualTo(IntakeOutcome.APPENDED);
        assertThat(followUp.reference()).isEqualTo(first.reference());
        assertThat(followUp.reason()).isEqualTo("quoted reference");
        JsonObject stored = new Http(gateway.port()).deskJson("/api/v1/cases/" + first.reference());
        assertThat(stored.getJsonArray("submissions").stream().map(s -> ((JsonObject) s).getString("role")))
                .containsExactly("origin", "follow_up");
        assertThat(stored.getJsonArray("attachments")).hasSize(1);
        JsonArray history = stored.getJsonArray("history");
        assertThat(history.stream().map(e -> ((JsonObject) e).getString("kind")))
                .containsExactly("received", "hook:created", "appended", "hook:appended");
        assertThat(history.getJsonObject(2).getJsonObject("detail").getString("reference")).isEqualTo(first.reference());
    }

    @Test
    void appendedSubmissionMakesNoNewCaseAndNoSecondReceipt() throws Exception {
        IntakeResult first = submit("m-3", "小区路灯坏了一个月", List.of());
        long cases = TestDatabase.queryLong(db, "SELECT count(*) FROM complaint_case");

        submit("m-4", "还没修 " + first.reference(), List.of());

        assertThat(TestDatabase.queryLong(db, "SELECT count(*) FROM complaint_case")).isEqualTo(cases);
        assertThat(TestDatabase.queryLong(db, "SELECT count(*) FROM outbox o JOIN complaint_case c ON c.id = o.case_id "
                + "WHERE c.reference = '" + first.reference() + "'")).isEqualTo(1);
    }

    @Test
    void noMatchMakesANewCase() throws Exception {
        IntakeResult result = submit("m-5", "噪音扰民，凌晨两点还在施工", List.of());

        assertThat(result.outcome()).isEqualTo(IntakeOutcome.CREATED);
    }
}
