package dev.shouli.core.intake;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shouli.Gateway;
import dev.shouli.core.db.DatabaseEndpoint;
import dev.shouli.support.Complaints;
import dev.shouli.support.Http;
import dev.shouli.support.TestDatabase;
import dev.shouli.support.TestGateway;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Two gateway instances on one database behave like one: a key sent 20 times at once makes one case. */
class ConcurrentRedeliveryTest {

    private static DatabaseEndpoint db;
    private static Gateway first;
    private static Gateway second;

    @BeforeAll
    static void start() {
        db = TestDatabase.freshDatabase();
        first = TestGateway.start(db);
        second = TestGateway.start(db);
    }

    @AfterAll
    static void stop() {
        TestGateway.stop(first);
        TestGateway.stop(second);
    }

    @Test
    void sameIdempotencyKeyTwentyTimesConcurrentlyOnTwoInstancesGivesOneCaseAndTwentyIdenticalAnswers()
            throws Exception {
        String body = Complaints.airConditioner().encode();
        List<Http> instances = List.of(new Http(first.port()), new Http(second.port()));
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(20);
        List<Future<HttpResponse<String>>> answers = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            Http http = instances.get(i % 2);
            answers.add(pool.submit(() -> {
                go.await();
                return http.postJson("/api/v1/complaints", body, "Idempotency-Key", "same-key-20");
            }));
        }
        go.countDown();
        List<HttpResponse<String>> responses = new ArrayList<>();
        for (Future<HttpResponse<String>> answer : answers) {
            responses.add(answer.get());
        }
        pool.shutdown();

        assertThat(responses).extracting(HttpResponse::statusCode).containsOnly(201, 200)
                .filteredOn(status -> status == 201).hasSize(1);
        assertThat(responses).extracting(HttpResponse::body).containsOnly(responses.get(0).body());
        assertThat(TestDatabase.queryLong(db,
                "SELECT count(*) FROM submission WHERE external_id = 'same-key-20'")).isEqualTo(1);
        assertThat(TestDatabase.queryLong(db, "SELECT count(*) FROM case_submission cs JOIN submission s "
                + "ON s.id = cs.submission_id WHERE s.external_id = 'same-key-20'")).isEqualTo(1);
    }

    @Test
    void differentKeysOnTwoInstancesGetDistinctReferences() throws Exception {
        List<Http> instances = List.of(new Http(first.port()), new Http(second.port()));
        ExecutorService pool = Executors.newFixedThreadPool(10);
        List<Future<HttpResponse<String>>> answers = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            Http http = instances.get(i % 2);
            String key = "distinct-" + i;
            answers.add(pool.submit(() -> http.postJson("/api/v1/complaints",
                    Complaints.traditional().encode(), "Idempotency-Key", key)));
        }
        List<String> references = new ArrayList<>();
        for (Future<HttpResponse<String>> answer : answers) {
            HttpResponse<String> response = answer.get();
            assertThat(response.statusCode()).isEqualTo(201);
            references.add(new io.vertx.core.json.JsonObject(response.body()).getString("reference"));
        }
        pool.shutdown();

        assertThat(references).doesNotHaveDuplicates().hasSize(40);
    }
}
