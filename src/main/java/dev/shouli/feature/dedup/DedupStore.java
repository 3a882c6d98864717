package dev.shouli.feature.dedup;

import dev.shouli.core.db.SqlTime;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The SQL of dedup: identities and persons, case profiles and LSH bands, the incident queue and incidents,
 * split-off submissions.
 */
public final class DedupStore {

    /**
     * How much later than a case another may have arrived and still have been numbered (and so linked) before
     * it: both are numbered in the transaction that takes them in, a few milliseconds after arrival, on
     * instances whose clocks may differ a little.
     */
    private static final java.time.Duration OUT_OF_ORDER = java.time.Duration.ofSeconds(2);

    /** Cases still being worked on; a resolved or closed case takes no more duplicates. */
    private static final String OPEN = "('new', 'acknowledged', 'in_progress')";

    private static final String STORED_CASE_COLUMNS = """
            SELECT d.case_id, c.reference, c.channel, d.person_id, d.received_at, d.respondent_base,
                   d.respondent_branch, d.place_key, d.place_keys, d.order_number, d.shingles, m.incident_id,
                   d.folded_text, d.text_chars, d.latitude, d.longitude, d.category, d.claimed_keys,
                   (SELECT min(i.person_id) FROM dedup_identity i WHERE i.key = ANY(d.claimed_keys)) AS claimed_person_id,
                   d.addresses
              FROM dedup_case d JOIN complaint_case c ON c.id = d.case_id
                   LEFT JOIN incident_member m ON m.case_id = d.case_id
            """;

    private static final String OPEN_CASES_OF_PERSON = STORED_CASE_COLUMNS + """
             WHERE d.person_id = $1 AND d.received_at >= $2 AND c.status IN """ + OPEN + """
             ORDER BY d.received_at DESC
             LIMIT $3""";

    /**
     * Open cases made from submissions that had not proven their contact (no person) and typed one of the keys:
     * possible duplicates of a new submission naming those keys, never joined without confirmation.
     */
    private static final String OPEN_UNCONFIRMED_WITH_KEYS = STORED_CASE_COLUMNS + """
             WHERE d.person_id IS NULL AND d.claimed_keys && $1::text[] AND d.received_at >= $2
               AND c.status IN """ + OPEN + """
             ORDER BY d.received_at DESC
             LIMIT $3""";

    /**
     * The ids of incident candidates, from three index probes, each bounded to the window before the case
     * ($3 to $7) and to {@code maxCandidates}: the same respondent root (first two characters: the base itself, its parent, its
     * branches), the same place (or a grid cell near the coordinates), a shared LSH band. So the work depends on
     * recent volume, not on how many cases are stored. (A prefix range scan on the base was tried and dropped:
     * it reads a prefix's whole history.)
     *
     * <p>Each probe looks back from the case itself ($7: its arrival and a little after, for arrivals numbered
     * out of order on two instances), not from now: the linker may be minutes behind under a mass complaint,
     * and the most recent cases of the trader would then all be cases still queued, while the ones linked
     * before it, which are what it must be compared with, lie just behind it. Places are
     * probed one key at a time, each in its (key, received_at) index order, because a common key (a road many
     * branches are on) matches thousands of rows that a probe of all keys at once would have to sort. The band
     * probe takes any fifty matches: a GIN index has no order, and under a mass complaint every case shares the
     * bands, so sorting them all would cost the size of the burst for each case. Even unsorted, a GIN look-up
     * collects every match before the first is read (14,721 for one case of a 19,000-case burst: 6 of the
     * probe's 7 ms, and the linker fell to 90 cases a second). So the band probe is skipped when the respondent
     * probe already found fifty recent cases of the case's own respondent ($8, its base): the case is then
     * compared with its trader's latest cases, which is where its incident is, and cases of other respondents
     * could only join it by text alone, the weakest evidence (they still meet it through the same place). "Not queued" is asked row by
     * row, as a subquery the planner keeps as it is: written as NOT EXISTS it became an anti-join that walks a
     * whole index in case order (330 ms at 100,000 cases) instead of stopping at the fiftieth row.
     */
    private static final String INCIDENT_CANDIDATES = """
            WITH by_respondent AS MATERIALIZED (
                SELECT r.case_id, r.respondent_base FROM dedup_case r
                 WHERE r.respondent_root = $1 AND r.respondent_base <> '' AND r.received_at BETWEEN $3 AND $7
                   AND r.case_id <> $6 AND (SELECT true FROM incident_queue q WHERE q.case_id = r.case_id) IS NULL
                 ORDER BY r.received_at DESC LIMIT $5)
            SELECT case_id FROM by_respondent
            UNION
            (SELECT x.case_id FROM unnest($2::text[]) AS k(key), LATERAL (
                 SELECT p.case_id, p.received_at FROM dedup_place p
                  WHERE p.place_key = k.key AND p.received_at BETWEEN $3 AND $7 AND p.case_id <> $6
                    AND (SELECT true FROM incident_queue q WHERE q.case_id = p.case_id) IS NULL
                  ORDER BY p.received_at DESC LIMIT $5) x
              ORDER BY x.received_at DESC LIMIT $5)
            UNION
            (SELECT b.case_id FROM dedup_case b
              WHERE (SELECT count(*) FROM by_respondent WHERE respondent_base = $8) < $5
                AND b.bands && $4::bigint[] AND b.received_at BETWEEN $3 AND $7 AND b.case_id <> $6
                AND (SELECT true FROM incident_queue q WHERE q.case_id = b.case_id) IS NULL
              LIMIT $5)""";

    /** The cases found as candidates, fetched once for all the cases of a linker's batch. */
    private static final String STORED_CASES_BY_ID = STORED_CASE_COLUMNS + """
             WHERE d.case_id = ANY($1)""";

    /** The oldest queued cases, in case order (a case's number is drawn when it arrives). */
    private static final String QUEUED = STORED_CASE_COLUMNS.replace("d.addresses", """
            d.addresses, c.respondent_name, c.location ->> 'address' AS address, c.subject""") + """
             WHERE d.case_id IN (SELECT case_id FROM incident_queue ORDER BY case_id LIMIT $1)
             ORDER BY d.case_id""";

    /**
     * The case's profile, under the person its identity keys ($2) belong to (looked up here: the person may
     * have been created by a statement of this transaction nobody waited for), its places, and, when $14, its
     * place in the queue of cases to link into incidents.
     */
    private static final String SAVE_CASE = """
            WITH saved AS (
                INSERT INTO dedup_case (case_id, person_id, received_at, respondent_base, respondent_branch, place_key,
                                        order_number, text_chars, shingles, folded_text, respondent_root, place_keys,
                                        bands, latitude, longitude, category, addresses, claimed_keys)
                VALUES ($1, (SELECT min(person_id) FROM dedup_identity WHERE key = ANY($2::text[])),
                        $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $15, $16, $17, $19, $20)
                RETURNING case_id, received_at),
            places AS (
                INSERT INTO dedup_place (place_key, case_id, received_at)
                SELECT k, saved.case_id, saved.received_at FROM saved, unnest($18::text[]) AS k)
            INSERT INTO incident_queue (case_id, queued_at)
            SELECT case_id, received_at FROM saved WHERE $14""";

    /**
     * Plans the incident linker's look-ups without table scans. The planner cannot estimate how many cases share
     * an LSH band (band values of different texts are all different, so there are no statistics to go by): it
     * guesses thousands, and scans the whole table for the first fifty (290 ms at 100,000 cases) where the GIN
     * index answers in a millisecond. Every look-up of the linker has an index.
     */
    public Future<Void> customPlans(SqlClient client) {
        return client.query("SET LOCAL enable_seqscan = off").execute().mapEmpty();
    }

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

    public Future<List<StoredCase>> openCasesOf(SqlClient client, long personId, Instant since, int limit) {
        return client.preparedQuery(OPEN_CASES_OF_PERSON)
                .execute(Tuple.of(personId, SqlTime.utc(since), limit))
                .map(DedupStore::storedCases);
    }

    /** The open cases without a person that typed any of {@code keys}, newest first. */
    public Future<List<StoredCase>> openUnconfirmedWithKeys(SqlClient client, List<String> keys, Instant since,
                                                            int limit) {
        return client.preparedQuery(OPEN_UNCONFIRMED_WITH_KEYS)
                .execute(Tuple.of(keys.toArray(String[]::new), SqlTime.utc(since), limit))
                .map(DedupStore::storedCases);
    }

    /**
     * Stores a new case's profile; with {@code queueForIncidents} also queues it for incident linking. One
     * statement, whose answer nobody needs.
     */
    public Future<Void> saveCase(SqlClient client, long caseId, CaseProfile p, boolean queueForIncidents) {
        return saveCase(client, caseId, p, queueForIncidents, true);
    }

    /**
     * As above; with {@code underItsPerson} false the case belongs to no person (made from a submission that has
     * not proven the contact it names), so dedup never joins anything to it: its keys are kept as claimed keys.
     */
    public Future<Void> saveCase(SqlClient client, long caseId, CaseProfile p, boolean queueForIncidents,
                                 boolean underItsPerson) {
        Tuple t = Tuple.tuple()
                .addLong(caseId)
                .addArrayOfString(underItsPerson ? p.identityKeys().toArray(String[]::new) : new String[0])
                .addOffsetDateTime(SqlTime.utc(p.receivedAt()))
                .addString(p.respondent().base())
                .addString(p.respondent().branch())
                .addString(p.place())
                .addString(p.orderNumber())
                .addInteger(p.textChars())
                .addArrayOfInteger(boxed(p.fingerprint().shingles()))
                .addString(p.foldedText().length() > 1000 ? p.foldedText().substring(0, 1000) : p.foldedText())
                .addString(p.respondent().root())
                .addArrayOfString(p.placeKeys().toArray(String[]::new))
                .addArrayOfLong(bandKeys(p, p.receivedAt()))
                .addBoolean(queueForIncidents)
                .addValue(p.point() == null ? null : p.point().latitude())
                .addValue(p.point() == null ? null : p.point().longitude())
                .addString(p.category())
                .addArrayOfString(p.storedPlaceKeys().toArray(String[]::new))
                .addArrayOfString(p.addresses().toArray(String[]::new))
                .addArrayOfString(underItsPerson ? new String[0] : p.identityKeys().toArray(String[]::new));
        return client.preparedQuery(SAVE_CASE).execute(t).mapEmpty();
    }

    // ---- incident linking --------------------------------------------------------------------------------

    /**
     * Whether this transaction is the incident linker: at most one transaction at a time, across all
     * instances, holds this lock, and one that does not get it at once does not wait for it.
     */
    public Future<Boolean> tryBecomeLinker(SqlClient client) {
        return client.query("SELECT pg_try_advisory_xact_lock(hashtextextended('shouli:incident-linker', 0)) AS ok")
                .execute().map(rows -> rows.iterator().next().getBoolean("ok"));
    }

    /** A case waiting to be linked, with the words an incident it starts is named by. */
    public record Queued(StoredCase stored, String respondentName, String address, String subject) {
    }

    /** The oldest cases waiting to be linked, oldest first. */
    public Future<List<Queued>> queued(SqlClient client, int limit) {
        return client.preparedQuery(QUEUED).execute(Tuple.of(limit)).map(rows -> {
            List<StoredCase> stored = storedCases(rows);
            List<Queued> out = new ArrayList<>(stored.size());
            int i = 0;
            for (Row r : rows) {
                out.add(new Queued(stored.get(i++), r.getString("respondent_name"), r.getString("address"),
                        r.getString("subject")));
            }
            return out;
        });
    }

    /** How many cases wait to be linked, and since when the oldest waits (null when none do). */
    public Future<JsonObject> queueState(SqlClient client) {
        return client.query("SELECT count(*) AS n, min(queued_at) AS oldest FROM incident_queue").execute()
                .map(rows -> {
                    Row r = rows.iterator().next();
                    return new JsonObject().put("queued", r.getLong("n"))
                            .put("oldest", r.getOffsetDateTime("oldest") == null ? null
                                    : r.getOffsetDateTime("oldest").toInstant().toString());
                });
    }

    public Future<Void> dequeue(SqlClient client, List<Long> caseIds) {
        return client.preparedQuery("DELETE FROM incident_queue WHERE case_id = ANY($1)")
                .execute(Tuple.of(caseIds.toArray(Long[]::new))).mapEmpty();
    }

    /** The ids of the cases a queued case is compared with (see {@link #INCIDENT_CANDIDATES}). */
    public Future<List<Long>> incidentCandidates(SqlClient client, CaseProfile p, long excludeCaseId, Instant since,
                                                 int limit) {
        Tuple t = Tuple.tuple()
                .addString(p.respondent().known() ? p.respondent().root() : null)
                .addArrayOfString(p.probePlaceKeys().toArray(String[]::new))
                .addOffsetDateTime(SqlTime.utc(since))
                .addArrayOfLong(bandKeys(p, since))
                .addInteger(limit)
                .addLong(excludeCaseId)
                .addOffsetDateTime(SqlTime.utc(p.receivedAt().plus(OUT_OF_ORDER)))
                .addString(p.respondent().known() ? p.respondent().base() : null);
        return client.preparedQuery(INCIDENT_CANDIDATES).execute(t).map(rows -> {
            List<Long> ids = new ArrayList<>();
            rows.forEach(r -> ids.add(r.getLong("case_id")));
            return ids;
        });
    }

    /** Stored cases by id, with their incident. */
    public Future<Map<Long, StoredCase>> storedCases(SqlClient client, java.util.Collection<Long> ids) {
        return client.preparedQuery(STORED_CASES_BY_ID).execute(Tuple.of(ids.toArray(Long[]::new))).map(rows -> {
            Map<Long, StoredCase> out = new HashMap<>();
            storedCases(rows).forEach(c -> out.put(c.caseId(), c));
            return out;
        });
    }

    public Future<Long> nextIncidentId(SqlClient client) {
        return client.query("SELECT nextval(pg_get_serial_sequence('incident', 'id')) AS id").execute()
                .map(rows -> rows.iterator().next().getLong("id"));
    }

    public Future<Void> createIncident(SqlClient client, long id, String respondent, String place, String title,
                                       Instant at) {
        return client.preparedQuery("""
                        INSERT INTO incident (id, respondent, place, title, case_count, first_at, last_at)
                        VALUES ($1, $2, $3, $4, 0, $5, $5)""")
                .execute(Tuple.of(id, respondent, place, title, SqlTime.utc(at)))
                .mapEmpty();
    }

    /** Makes the cases members of the incident (those not yet in one) and keeps its count and span. */
    public Future<Void> joinIncident(SqlClient client, long incidentId, List<Long> caseIds, Instant at) {
        return client.preparedQuery("""
                        WITH joined AS (
                            INSERT INTO incident_member (case_id, incident_id, linked_at)
                            SELECT unnest($2::bigint[]), $1, $3
                            ON CONFLICT (case_id) DO NOTHING
                            RETURNING case_id)
                        UPDATE incident SET case_count = case_count + (SELECT count(*) FROM joined),
                                            last_at = greatest(last_at, $3), first_at = least(first_at, $3)
                         WHERE id = $1""")
                .execute(Tuple.of(incidentId, caseIds.toArray(Long[]::new), SqlTime.utc(at)))
                .mapEmpty();
    }

    public Future<Void> event(SqlClient client, long caseId, Instant at, String actor, String kind, JsonObject detail) {
        return client.preparedQuery("INSERT INTO case_event (case_id, at, actor, kind, detail) VALUES ($1, $2, $3, $4, $5)")
                .execute(Tuple.of(caseId, SqlTime.utc(at), actor, kind, detail))
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
                    r.getLong("incident_id"), r.getString("folded_text"), r.getInteger("text_chars"),
                    GeoPoint.of(r.getDouble("latitude"), r.getDouble("longitude")), r.getString("category"),
                    List.of(r.getArrayOfStrings("addresses")), List.of(r.getArrayOfStrings("claimed_keys")),
                    r.getLong("claimed_person_id")));
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
                                      FROM incident_member m JOIN complaint_case c ON c.id = m.case_id
                                     WHERE m.incident_id = $1 ORDER BY c.received_at, c.id""")
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
                .execute(Tuple.of(submissionId, newCaseId, SqlTime.utc(at), actor)).mapEmpty();
    }
}
