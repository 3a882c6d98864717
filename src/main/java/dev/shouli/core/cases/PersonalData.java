package dev.shouli.core.cases;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlConnection;
import java.time.Instant;
import java.util.List;

/**
 * What a module keeps about people, erased by the module itself when the retention feature asks: a closed case
 * anonymised after its retention time, or one person's data erased on request. Each module that keeps personal
 * data in its own tables provides one, so no module touches another's tables to erase it. Everything runs in the
 * caller's transaction: an erasure is whole or not at all.
 */
public interface PersonalData {

    /**
     * Who an erasure is about.
     *
     * @param kind         {@code phone}, {@code email} or {@code idNumber}
     * @param key          dedup's identity key for a phone or address ({@code phone:+86…}); null for an ID number
     * @param writtenForms the ways the identifier may be written in a raw body (local and international forms)
     */
    record Person(String kind, String value, String key, List<String> writtenForms) {
    }

    /** Removes what this module keeps about these cases' people, keeping what statistics need. */
    default Future<Void> eraseCases(SqlConnection conn, List<Long> caseIds, Instant now) {
        return Future.succeededFuture();
    }

    /** The person's cases that only this module can find (dedup: every case of the person holding the key). */
    default Future<List<Long>> casesOf(SqlConnection conn, Person who) {
        return Future.succeededFuture(List.of());
    }

    /**
     * Deletes at most {@code limit} of this module's records of work that finished before {@code before} and that
     * carry texts written for complainants (bulk: finished batches with their parameters). The retention job asks
     * after {@code retention.finishedOutbox}, the time it keeps the same texts in the outbox.
     *
     * @return how many went
     */
    default Future<Integer> deleteFinished(SqlConnection conn, Instant before, int limit) {
        return Future.succeededFuture(0);
    }

    /**
     * Erases what this module keeps about the person apart from their cases (send counters, identity keys).
     *
     * @return how many records of each kind went, e.g. {@code {"dedupKeys": 2}}; kinds add up across modules
     */
    default Future<JsonObject> erasePerson(SqlConnection conn, Person who) {
        return Future.succeededFuture(new JsonObject());
    }
}
