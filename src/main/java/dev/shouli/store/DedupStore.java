package dev.shouli.store;

import dev.shouli.dedup.CaseProfile;
import dev.shouli.dedup.RespondentKey;
import dev.shouli.dedup.StoredCase;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The SQL of dedup: identities and persons, case profiles and LSH bands, incidents, split-off submissions. */
public final class DedupStore {

    /** Cases still being worked on; a resolved or closed case takes no more duplicates. */
    private static final String OPEN = "('new', 'acknowledged', 'in_progress')";

    private static final String STORED_CASE_COLUMNS = """
            d.case_id, c.reference, c.channel, d.person_id, d.received_at, d.respondent_base, d.respondent_branch,
            d.place_key, d.place_keys, d.order_number, d.shingles, d.incident_id, d.folded_text""";

    private static final String OPEN_CASES_OF_PERSON = "SELECT " + STORED_CASE_COLUMNS + """
              FROM dedup_case d JOIN complaint_case c ON c.id = d.case_id
             WHERE d.person_id = $1 AND d.received_at >= $2 AND c.status IN """ + OPEN + """
             ORDER BY d.received_at DESC
             LIMIT $3""";

    /**
     * Incident candidates from three index probes, each an equality plus a time range and bounded: the same
     * respondent root (first two characters: the base itself, its parent, its branches), the same place, a
     * shared LSH band. All within the window, so the work depends on recent volume, not on how many cases are
     * stored. (A prefix range scan on the base was tried and dropped: it reads a prefix's whole history.)
     */
    private static final String INCIDENT_CANDIDATES = "SELECT " + STORED_CASE_COLUMNS + """
              FROM dedup_case d JOIN complaint_case c ON c.id = d.case_id
             WHERE d.case_id IN (
                   (SELECT case_id FROM dedup_case WHERE respondent_root = $1 AND respondent_base <> ''
                       AND received_at >= $3 ORDER BY received_at DESC LIMIT $5)
                   UNION
                   (SELECT case_id FROM dedup_place WHERE place_key = ANY($2) AND received_at >= $3
                       ORDER BY received_at DESC LIMIT $5)
                   UNION
                   (SELECT case_id FROM dedup_case WHERE bands && $4::bigint[] AND received_at >= $3 LIMIT $5))
               AND d.case_id <> $6""";

    /** The person is the lowest one the identity keys ($2) name, looked up here to save a round trip. */
    private static final String SAVE_CASE = """
            INSERT INTO dedup_case (case_id, person_id, received_at, respondent_base, respondent_branch, place_key,
                                    order_number, text_chars, shingles, folded_text, respondent_root, place_keys,
                                    bands)
            VALUES ($1, (SELECT min(person_id) FROM dedup_identity WHERE key = ANY($2::text[])),
                    $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
            RETURNING person_id""";

    private static final String SAVE_PLACES = """
            INSERT INTO dedup_place (place_key, case_id, received_at)
            SELECT k, $2, $3 FROM unnest($1::text[]) AS k""";

    /**
     * Plans dedup's look-ups for their actual values within this transaction. A prepared statement's generic
     * plan cannot see that "received_at >= $n" keeps only the last days, and may scan whole tables.
     */
    public Future<Void> customPlans(SqlClient client) {
        return client.query("SET LOCAL plan_cache_mode = force_custom_plan").execute().mapEmpty();
    }

    public Future<Void> lock(SqlClient client, List<String> names) {
        Future<Void> chain = Future.succeededFuture();
        for (String name : names.stream().sorted().distinct().toList()) {
            chain = chain.compose(v -> client.preparedQuery("SELECT pg_advisory_xact_lock(hashtextextended($1, 0))")
                    .execute(Tuple.of("shouli:dedup:" + name)).mapEmpty());
        }
        return chain;
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

    public Future<Long> newPerson(SqlClient client) {
        return client.query("INSERT INTO dedup_person DEFAULT VALUES RETURNING id").execute()
                .map(rows -> rows.iterator().next().getLong("id"));
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
                .execute(Tuple.of(keys.toArray(String[]::new), personId, IntakeStore.utc(at)))
                .mapEmpty();
    }

    public Future<List<StoredCase>> openCasesOf(SqlClient client, long personId, Instant since, int limit) {
        return client.preparedQuery(OPEN_CASES_OF_PERSON)
                .execute(Tuple.of(personId, IntakeStore.utc(since), limit))
                .map(DedupStore::storedCases);
    }

    public Future<List<StoredCase>> incidentCandidates(SqlClient client, CaseProfile p, long excludeCaseId,
                                                       Instant since, int limit) {
        Tuple t = Tuple.tuple()
                .addString(p.respondent().known() ? p.respondent().root() : null)
                .addArrayOfString(p.placeKeys().toArray(String[]::new))
                .addOffsetDateTime(IntakeStore.utc(since))
                .addArrayOfLong(bandKeys(p, since))
                .addInteger(limit)
                .addLong(excludeCaseId);
        return client.preparedQuery(INCIDENT_CANDIDATES).execute(t).map(DedupStore::storedCases);
    }

    /**
     * Stores a new case's profile under the person its identity keys belong to, if any.
     *
     * @return that person, or null
     */
    public Future<Long> saveCase(SqlClient client, long caseId, CaseProfile p) {
        Tuple t = Tuple.tuple()
                .addLong(caseId)
                .addArrayOfString(p.identityKeys().toArray(String[]::new))
                .addOffsetDateTime(IntakeStore.utc(p.receivedAt()))
                .addString(p.respondent().base())
                .addString(p.respondent().branch())
                .addString(p.place())
                .addString(p.orderNumber())
                .addInteger(p.textChars())
                .addArrayOfInteger(boxed(p.fingerprint().shingles()))
                .addString(p.foldedText().length() > 1000 ? p.foldedText().substring(0, 1000) : p.foldedText())
                .addString(p.respondent().root())
                .addArrayOfString(p.placeKeys().toArray(String[]::new))
                .addArrayOfLong(bandKeys(p, p.receivedAt()));
        // Scheduled together, without waiting for each other's answers: one round trip for both.
        Future<Long> person = client.preparedQuery(SAVE_CASE).execute(t)
                .map(rows -> rows.iterator().next().getLong("person_id"));
        Future<?> places = p.placeKeys().isEmpty() ? Future.succeededFuture() : client.preparedQuery(SAVE_PLACES)
                .execute(Tuple.of(p.placeKeys().toArray(String[]::new), caseId, IntakeStore.utc(p.receivedAt())));
        return Future.all(person, places).map(v -> person.result());
    }

    public Future<Long> createIncident(SqlClient client, String respondent, String place, String title, Instant at,
                                       List<Long> caseIds) {
        return client.preparedQuery("""
                        INSERT INTO incident (respondent, place, title, case_count, first_at, last_at)
                        VALUES ($1, $2, $3, 0, $4, $4) RETURNING id""")
                .execute(Tuple.of(respondent, place, title, IntakeStore.utc(at)))
                .map(rows -> rows.iterator().next().getLong("id"))
                .compose(id -> joinIncident(client, id, caseIds, at).map(id));
    }

    public Future<Void> joinIncident(SqlClient client, long incidentId, List<Long> caseIds, Instant at) {
        return client.preparedQuery("""
                        WITH joined AS (
                            UPDATE dedup_case SET incident_id = $1
                             WHERE case_id = ANY($2) AND incident_id IS DISTINCT FROM $1 RETURNING case_id)
                        UPDATE incident SET case_count = case_count + (SELECT count(*) FROM joined),
                                            last_at = greatest(last_at, $3), first_at = least(first_at, $3)
                         WHERE id = $1""")
                .execute(Tuple.of(incidentId, caseIds.toArray(Long[]::new), IntakeStore.utc(at)))
                .mapEmpty();
    }

    public Future<Void> event(SqlClient client, long caseId, Instant at, String actor, String kind, JsonObject detail) {
        return client.preparedQuery("INSERT INTO case_event (case_id, at, actor, kind, detail) VALUES ($1, $2, $3, $4, $5)")
                .execute(Tuple.of(caseId, IntakeStore.utc(at), actor, kind, detail))
                .mapEmpty();
    }

    public Future<Void> saveJoined(SqlClient client, long submissionId, long caseId, String outcome,
                                   JsonObject complaint) {
        return client.preparedQuery("""
                        INSERT INTO dedup_joined_submission (submission_id, case_id, outcome, complaint)
                        VALUES ($1, $2, $3, $4)""")
                .execute(Tuple.of(submissionId, caseId, outcome, complaint))
                .mapEmpty();
    }

    /**
     * A case's LSH bands as stored in {@code dedup_case.bands}: each band combined with the day (UTC) the case
     * arrived. A probe asks for its bands on each day from {@code since} to its own arrival, so the GIN index
     * hands back recent cases only, never the whole history of a text written again and again; the work per
     * intake stays bounded by the volume inside the window, as the dedup design asks. (XOR with the day
     * number: two different band and day pairs meet only as rarely as two different bands hash alike, and
     * a chance candidate is only compared by the rules, never linked for it.)
     */
    private static Long[] bandKeys(CaseProfile p, Instant since) {
        if (p.fingerprint().size() == 0) {
            // An empty text has no fingerprint worth a band: every empty text would share it.
            return new Long[0];
        }
        long[] bands = p.fingerprint().bands();
        long first = Math.floorDiv(since.getEpochSecond(), 86_400L);
        long last = Math.max(first, Math.floorDiv(p.receivedAt().getEpochSecond(), 86_400L));
        Long[] out = new Long[bands.length * (int) (last - first + 1)];
        int i = 0;
        for (long day = first; day <= last; day++) {
            for (long band : bands) {
                out[i++] = band ^ day;
            }
        }
        return out;
    }

    private static Integer[] boxed(int[] values) {
        Integer[] out = new Integer[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = values[i];
        }
        return out;
    }

    private static List<StoredCase> storedCases(Iterable<Row> rows) {
        List<StoredCase> out = new ArrayList<>();
        for (Row r : rows) {
            Integer[] shingles = r.getArrayOfIntegers("shingles");
            int[] s = new int[shingles.length];
            for (int i = 0; i < s.length; i++) {
                s[i] = shingles[i];
            }
            String base = r.getString("respondent_base");
            out.add(new StoredCase(r.getLong("case_id"), r.getString("reference"), r.getString("channel"),
                    r.getLong("person_id"), r.getOffsetDateTime("received_at").toInstant(),
                    base.isEmpty() ? RespondentKey.UNKNOWN : new RespondentKey(base, r.getString("respondent_branch")),
                    r.getString("place_key"), List.of(r.getArrayOfStrings("place_keys")), r.getString("order_number"), s,
                    r.getLong("incident_id"),
                    r.getString("folded_text")));
        }
        return out;
    }

    // ---- desk read side: incidents -------------------------------------------------------------------

    public Future<List<JsonObject>> incidents(SqlClient client, Long beforeId, int limit) {
        return client.preparedQuery("""
                        SELECT id, respondent, place, title, case_count, first_at, last_at, created_at FROM incident
                         WHERE ($1::bigint IS NULL OR id < $1) ORDER BY id DESC LIMIT $2""")
                .execute(Tuple.of(beforeId, limit))
                .map(rows -> {
                    List<JsonObject> out = new ArrayList<>();
                    rows.forEach(r -> out.add(incidentJson(r)));
                    return out;
                });
    }

    public Future<Optional<JsonObject>> incident(SqlClient client, long id) {
        return client.preparedQuery("""
                        SELECT id, respondent, place, title, case_count, first_at, last_at, created_at
                          FROM incident WHERE id = $1""")
                .execute(Tuple.of(id))
                .compose(rows -> {
                    if (rows.size() == 0) {
                        return Future.succeededFuture(Optional.<JsonObject>empty());
                    }
                    JsonObject incident = incidentJson(rows.iterator().next());
                    return client.preparedQuery("""
                                    SELECT c.reference, c.status, c.channel, c.received_at, c.subject, c.respondent_name
                                      FROM dedup_case d JOIN complaint_case c ON c.id = d.case_id
                                     WHERE d.incident_id = $1 ORDER BY c.received_at, c.id""")
                            .execute(Tuple.of(id))
                            .map(cases -> {
                                JsonArray items = new JsonArray();
                                cases.forEach(c -> items.add(new JsonObject()
                                        .put("reference", c.getString("reference"))
                                        .put("status", c.getString("status"))
                                        .put("channel", c.getString("channel"))
                                        .put("receivedAt", c.getOffsetDateTime("received_at").toInstant().toString())
                                        .put("subject", c.getString("subject"))
                                        .put("respondent", c.getString("respondent_name"))));
                                return Optional.of(incident.put("cases", items));
                            });
                });
    }

    private static JsonObject incidentJson(Row r) {
        return new JsonObject()
                .put("id", r.getLong("id"))
                .put("respondent", r.getString("respondent"))
                .put("place", r.getString("place"))
                .put("title", r.getString("title"))
                .put("caseCount", r.getInteger("case_count"))
                .put("firstAt", r.getOffsetDateTime("first_at").toInstant().toString())
                .put("lastAt", r.getOffsetDateTime("last_at").toInstant().toString());
    }

    // ---- unmerge ---------------------------------------------------------------------------------------

    /** A submission joined into a case, with what intake understood of it. */
    public record Joined(long submissionId, long caseId, String outcome, JsonObject complaint, Long splitCaseId) {
    }

    /** Locks the case row so an unmerge and an intake into the same case do not interleave. */
    public Future<Optional<Long>> lockCase(SqlClient client, String reference) {
        return client.preparedQuery("SELECT id FROM complaint_case WHERE reference = $1 FOR UPDATE")
                .execute(Tuple.of(reference))
                .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(rows.iterator().next().getLong("id")));
    }

    public Future<Optional<Joined>> joined(SqlClient client, long submissionId) {
        return client.preparedQuery("""
                        SELECT submission_id, case_id, outcome, complaint, split_case_id
                          FROM dedup_joined_submission WHERE submission_id = $1 FOR UPDATE""")
                .execute(Tuple.of(submissionId))
                .map(rows -> {
                    if (rows.size() == 0) {
                        return Optional.empty();
                    }
                    Row r = rows.iterator().next();
                    return Optional.of(new Joined(r.getLong("submission_id"), r.getLong("case_id"),
                            r.getString("outcome"), r.getJsonObject("complaint"), r.getLong("split_case_id")));
                });
    }

    public Future<Long> nextCaseNumber(SqlClient client) {
        return client.query("SELECT nextval('case_number_seq') AS n").execute()
                .map(rows -> rows.iterator().next().getLong("n"));
    }

    /** Takes the submission and its evidence off the old case, ready to become the origin of a new one. */
    public Future<Void> detach(SqlClient client, long caseId, long submissionId) {
        Tuple t = Tuple.of(caseId, submissionId);
        return client.preparedQuery("DELETE FROM case_submission WHERE case_id = $1 AND submission_id = $2").execute(t)
                .mapEmpty();
    }

    public Future<Void> moveAttachments(SqlClient client, long fromCase, long toCase, long submissionId) {
        return client.preparedQuery("UPDATE attachment SET case_id = $2 WHERE case_id = $1 AND submission_id = $3")
                .execute(Tuple.of(fromCase, toCase, submissionId)).mapEmpty();
    }

    public Future<Void> markSplit(SqlClient client, long submissionId, long newCaseId, Instant at, String actor) {
        return client.preparedQuery("""
                        UPDATE dedup_joined_submission SET split_case_id = $2, split_at = $3, split_by = $4
                         WHERE submission_id = $1""")
                .execute(Tuple.of(submissionId, newCaseId, IntakeStore.utc(at), actor)).mapEmpty();
    }
}
