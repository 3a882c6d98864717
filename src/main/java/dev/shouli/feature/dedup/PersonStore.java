package dev.shouli.feature.dedup;

import dev.shouli.core.db.SqlTime;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Dedup's persons: the identity keys (phones, addresses, a hotline caller) one complainant is known by, and
 * the lock a person's decisions are taken under.
 */
final class PersonStore {

    /**
     * Takes the lock of every person the keys belong to, in ascending person order, in one statement, and
     * answers who was locked. (The subquery sorts, and the fence OFFSET 0 keeps it a subquery; the outer
     * query then locks row by row in that order.)
     */
    public Future<Set<Long>> lockPersonsOf(SqlClient client, List<String> keys) {
        return client.preparedQuery("""
                        SELECT s.person_id,
                               pg_advisory_xact_lock(hashtextextended('shouli:dedup-person:' || s.person_id, 0))
                          FROM (SELECT DISTINCT person_id FROM dedup_identity WHERE key = ANY($1)
                                 ORDER BY person_id OFFSET 0) s""")
                .execute(Tuple.of(keys.toArray(String[]::new)))
                .map(rows -> {
                    Set<Long> out = new HashSet<>();
                    rows.forEach(r -> out.add(r.getLong("person_id")));
                    return out;
                });
    }

    /** The persons the keys already belong to, by key. */
    public Future<Map<String, Long>> personsOf(SqlClient client, List<String> keys) {
        return client.preparedQuery("SELECT key, person_id FROM dedup_identity WHERE key = ANY($1)")
                .execute(Tuple.of(keys.toArray(String[]::new)))
                .map(rows -> {
                    Map<String, Long> out = new HashMap<>();
                    rows.forEach(r -> out.put(r.getString("key"), r.getLong("person_id")));
                    return out;
                });
    }

    /** A person first seen now, known by {@code keys}. */
    public Future<Void> newPerson(SqlClient client, List<String> keys, Instant at) {
        return client.preparedQuery("""
                        WITH p AS (INSERT INTO dedup_person DEFAULT VALUES RETURNING id)
                        INSERT INTO dedup_identity (key, person_id, first_seen_at)
                        SELECT k, p.id, $2 FROM p, unnest($1::text[]) AS k
                        ON CONFLICT (key) DO NOTHING""")
                .execute(Tuple.of(keys.toArray(String[]::new), SqlTime.utc(at)))
                .mapEmpty();
    }

    /** Another key shows two persons are one: everything of {@code others} moves to {@code canonical}. */
    public Future<Void> unite(SqlClient client, long canonical, List<Long> others) {
        // Built explicitly: Tuple.of(x, array) would spread the array as further parameters.
        Tuple t = Tuple.tuple().addLong(canonical).addArrayOfLong(others.toArray(Long[]::new));
        return client.preparedQuery("UPDATE dedup_identity SET person_id = $1 WHERE person_id = ANY($2)").execute(t)
                .compose(v -> client.preparedQuery("UPDATE dedup_case SET person_id = $1 WHERE person_id = ANY($2)")
                        .execute(t))
                .mapEmpty();
    }

    public Future<Void> addKeys(SqlClient client, long personId, List<String> keys, Instant at) {
        return client.preparedQuery("""
                        INSERT INTO dedup_identity (key, person_id, first_seen_at)
                        SELECT k, $2, $3 FROM unnest($1::text[]) AS k
                        ON CONFLICT (key) DO NOTHING""")
                .execute(Tuple.of(keys.toArray(String[]::new), personId, SqlTime.utc(at)))
                .mapEmpty();
    }
}
