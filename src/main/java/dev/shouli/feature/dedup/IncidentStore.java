package dev.shouli.feature.dedup;

import dev.shouli.core.db.SqlTime;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Incidents: the queue of cases waiting to be linked, the look-ups the linker compares a case with, the incidents
 * and their members, and the desk's read side of them.
 */
final class IncidentStore {

    /**
     * How much later than a case another may have arrived and still have been numbered (and so linked) before
     * it: both are numbered in the transaction that takes them in, a few milliseconds after arrival, on
     * instances whose clocks may differ a little.
     */
    private static final java.time.Duration OUT_OF_ORDER = java.time.Duration.ofSeconds(2);

    /**
     * Incident candidates come from three index probes, each bounded to the window before the case and to
     * {@code maxCandidates}: the same respondent root (first two characters: the base itself, its parent, its
     * branches), the same place (or a grid cell near the coordinates), a shared LSH band. So the work depends on
     * recent volume, not on how many cases are stored. (A prefix range scan on the base was tried and dropped: it
     * reads a prefix's whole history.)
     *
     * <p>Each probe looks back from the case itself (its arrival and a little after, for arrivals numbered out of
     * order on two instances), not from now: the linker may be minutes behind under a mass complaint, and the most
     * recent cases of the trader would then all be cases still queued, while the ones linked before it, which are
     * what it must be compared with, lie just behind it. "Not queued" is asked row by row, as a subquery the planner
     * keeps as it is: written as NOT EXISTS it became an anti-join that walks a whole index in case order (330 ms at
     * 100,000 cases) instead of stopping at the fiftieth row.
     *
     * <p>The respondent probe is asked once per respondent root for all the cases of a linker's batch
     * ({@link IncidentCandidates}): a trader's cases of one batch would each have read the same fifty rows.
     */
    private static final String RESPONDENT_CANDIDATES = """
            SELECT r.case_id, r.respondent_base, r.received_at FROM dedup_case r
             WHERE r.respondent_root = $1 AND r.respondent_base <> '' AND r.received_at BETWEEN $2 AND $3
               AND (SELECT true FROM incident_queue q WHERE q.case_id = r.case_id) IS NULL
             ORDER BY r.received_at DESC LIMIT $4""";

    /**
     * The place and band probes of one case ($1 place keys, $2 to $3 its window, $4 the limit, $5 its bands, $7 the
     * case, $8 whether it names a respondent). Places are probed one key at a time, each in its (key, received_at)
     * index order, because a common key (a road many branches are on) matches thousands of rows that a probe of all
     * keys at once would have to sort.
     * The band probe takes any fifty matches: a GIN index has no order, and under a mass complaint every case shares
     * the bands, so sorting them all would cost the size of the burst for each case. Even unsorted, a GIN look-up
     * collects every match before the first is read (14,721 for one case of a 19,000-case burst: 6 of the probe's
     * 7 ms, and the linker fell to 90 cases a second). So the band probe runs only when $6: not when the respondent
     * probe already found fifty recent cases of the case's own respondent. The case is then compared with its
     * trader's latest cases, which is where its incident is, and cases of other respondents could only join it by
     * text alone, the weakest evidence (they still meet it through the same place). When the case names a
     * respondent ($8), the band probe asks only the cases that name none, in an index of their own: a known
     * respondent rules out a link with every case of another, and the respondent probe brings those of its own. On
     * the whole table the probe collected every case of the day told in the same words. The place probe of such a
     * case asks only places of cases that name no respondent, for the same reason: a district or a road is named
     * by every trader on it. Together the two were 2.4 ms of PostgreSQL's time for every other case of the
     * ordinary day, and most of what they found no rule could link.
     */
    private static final String PLACE_PROBE = """
            (SELECT x.case_id FROM unnest($1::text[]) AS k(key), LATERAL (
                 SELECT p.case_id, p.received_at FROM dedup_place p
                  WHERE %s AND p.place_key = k.key AND p.received_at BETWEEN $2 AND $3 AND p.case_id <> $7
                    AND (SELECT true FROM incident_queue q WHERE q.case_id = p.case_id) IS NULL
                  ORDER BY p.received_at DESC LIMIT $4) x
              ORDER BY x.received_at DESC LIMIT $4)""";
    private static final String BAND_PROBE = """
            (SELECT b.case_id FROM dedup_case b
              WHERE $6 AND %s AND b.bands && $5::bigint[] AND b.received_at BETWEEN $2 AND $3 AND b.case_id <> $7
                AND (SELECT true FROM incident_queue q WHERE q.case_id = b.case_id) IS NULL
              LIMIT $4)""";
    private static final String PLACE_AND_BAND_CANDIDATES = String.join("\nUNION\n",
            PLACE_PROBE.formatted("NOT $8"), PLACE_PROBE.formatted("$8 AND NOT p.names_respondent"),
            BAND_PROBE.formatted("NOT $8"), BAND_PROBE.formatted("$8 AND b.respondent_base = ''"));

    /** The cases found as candidates, fetched once for all the cases of a linker's batch, with their row version. */
    private static final String STORED_CASES_BY_ID = ProfileStore.STORED_CASE_COLUMNS.replace("d.addresses",
            "d.addresses, d.xmin::text::bigint AS version") + """
             WHERE d.case_id = ANY($1)""";

    /**
     * What may have changed of cases the linker keeps copies of: the version of their profile row (any update, a
     * merge of persons or an erasure, gives the row a new one), their incident, and the person their typed keys
     * belong to now. The incident is looked up case by case: joined, the planner merged the batch's few thousand
     * ids with the whole membership index, read from its start (a third of the statement's time at 34,000 members,
     * and growing with them).
     */
    private static final String CASE_STATES = """
            SELECT d.case_id, d.xmin::text::bigint AS version,
                   (SELECT m.incident_id FROM incident_member m WHERE m.case_id = d.case_id) AS incident_id,
                   CASE WHEN d.claimed_keys <> '{}' THEN (SELECT min(i.person_id) FROM dedup_identity i
                                                           WHERE i.key = ANY(d.claimed_keys)) END AS claimed_person_id
              FROM dedup_case d
             WHERE d.case_id = ANY($1)""";

    /**
     * The oldest queued cases, in case order (a case's number is drawn when it arrives), with the version of their
     * profile row: the linker keeps them as copies, since they are the next batches' candidates.
     */
    private static final String QUEUED = ProfileStore.STORED_CASE_COLUMNS.replace("d.addresses", """
            d.addresses, d.xmin::text::bigint AS version, c.respondent_name,
            c.location ->> 'address' AS address, c.subject""") + """
             WHERE d.case_id IN (SELECT case_id FROM incident_queue ORDER BY case_id LIMIT $1)
             ORDER BY d.case_id""";

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
     * Whether this transaction is the incident linker: at most one transaction at a time, across all
     * instances, holds this lock, and one that does not get it at once does not wait for it.
     */
    public Future<Boolean> tryBecomeLinker(SqlClient client) {
        return client.query("SELECT pg_try_advisory_xact_lock(hashtextextended('shouli:incident-linker', 0)) AS ok")
                .execute().map(rows -> rows.iterator().next().getBoolean("ok"));
    }

    /** A case waiting to be linked, with the words an incident it starts is named by. */
    public record Queued(StoredCase stored, long version, String respondentName, String address, String subject) {
    }

    /** The oldest cases waiting to be linked, oldest first. */
    public Future<List<Queued>> queued(SqlClient client, int limit) {
        return client.preparedQuery(QUEUED).execute(Tuple.of(limit)).map(rows -> {
            List<StoredCase> stored = ProfileStore.storedCases(rows);
            List<Queued> out = new ArrayList<>(stored.size());
            int i = 0;
            for (Row r : rows) {
                out.add(new Queued(stored.get(i++), r.getLong("version"), r.getString("respondent_name"),
                        r.getString("address"), r.getString("subject")));
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

    /** A case found by the respondent probe. */
    record RespondentCandidate(long caseId, String base, Instant receivedAt) {
    }

    /**
     * The latest {@code limit} cases, not queued, of a respondent root that arrived from {@code since} to
     * {@code until}, newest first.
     */
    public Future<List<RespondentCandidate>> respondentCandidates(SqlClient client, String root, Instant since,
                                                                  Instant until, int limit) {
        Tuple t = Tuple.of(root, SqlTime.utc(since), SqlTime.utc(until), limit);
        return client.preparedQuery(RESPONDENT_CANDIDATES).execute(t).map(rows -> {
            List<RespondentCandidate> out = new ArrayList<>();
            rows.forEach(r -> out.add(new RespondentCandidate(r.getLong("case_id"), r.getString("respondent_base"),
                    r.getOffsetDateTime("received_at").toInstant())));
            return out;
        });
    }

    /**
     * The ids of the cases at a place of {@code p}, and with {@code bands} those sharing an LSH band with it, from its
     * window ({@code since} to a little after its arrival).
     */
    public Future<List<Long>> placeAndBandCandidates(SqlClient client, CaseProfile p, long excludeCaseId,
                                                     Instant since, int limit, boolean bands) {
        Tuple t = Tuple.tuple()
                .addArrayOfString(p.probePlaceKeys().toArray(String[]::new))
                .addOffsetDateTime(SqlTime.utc(since))
                .addOffsetDateTime(SqlTime.utc(until(p)))
                .addInteger(limit)
                .addArrayOfLong(ProfileStore.bandKeys(p, since))
                .addBoolean(bands)
                .addLong(excludeCaseId)
                .addBoolean(p.respondent().known());
        return client.preparedQuery(PLACE_AND_BAND_CANDIDATES).execute(t).map(rows -> {
            List<Long> ids = new ArrayList<>();
            rows.forEach(r -> ids.add(r.getLong("case_id")));
            return ids;
        });
    }

    /** The latest arrival a case is compared with: its own, and a little after (numbered out of order). */
    static Instant until(CaseProfile p) {
        return p.receivedAt().plus(OUT_OF_ORDER);
    }

    /** A stored case with the version of its profile row. */
    record Versioned(StoredCase stored, long version) {
    }

    /** Stored cases by id, with their incident and the version of their profile row. */
    public Future<Map<Long, Versioned>> storedCases(SqlClient client, java.util.Collection<Long> ids) {
        return client.preparedQuery(STORED_CASES_BY_ID).execute(Tuple.of(ids.toArray(Long[]::new))).map(rows -> {
            Map<Long, Versioned> out = new HashMap<>();
            List<StoredCase> stored = ProfileStore.storedCases(rows);
            int i = 0;
            for (Row r : rows) {
                StoredCase c = stored.get(i++);
                out.put(c.caseId(), new Versioned(c, r.getLong("version")));
            }
            return out;
        });
    }

    /** What may have changed of a stored case since it was read (see {@link #caseStates}). */
    record CaseState(long caseId, long version, Long incidentId, Long claimedPersonId) {
    }

    /** The state of each of {@code ids} still stored. */
    public Future<List<CaseState>> caseStates(SqlClient client, java.util.Collection<Long> ids) {
        return client.preparedQuery(CASE_STATES).execute(Tuple.of(ids.toArray(Long[]::new))).map(rows -> {
            List<CaseState> out = new ArrayList<>(rows.size());
            rows.forEach(r -> out.add(new CaseState(r.getLong("case_id"), r.getLong("version"),
                    r.getLong("incident_id"), r.getLong("claimed_person_id"))));
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

    /** A case joining an incident, as the linker decided it; {@code at} is when the case arrived. */
    record Join(long incidentId, long caseId, Instant at) {
    }

    /**
     * A linker batch's joins in one statement: the members a case not yet in an incident adds, and each incident's
     * count and span brought up to them.
     */
    public Future<Void> joinIncidents(SqlClient client, List<Join> joins) {
        if (joins.isEmpty()) {
            return Future.succeededFuture();
        }
        Long[] incidents = new Long[joins.size()];
        Long[] cases = new Long[joins.size()];
        OffsetDateTime[] at = new OffsetDateTime[joins.size()];
        for (int i = 0; i < joins.size(); i++) {
            incidents[i] = joins.get(i).incidentId();
            cases[i] = joins.get(i).caseId();
            at[i] = SqlTime.utc(joins.get(i).at());
        }
        return client.preparedQuery("""
                        WITH j AS (
                            SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::timestamptz[])
                                          AS j (incident_id, case_id, at)),
                        joined AS (
                            INSERT INTO incident_member (case_id, incident_id, linked_at)
                            SELECT case_id, incident_id, at FROM j
                            ON CONFLICT (case_id) DO NOTHING
                            RETURNING case_id, incident_id)
                        UPDATE incident i SET case_count = i.case_count + n.joined, last_at = greatest(i.last_at, n.last),
                                              first_at = least(i.first_at, n.first)
                          FROM (SELECT j.incident_id, count(joined.case_id) AS joined, max(j.at) AS last,
                                       min(j.at) AS first
                                  FROM j LEFT JOIN joined USING (incident_id, case_id)
                                 GROUP BY j.incident_id) n
                         WHERE i.id = n.incident_id""")
                .execute(Tuple.of(incidents, cases, at))
                .mapEmpty();
    }

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

    /** A case of an incident as its action sees it. */
    record Member(String reference, String status) {
    }

    /** What a case joining the incident later is brought to and told (see V31__dedup_incident_standing.sql). */
    record Standing(long incidentId, String targetStatus, String assignee, JsonObject texts, String actor, Instant at,
                    int version) {
    }

    /** Locks the incident row for an incident action: the linker's joins (which update the row) wait for it. */
    public Future<Boolean> lockIncident(SqlClient client, long id) {
        return client.preparedQuery("SELECT id FROM incident WHERE id = $1 FOR UPDATE").execute(Tuple.of(id))
                .map(rows -> rows.iterator().hasNext());
    }

    /** The incident's cases an action applies to: all but those merged into another case. */
    public Future<List<Member>> members(SqlClient client, long incidentId) {
        return client.preparedQuery("""
                        SELECT c.reference, c.status FROM incident_member m JOIN complaint_case c ON c.id = m.case_id
                         WHERE m.incident_id = $1 AND c.status <> 'merged' ORDER BY c.id""")
                .execute(Tuple.of(incidentId)).map(rows -> {
                    List<Member> out = new ArrayList<>();
                    rows.forEach(r -> out.add(new Member(r.getString("reference"), r.getString("status"))));
                    return out;
                });
    }

    public Future<Optional<Standing>> standing(SqlClient client, long incidentId) {
        return client.preparedQuery("""
                        SELECT incident_id, target_status, assignee, texts, actor, at, version
                          FROM incident_standing WHERE incident_id = $1""")
                .execute(Tuple.of(incidentId)).map(rows -> rows.iterator().hasNext()
                        ? Optional.of(standing(rows.iterator().next())) : Optional.empty());
    }

    /** What the actions of each of {@code incidentIds} left standing, for those that have any. */
    public Future<Map<Long, Standing>> standings(SqlClient client, java.util.Collection<Long> incidentIds) {
        return client.preparedQuery("""
                        SELECT incident_id, target_status, assignee, texts, actor, at, version
                          FROM incident_standing WHERE incident_id = ANY($1)""")
                .execute(Tuple.of(incidentIds.toArray(Long[]::new))).map(rows -> {
                    Map<Long, Standing> out = new HashMap<>();
                    rows.forEach(r -> out.put(r.getLong("incident_id"), standing(r)));
                    return out;
                });
    }

    public Future<Void> saveStanding(SqlClient client, Standing s) {
        return client.preparedQuery("""
                        INSERT INTO incident_standing (incident_id, target_status, assignee, texts, actor, at, version)
                        VALUES ($1, $2, $3, $4, $5, $6, $7)
                        ON CONFLICT (incident_id) DO UPDATE
                           SET target_status = EXCLUDED.target_status, assignee = EXCLUDED.assignee,
                               texts = EXCLUDED.texts, actor = EXCLUDED.actor, at = EXCLUDED.at,
                               version = EXCLUDED.version""")
                .execute(Tuple.of(s.incidentId(), s.targetStatus(), s.assignee(), s.texts(), s.actor(),
                        SqlTime.utc(s.at())).addValue(s.version()))
                .mapEmpty();
    }

    /** The standing state of the incident a case is in, with the case's language; empty when none. */
    public Future<Optional<JsonObject>> standingOfCase(SqlClient client, long caseId) {
        return client.preparedQuery("""
                        SELECT s.incident_id, s.target_status, s.texts, s.at, c.language, c.reference
                          FROM incident_member m JOIN incident_standing s ON s.incident_id = m.incident_id
                          JOIN complaint_case c ON c.id = m.case_id
                         WHERE m.case_id = $1""")
                .execute(Tuple.of(caseId)).map(rows -> {
                    if (!rows.iterator().hasNext()) {
                        return Optional.empty();
                    }
                    Row r = rows.iterator().next();
                    return Optional.of(new JsonObject().put("texts", r.getJsonObject("texts"))
                            .put("status", r.getString("target_status"))
                            .put("at", r.getOffsetDateTime("at").toInstant().toString())
                            .put("language", r.getString("language"))
                            .put("reference", r.getString("reference")));
                });
    }

    private static Standing standing(Row r) {
        return new Standing(r.getLong("incident_id"), r.getString("target_status"), r.getString("assignee"),
                r.getJsonObject("texts"), r.getString("actor"), r.getOffsetDateTime("at").toInstant(),
                r.getInteger("version"));
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
}
