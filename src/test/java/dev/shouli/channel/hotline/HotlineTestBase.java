package dev.shouli.channel.hotline;

import dev.shouli.Gateway;
import dev.shouli.ShouliConfig;
import dev.shouli.core.db.DatabaseEndpoint;
import dev.shouli.core.outbox.Backoff;
import dev.shouli.core.outbox.OutboxStore;
import dev.shouli.core.outbox.OutboxWorker;
import dev.shouli.support.Http;
import dev.shouli.support.MutableClock;
import dev.shouli.support.TestDatabase;
import dev.shouli.support.TestGateway;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/**
 * One gateway for a test class, three hotline sources (default schema with automatic sign-for, a mapped
 * schema signing on acknowledge, one locked to an address we never post from) and a fake platform
 * receiving their callbacks. The gateway's own outbox worker is idle; tests drive {@link #worker} by hand.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class HotlineTestBase {

    static final String SECRET = "city-secret-0123456789";
    static final String MAPPED_SECRET = "mapped-secret-0123456789";
    private static final AtomicInteger TICKETS = new AtomicInteger();

    final MutableClock clock = new MutableClock(Instant.parse("2026-11-25T02:00:00Z"));
    DatabaseEndpoint db;
    Gateway gateway;
    Http http;
    FakePlatform platform;
    FakePlatform mappedPlatform;
    OutboxWorker worker;
    dev.shouli.channel.hotline.HotlineConfig hotlineConfig;

    @BeforeAll
    void startGateway() throws Exception {
        db = TestDatabase.freshDatabase();
        platform = new FakePlatform(SECRET, clock);
        mappedPlatform = new FakePlatform(MAPPED_SECRET, clock);
        Path file = Files.createTempFile("shouli-hotline", ".yaml");
        Files.writeString(file, """
                hotline:
                  sources:
                    - name: city12345
                      callbackUrl: "%s"
                      signFor: automatic
                    - name: mapped
                      callbackUrl: "%s"
                      signFor: on-acknowledge
                      fields:
                        ticketNumber: workordercode
                        messageKind: msgtype
                        type: appealtype
                        categoryCode: classcode
                        content: workordercontent
                        demand: appealcontent
                        incidentAddress: place
                        replyDeadline: processlimited
                        signForDeadline: signlimited
                        dispatchTime: dispatchtime
                        caller.name: caller.xm
                        caller.phone: caller.lxdh
                        caller.confidential: sfbm
                        respondent.organisation: bfyr
                        verdict: hfjg
                        comment: hfyj
                        reopen: sfcxjb
                      values:
                        type: {"1": 咨询, "3": 投诉}
                        messageKind: {"0": new, "2": urge, "9": evaluation}
                        verdict: {"1": 满意, "2": 基本满意, "3": 不满意}
                    - name: locked
                      allowedIps: ["10.9.9.9"]
                """.formatted(platform.callbackUrl(), mappedPlatform.callbackUrl()), StandardCharsets.UTF_8);
        ShouliConfig config = TestGateway.config(file, Map.of(
                "SHOULI_HOTLINE_CITY12345_SECRET", SECRET,
                "SHOULI_HOTLINE_MAPPED_SECRET", MAPPED_SECRET,
                "SHOULI_HOTLINE_LOCKED_SECRET", SECRET,
                "SHOULI_OUTBOX_POLL_INTERVAL", "1h"));
        hotlineConfig = config.section(HotlineConfig.class);
        gateway = TestGateway.start(db, config, clock);
        http = new Http(gateway.port());
        worker = new OutboxWorker(new OutboxStore(gateway.pool()),
                HotlineCallbackHandler.forSources(gateway.vertx(), config.section(HotlineConfig.class), clock),
                new OutboxWorker.Settings(Duration.ofHours(1), 20, Duration.ofMinutes(2),
                        new Backoff(Duration.ofSeconds(5), Duration.ofMinutes(15)), Duration.ofHours(48)), clock);
        await(gateway.vertx().deployVerticle(worker));
    }

    @AfterAll
    void stopGateway() {
        TestGateway.stop(gateway);
        platform.close();
        mappedPlatform.close();
    }

    static <T> T await(Future<T> future) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    static String newTicketNumber() {
        return "GD2026112500" + String.format("%03d", TICKETS.incrementAndGet());
    }

    /** A new work order in the default schema, as the city platform sends it. */
    static JsonObject workOrder(String ticket) {
        return new JsonObject()
                .put("ticketNumber", ticket)
                .put("messageKind", "new")
                .put("type", "投诉")
                .put("categoryCode", "030102")
                .put("urgency", "紧急")
                .put("callTime", "2026-11-25 09:12:00")
                .put("dispatchTime", "2026-11-25T09:40:00+08:00")
                .put("signForDeadline", "2026-11-26T09:40:00+08:00")
                .put("replyDeadline", "2026-12-02T18:00:00+08:00")
                .put("caller", new JsonObject().put("name", "王小明").put("phone", "13800138000")
                        .put("confidential", false))
                .put("respondent", new JsonObject().put("organisation", "某某超市（人民路店）")
                        .put("address", "人民路88号"))
                .put("incidentAddress", "人民路88号")
                .put("incidentTime", "2026-11-24T19:00:00+08:00")
                .put("content", "来电人反映在某某超市购买的牛奶已过期，要求退款并赔偿。")
                .put("demand", "退款299元并道歉");
    }

    HttpResponse<String> post(String source, String secret, JsonObject body) {
        return postRaw(source, secret, body.encode().getBytes(StandardCharsets.UTF_8), clock.instant().getEpochSecond());
    }

    HttpResponse<String> postRaw(String source, String secret, byte[] body, long timestamp) {
        return http.postBytes("/intake/hotline/" + source, "application/json", body,
                HotlineSignature.TIMESTAMP_HEADER, String.valueOf(timestamp),
                HotlineSignature.SIGNATURE_HEADER, "sha256=" + HotlineSignature.sign(secret, timestamp, body));
    }

    JsonObject caseOf(HttpResponse<String> response) {
        return http.deskJson("/api/v1/cases/" + new JsonObject(response.body()).getString("reference"));
    }

    long count(String sql) {
        return TestDatabase.queryLong(db, sql);
    }
}
