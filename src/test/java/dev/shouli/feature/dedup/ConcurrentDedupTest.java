package dev.shouli.feature.dedup;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shouli.Gateway;
import dev.shouli.core.db.DatabaseEndpoint;
import dev.shouli.support.Http;
import dev.shouli.support.Incidents;
import dev.shouli.support.TestDatabase;
import dev.shouli.support.TestGateway;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two gateway instances on one database, the same complaint sent to both at the same moment: one case.
 * Correctness rests on PostgreSQL advisory locks taken in the intake transaction, not on anything in memory.
 */
class ConcurrentDedupTest {

    private static final int PAIRS = 12;

    private static DatabaseEndpoint db;
    private static Gateway first;
    private static Gateway second;
    private static ExecutorService pool;

    @BeforeAll
    static void start() {
        db = TestDatabase.freshDatabase();
        Map<String, String> env = Map.of("SHOULI_DEDUP_ENABLED", "true", "SHOULI_DATABASE_POOL_SIZE", "16");
        first = TestGateway.start(db, env, Clock.systemUTC());
        second = TestGateway.start(db, env, Clock.systemUTC());
        pool = Executors.newFixedThreadPool(2 * PAIRS);
    }

    @AfterAll
    static void stop() {
        pool.shutdownNow();
        TestGateway.stop(first);
        TestGateway.stop(second);
    }

    private static Future<JsonObject> sendAt(CyclicBarrier barrier, Gateway to, JsonObject body) {
        return pool.submit(() -> {
            barrier.await(30, TimeUnit.SECONDS);
            // A partner's calls: they have proven their contacts, so they may join a case (anonymous ones never do).
            HttpResponse<String> r = new Http(to.port()).postJson("/api/v1/complaints", body.encode(),
                    "Idempotency-Key", UUID.randomUUID().toString(), "Authorization", "Bearer " + TestGateway.PARTNER_KEY);
            assertThat(r.statusCode()).as(r.body()).isBetween(200, 299);
            return new JsonObject(r.body());
        });
    }

    private static JsonObject complaint(String phone, String email, String organisation, String text) {
        JsonObject who = new JsonObject();
        if (phone != null) {
            who.put("phone", phone);
        }
        if (email != null) {
            who.put("email", email);
        }
        return new JsonObject().put("description", text).put("complainant", who)
                .put("respondent", new JsonObject().put("organisation", organisation));
    }

    @Test
    void sameComplaintOnTwoInstancesAtTheSameMomentEndsAsOneCase() throws Exception {
        CyclicBarrier barrier = new CyclicBarrier(2 * PAIRS);
        List<Future<JsonObject>> onFirst = new ArrayList<>();
        List<Future<JsonObject>> onSecond = new ArrayList<>();
        for (int i = 0; i < PAIRS; i++) {
            String phone = String.format("1370000%04d", i);
            onFirst.add(sendAt(barrier, first, complaint(phone, null, "永辉超市",
                    "在永辉超市买的进口牛排已经变质发臭，收银员拒绝退货，要求退款并赔偿。" + i)));
            onSecond.add(sendAt(barrier, second, complaint(phone, null, "永輝超市",
                    "在永輝超市買的進口牛排已經變質發臭，收銀員拒絕退貨，要求退款並賠償！" + i)));
        }

        for (int i = 0; i < PAIRS; i++) {
            JsonObject a = onFirst.get(i).get(60, TimeUnit.SECONDS);
            JsonObject b = onSecond.get(i).get(60, TimeUnit.SECONDS);
            assertThat(a.getString("reference")).isEqualTo(b.getString("reference"));
            assertThat(List.of(a.getString("outcome"), b.getString("outcome")))
                    .containsExactlyInAnyOrder("created", "merged");
        }
        assertThat(TestDatabase.queryLong(db,
                "SELECT count(*) FROM complaint_case WHERE complainant_phone LIKE '+86137000%'")).isEqualTo(PAIRS);
    }

    @Test
    void samePersonByPhoneOnOneInstanceAndByStatedPhoneOnTheOtherEndsAsOneCase() throws Exception {
        CyclicBarrier barrier = new CyclicBarrier(2 * PAIRS);
        List<Future<JsonObject>> calls = new ArrayList<>();
        List<Future<JsonObject>> emails = new ArrayList<>();
        for (int i = 0; i < PAIRS; i++) {
            String phone = String.format("1360000%04d", i);
            calls.add(sendAt(barrier, first, complaint(phone, null, "中国电信",
                    "家里宽带从周一开始每天断网好几次，报修后师傅一直没有上门。")));
            emails.add(sendAt(barrier, second, complaint(null, "user" + i + "@example.cn", "中国电信",
                    "家里的宽带从周一开始每天断网好几次，报修了师傅一直不上门。我的电话：" + phone)));
        }

        for (int i = 0; i < PAIRS; i++) {
            assertThat(calls.get(i).get(60, TimeUnit.SECONDS).getString("reference"))
                    .isEqualTo(emails.get(i).get(60, TimeUnit.SECONDS).getString("reference"));
        }
    }

    @Test
    void manyPeopleReportingOneOutageAtOnceOnTwoInstancesMakeOneIncident() throws Exception {
        int people = 10;
        CyclicBarrier barrier = new CyclicBarrier(people);
        List<Future<JsonObject>> reports = new ArrayList<>();
        for (int i = 0; i < people; i++) {
            reports.add(sendAt(barrier, i % 2 == 0 ? first : second, complaint(String.format("1350000%04d", i),
                    null, "华润燃气", "锦绣花园小区从今天早上开始停气了，做不了饭，华润燃气客服电话一直占线。")));
        }
        for (Future<JsonObject> r : reports) {
            assertThat(r.get(60, TimeUnit.SECONDS).getString("outcome")).isEqualTo("created");
        }
        Incidents.awaitLinked(db);

        assertThat(TestDatabase.queryLong(db, "SELECT count(*) FROM incident WHERE respondent = '华润燃气'"))
                .isEqualTo(1);
        assertThat(TestDatabase.queryLong(db, "SELECT case_count FROM incident WHERE respondent = '华润燃气'"))
                .isEqualTo(people);
    }
}
