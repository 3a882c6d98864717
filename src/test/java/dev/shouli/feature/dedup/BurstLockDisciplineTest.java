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
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The mass-complaint burst with duplicate matching on, on two gateway instances: many people about a few
 * traders at once, and some of them complaining about several traders, so that shared intake transactions
 * (group commit) on both instances hold crossing person and respondent keys. Before the lock discipline of
 * {@code IntakeLocks} this deadlocked and convoyed on {@code pg_advisory_xact_lock}; now no transaction may
 * wait for a lock while holding one that sorts after it, and incident linking takes no lock on the answer
 * path at all.
 */
class BurstLockDisciplineTest {

    private static final String[] TRADERS = {"永辉超市", "华润万家", "沃尔玛", "物美超市"};
    /** One story in nearly the same words, as people write it in a mass complaint (simplified and traditional). */
    private static final String[] STORIES = {
        "在%s购买的预付卡突然不能用了，门店已经关门，客服电话打不通，要求退还卡内余额%d元。",
        "在%s購買的預付卡突然不能用了，門店已經關門，客服電話打不通，要求退還卡內餘額%d元！",
        "我在%s办的预付卡不能用了，门店关门了，客服电话一直打不通，要求退还余额%d元。",
    };

    @Test
    void crossingPersonAndRespondentKeysOnTwoInstancesNeverDeadlockAndEveryAnswerIsStored() throws Exception {
        DatabaseEndpoint db = TestDatabase.freshDatabase();
        Map<String, String> env = Map.of("SHOULI_DEDUP_ENABLED", "true", "SHOULI_DATABASE_POOL_SIZE", "8",
                "SHOULI_INTAKE_COMMIT_LANES", "4");
        Gateway first = TestGateway.start(db, env, Clock.systemUTC());
        Gateway second = TestGateway.start(db, env, Clock.systemUTC());
        long deadlocksBefore = deadlocks(db);

        List<JsonObject> bodies = new ArrayList<>();
        Random random = new Random(11);
        // People who complain about three traders each: their person keys meet every trader's key.
        for (int p = 0; p < 30; p++) {
            for (int t = 0; t < 3; t++) {
                bodies.add(complaint(String.format("1391111%04d", p), TRADERS[(p + t) % TRADERS.length], random));
            }
        }
        // And the crowd: one complaint each.
        for (int p = 0; p < 150; p++) {
            bodies.add(complaint(String.format("1392222%04d", p), TRADERS[p % TRADERS.length], random));
        }
        Collections.shuffle(bodies, random);

        ExecutorService clients = Executors.newFixedThreadPool(32);
        List<Future<HttpResponse<String>>> answers = new ArrayList<>();
        try {
            for (int i = 0; i < bodies.size(); i++) {
                Http to = new Http((i % 2 == 0 ? first : second).port());
                String body = bodies.get(i).encode();
                // With a partner key, as an integrator's calls: they write persons and keys (anonymous calls only read).
                answers.add(clients.submit(() -> to.postJson("/api/v1/complaints", body,
                        "Idempotency-Key", UUID.randomUUID().toString(),
                        "Authorization", "Bearer " + TestGateway.PARTNER_KEY)));
            }
            List<String> references = new ArrayList<>();
            for (Future<HttpResponse<String>> answer : answers) {
                HttpResponse<String> r = answer.get(120, TimeUnit.SECONDS);
                assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
                references.add(new JsonObject(r.body()).getString("reference"));
            }

            for (String reference : references) {
                assertThat(TestDatabase.queryLong(db,
                        "SELECT count(*) FROM complaint_case WHERE reference = '" + reference + "'")).isEqualTo(1);
            }
            // A person about another trader is another case: 30 people x 3 traders + 150.
            assertThat(TestDatabase.queryLong(db, "SELECT count(*) FROM complaint_case")).isEqualTo(240);
            assertThat(TestDatabase.queryLong(db, "SELECT count(DISTINCT reference) FROM complaint_case"))
                    .isEqualTo(240);

            Incidents.awaitLinked(db);
            for (String trader : TRADERS) {
                long cases = TestDatabase.queryLong(db,
                        "SELECT count(*) FROM complaint_case WHERE respondent_name = '" + trader + "'");
                assertThat(TestDatabase.queryLong(db,
                        "SELECT count(*) FROM incident WHERE respondent = '" + trader + "'")).as(trader).isEqualTo(1);
                assertThat(TestDatabase.queryLong(db,
                        "SELECT case_count FROM incident WHERE respondent = '" + trader + "'")).as(trader)
                        .isEqualTo(cases);
            }
        } finally {
            clients.shutdownNow();
            // Closing the pools ends the backends, which flushes their statistics (deadlocks among them).
            TestGateway.stop(first);
            TestGateway.stop(second);
        }
        assertThat(deadlocks(db) - deadlocksBefore).as("deadlocks detected by PostgreSQL").isZero();
    }

    private static JsonObject complaint(String phone, String trader, Random random) {
        String story = STORIES[random.nextInt(STORIES.length)];
        return new JsonObject()
                .put("description", String.format(story, trader, 200 + random.nextInt(5) * 100))
                .put("complainant", new JsonObject().put("phone", phone).put("name", "顾客" + phone.substring(7)))
                .put("respondent", new JsonObject().put("organisation", trader));
    }

    private static long deadlocks(DatabaseEndpoint db) {
        return TestDatabase.queryLong(db,
                "SELECT deadlocks FROM pg_stat_database WHERE datname = current_database()");
    }
}
