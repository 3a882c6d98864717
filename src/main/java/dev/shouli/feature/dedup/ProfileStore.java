package dev.shouli.feature.dedup;

import dev.shouli.core.db.SqlTime;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What dedup keeps of each case to compare later ones with: its profile (who, about whom, where, which order,
 * the text's shingles and LSH bands), its places, and the submissions joined to it.
 */
final class ProfileStore {

    /** Cases still being worked on; a resolved or closed case takes no more duplicates. */
    private static final String OPEN = "('new', 'acknowledged', 'in_progress')";

    static final String STORED_CASE_COLUMNS = """
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
     * possible duplicates of a new submission naming those keys, never joined without confirmation. The cases that
     * typed the keys are found first, by the index of typed keys: they are a person's few, and for nearly every
     * submission none. Asked in one statement with the order and limit, the planner at times chose to scan the
     * window's cases instead (with parallel workers) and took 0.3–0.7 s inside the intake transaction, with the
     * intakes sharing it waiting: the open loop's slowest seconds.
     */
    private static final String OPEN_UNCONFIRMED_WITH_KEYS = """
            WITH typed AS MATERIALIZED (
                SELECT case_id FROM dedup_case
                 WHERE person_id IS NULL AND claimed_keys && $1::text[] AND received_at >= $2)
            """ + STORED_CASE_COLUMNS + """
             WHERE d.case_id IN (SELECT case_id FROM typed) AND c.status IN """ + OPEN + """
             ORDER BY d.received_at DESC
             LIMIT $3""";

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
                INSERT INTO dedup_place (place_key, case_id, received_at, names_respondent)
                SELECT k, saved.case_id, saved.received_at, $4 <> '' FROM saved, unnest($18::text[]) AS k)
            INSERT INTO incident_queue (case_id, queued_at)
            SELECT case_id, received_at FROM saved WHERE $14""";

    public Future<List<StoredCase>> openCasesOf(SqlClient client, long personId, Instant since, int limit) {
        return client.preparedQuery(OPEN_CASES_OF_PERSON)
                .execute(Tuple.of(personId, SqlTime.utc(since), limit))
                .map(ProfileStore::storedCases);
    }

    /** The open cases without a person that typed any of {@code keys}, newest first. */
    public Future<List<StoredCase>> openUnconfirmedWithKeys(SqlClient client, List<String> keys, Instant since,
                                                            int limit) {
        return client.preparedQuery(OPEN_UNCONFIRMED_WITH_KEYS)
                .execute(Tuple.of(keys.toArray(String[]::new), SqlTime.utc(since), limit))
                .map(ProfileStore::storedCases);
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
    static Long[] bandKeys(CaseProfile p, Instant since) {
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

    static List<StoredCase> storedCases(Iterable<Row> rows) {
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
}
