package dev.shouli.feature.retention;

import dev.shouli.core.cases.PersonalData.Person;
import dev.shouli.core.db.RequestTag;
import dev.shouli.core.db.SqlTime;
import dev.shouli.core.domain.Hashes;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Erasure of one person's personal data, found by a phone number, an email address or an ID number: their cases
 * (by the case's own contact columns, by every case the modules know as the person's — dedup's person holding that
 * key — and for an ID number by the texts and customer id), their verbatim submissions (those of the cases, and any
 * other raw body that contains the identifier in one of its written forms), attachments, outbox items, and what
 * each module keeps of the person (dedup keys, SMS and mail bookkeeping). One transaction; the request is
 * recorded with who asked and when, without the identifier.
 */
final class ErasureStore {

    private static final String RECORD = """
            INSERT INTO erasure_request (requested_by, requested_at, identifier_kind, identifier_hash, reason, erased)
            VALUES ($1, $2, $3, $4, $5, $6) RETURNING id""";

    private final Pool pool;
    private final Anonymiser anonymiser;

    ErasureStore(Pool pool, Anonymiser anonymiser) {
        this.pool = pool;
        this.anonymiser = anonymiser;
    }

    /** @return the erasure record: its id and what was erased */
    Future<JsonObject> erase(Person who, String requestedBy, String reason, Instant now, String requestId) {
        return pool.withTransaction(conn -> RequestTag.set(conn, requestId)
                .compose(v -> caseIds(conn, who))
                .compose(caseIds -> anonymiser.anonymise(conn, caseIds, now)
                        .compose(counts -> anonymiser.cases().eraseOtherSubmissions(conn, who, caseIds, now)
                                .compose(others -> erasePerson(conn, who)
                                        .map(records -> new JsonObject()
                                                .put("cases", counts.cases())
                                                .put("submissions", counts.submissions() + others)
                                                .put("attachments", counts.attachments())
                                                .put("outboxItems", counts.outboxItems())
                                                .put("dedupKeys", records.getInteger("dedupKeys", 0))
                                                .put("channelRecords", records.getInteger("channelRecords", 0))))))
                .compose(erased -> conn.preparedQuery(RECORD).execute(Tuple.of(requestedBy, SqlTime.utc(now),
                                who.kind(), Hashes.sha256Hex(who.value()), reason, erased))
                        .map(rows -> new JsonObject()
                                .put("id", rows.iterator().next().getLong("id"))
                                .put("requestedBy", requestedBy)
                                .put("requestedAt", now.toString())
                                .put("identifierKind", who.kind())
                                .put("erased", erased))));
    }

    /** The case store's own finding, and every module's. */
    private Future<List<Long>> caseIds(SqlConnection conn, Person who) {
        List<Future<List<Long>>> found = new ArrayList<>();
        found.add(anonymiser.cases().casesOf(conn, who));
        anonymiser.modules().forEach(m -> found.add(m.casesOf(conn, who)));
        return Future.all(found).map(done -> {
            Set<Long> ids = new TreeSet<>();
            found.forEach(f -> ids.addAll(f.result()));
            return List.copyOf(ids);
        });
    }

    /** What every module keeps of the person apart from their cases, counted by kind of record. */
    private Future<JsonObject> erasePerson(SqlConnection conn, Person who) {
        List<Future<JsonObject>> erased = anonymiser.modules().stream().map(m -> m.erasePerson(conn, who)).toList();
        return Future.all(erased).map(done -> {
            JsonObject total = new JsonObject();
            erased.forEach(e -> e.result().forEach(kind -> total.put(kind.getKey(),
                    total.getInteger(kind.getKey(), 0) + ((Number) kind.getValue()).intValue())));
            return total;
        });
    }
}
