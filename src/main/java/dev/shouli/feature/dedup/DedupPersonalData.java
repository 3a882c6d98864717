package dev.shouli.feature.dedup;

import dev.shouli.core.cases.PersonalData;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What dedup keeps about people: the case profiles (texts folded for comparison, places, order numbers, the
 * identity keys a case claimed), the understanding of joined submissions, and the person behind the identity keys,
 * whose every case an erasure finds and whose every key it removes, so no later intake is matched to erased cases.
 */
final class DedupPersonalData implements PersonalData {

    private static final String PROFILES = """
            UPDATE dedup_case SET folded_text = '', shingles = '{}', bands = '{}', order_number = NULL, person_id = NULL,
                                  place_keys = '{}', place_key = NULL, latitude = NULL, longitude = NULL,
                                  addresses = '{}', claimed_keys = '{}'
             WHERE case_id = ANY($1)""";
    private static final String JOINED = """
            UPDATE dedup_joined_submission SET complaint = '{}' WHERE case_id = ANY($1) OR split_case_id = ANY($1)""";
    private static final String PLACES = "DELETE FROM dedup_place WHERE case_id = ANY($1)";
    private static final String CASES_OF_KEY = """
            SELECT d.case_id FROM dedup_case d JOIN dedup_identity i ON i.person_id = d.person_id WHERE i.key = $1
            UNION SELECT case_id FROM dedup_case WHERE person_id IS NULL AND claimed_keys && ARRAY[$1::text]""";
    private static final String PERSONS = "SELECT DISTINCT person_id FROM dedup_identity WHERE key = $1";
    private static final String IDENTITIES = "DELETE FROM dedup_identity WHERE key = $1 OR person_id = ANY($2)";

    @Override
    public Future<Void> eraseCases(SqlConnection conn, List<Long> caseIds, Instant now) {
        Tuple ids = Tuple.tuple().addValue(caseIds.toArray(new Long[0]));
        return Future.all(conn.preparedQuery(PROFILES).execute(ids), conn.preparedQuery(JOINED).execute(ids),
                conn.preparedQuery(PLACES).execute(ids)).mapEmpty();
    }

    @Override
    public Future<List<Long>> casesOf(SqlConnection conn, Person who) {
        if (who.key() == null) {
            return Future.succeededFuture(List.of());
        }
        return conn.preparedQuery(CASES_OF_KEY).execute(Tuple.of(who.key())).map(rows -> {
            List<Long> ids = new ArrayList<>();
            rows.forEach(r -> ids.add(r.getLong("case_id")));
            return ids;
        });
    }

    /** The person holding the key loses every key. */
    @Override
    public Future<JsonObject> erasePerson(SqlConnection conn, Person who) {
        if (who.key() == null) {
            return Future.succeededFuture(new JsonObject());
        }
        return conn.preparedQuery(PERSONS).execute(Tuple.of(who.key())).compose(rows -> {
            List<Long> persons = new ArrayList<>();
            rows.forEach(r -> persons.add(r.getLong("person_id")));
            return conn.preparedQuery(IDENTITIES)
                    .execute(Tuple.tuple().addValue(who.key()).addValue(persons.toArray(new Long[0])))
                    .map(r -> new JsonObject().put("dedupKeys", r.rowCount()));
        });
    }
}
