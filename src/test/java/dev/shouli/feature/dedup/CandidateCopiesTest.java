package dev.shouli.feature.dedup;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shouli.Gateway;
import dev.shouli.core.db.DatabaseEndpoint;
import dev.shouli.support.Http;
import dev.shouli.support.MutableClock;
import dev.shouli.support.TestDatabase;
import dev.shouli.support.TestGateway;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The linker's copies of candidate cases give what a fresh read gives: a copy is used only while its profile row is
 * unchanged, an erased or re-personed case is read again, and a case no longer stored is gone.
 */
class CandidateCopiesTest {

    private static final MutableClock CLOCK = new MutableClock(Instant.parse("2026-11-25T02:00:00Z"));
    private static DatabaseEndpoint database;
    private static Gateway gateway;
    private static Http http;
    private final IncidentStore store = new IncidentStore();

    @BeforeAll
    static void start() {
        database = TestDatabase.freshDatabase();
        gateway = TestGateway.start(database, Map.of("SHOULI_DEDUP_ENABLED", "true"), CLOCK);
        http = new Http(gateway.port());
    }

    @AfterAll
    static void stop() {
        TestGateway.stop(gateway);
    }

    private static long submit(String phone, String description) {
        JsonObject body = new JsonObject().put("description", description)
                .put("complainant", new JsonObject().put("phone", phone))
                .put("respondent", new JsonObject().put("organisation", "星河燃气有限公司"));
        var r = http.postJson("/api/v1/complaints", body.encode(), "Idempotency-Key", UUID.randomUUID().toString(),
                "Authorization", "Bearer " + TestGateway.PARTNER_KEY);
        assertThat(r.statusCode()).as(r.body()).isBetween(200, 299);
        String reference = new JsonObject(r.body()).getString("reference");
        return TestDatabase.queryLong(database, "SELECT id FROM complaint_case WHERE reference = '" + reference + "'");
    }

    private static <T> T await(Future<T> f) throws Exception {
        return f.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    private Map<Long, StoredCase> fresh(List<Long> ids) throws Exception {
        Map<Long, IncidentStore.Versioned> read = await(store.storedCases(gateway.pool(), ids));
        return read.entrySet().stream().collect(java.util.stream.Collectors.toMap(Map.Entry::getKey,
                e -> e.getValue().stored()));
    }

    private static void assertSame(Map<Long, StoredCase> copies, Map<Long, StoredCase> fresh) {
        assertThat(copies.keySet()).isEqualTo(fresh.keySet());
        fresh.forEach((id, f) -> {
            StoredCase c = copies.get(id);
            assertThat(c.foldedText()).isEqualTo(f.foldedText());
            assertThat(Arrays.equals(c.shingles(), f.shingles())).isTrue();
            assertThat(c.personId()).isEqualTo(f.personId());
            assertThat(c.incidentId()).isEqualTo(f.incidentId());
            assertThat(c.claimedPersonId()).isEqualTo(f.claimedPersonId());
            assertThat(c.respondent()).isEqualTo(f.respondent());
        });
    }

    @Test
    void copiesAreWhatIsStoredAfterEveryChange() throws Exception {
        long first = submit("13800138001", "星河燃气今天上午停气，整栋楼做不了饭，客服电话一直打不通。");
        long second = submit("13800138002", "星河燃气上午突然停气，没有任何通知，家里老人没法做饭。");
        List<Long> ids = List.of(first, second);
        for (int i = 0; i < 300 && TestDatabase.queryLong(database, "SELECT count(*) FROM incident_queue") > 0; i++) {
            Thread.sleep(100); // the gateway's own linker takes them first, so nothing changes them under the test
        }
        CandidateCopies copies = new CandidateCopies(store);

        Map<Long, StoredCase> before = await(copies.fetch(gateway.pool(), ids, Instant.EPOCH));
        assertSame(before, fresh(ids));
        Map<Long, StoredCase> again = await(copies.fetch(gateway.pool(), ids, Instant.EPOCH));
        assertThat(again.get(second)).as("an unchanged case is the copy").isSameAs(before.get(second));

        // Erased (as retention erases a person's data) and moved to another person: read again.
        TestDatabase.execute(database, "UPDATE dedup_case SET folded_text = '', shingles = '{}' WHERE case_id = "
                + first);
        TestDatabase.execute(database, "UPDATE dedup_case SET person_id = NULL WHERE case_id = " + second);
        Map<Long, StoredCase> changed = await(copies.fetch(gateway.pool(), ids, Instant.EPOCH));
        assertSame(changed, fresh(ids));
        assertThat(changed.get(first).foldedText()).isEmpty();
        assertThat(changed.get(second).personId()).isNull();

        // Linked into an incident (what the linker itself writes): the copy stands in it.
        TestDatabase.execute(database, "DELETE FROM incident_queue WHERE case_id IN (" + first + ", " + second + ")");
        TestDatabase.execute(database, "DELETE FROM incident_member WHERE case_id IN (" + first + ", " + second + ")");
        long incident = TestDatabase.queryLong(database, "INSERT INTO incident (respondent, title, case_count, first_at,"
                + " last_at) VALUES ('星河燃气', '星河燃气', 1, now(), now()) RETURNING id");
        TestDatabase.execute(database, "INSERT INTO incident_member (case_id, incident_id, linked_at) VALUES ("
                + second + ", " + incident + ", now())");
        Map<Long, StoredCase> linked = await(copies.fetch(gateway.pool(), ids, Instant.EPOCH));
        assertSame(linked, fresh(ids));
        assertThat(linked.get(second).incidentId()).isEqualTo(incident);

        // Older than every window of a batch: let go, and read whole again if ever named.
        Map<Long, StoredCase> kept = await(copies.fetch(gateway.pool(), ids, Instant.EPOCH));
        await(copies.fetch(gateway.pool(), List.of(), CLOCK.instant().plusSeconds(86_400)));
        Map<Long, StoredCase> reread = await(copies.fetch(gateway.pool(), ids, Instant.EPOCH));
        assertThat(reread.get(first)).isNotSameAs(kept.get(first));
        assertSame(reread, fresh(ids));

        // No longer stored: gone.
        TestDatabase.execute(database, "DELETE FROM incident_member WHERE case_id = " + second);
        TestDatabase.execute(database, "DELETE FROM dedup_place WHERE case_id = " + second);
        TestDatabase.execute(database, "DELETE FROM dedup_case WHERE case_id = " + second);
        Map<Long, StoredCase> after = await(copies.fetch(gateway.pool(), ids, Instant.EPOCH));
        assertThat(after).containsOnlyKeys(first);
        assertSame(after, fresh(ids));
    }

    @Test
    void aKeptCopyIsUsedUntilItsRowChanges() throws Exception {
        long id = submit("13800138011", "星河燃气的抄表员连续三个月估抄，燃气费比往年多了一倍。");
        for (int i = 0; i < 300 && TestDatabase.queryLong(database, "SELECT count(*) FROM incident_queue") > 0; i++) {
            Thread.sleep(100);
        }
        CandidateCopies copies = new CandidateCopies(store);
        // As the linker keeps a case of its batch: read whole once, with the version of its row.
        IncidentStore.Versioned read = await(store.storedCases(gateway.pool(), List.of(id))).get(id);
        copies.keep(id, read.stored(), read.version());

        Map<Long, StoredCase> kept = await(copies.fetch(gateway.pool(), List.of(id), Instant.EPOCH));
        assertThat(kept.get(id)).as("the kept copy, not a new read").isSameAs(read.stored());

        TestDatabase.execute(database, "UPDATE dedup_case SET folded_text = '', shingles = '{}' WHERE case_id = " + id);
        Map<Long, StoredCase> changed = await(copies.fetch(gateway.pool(), List.of(id), Instant.EPOCH));
        assertSame(changed, fresh(List.of(id)));
        assertThat(changed.get(id).foldedText()).isEmpty();
    }
}
