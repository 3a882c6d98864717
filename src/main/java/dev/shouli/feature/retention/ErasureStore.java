package dev.shouli.feature.retention;

import dev.shouli.core.db.RequestTag;
import dev.shouli.core.db.SqlTime;
import dev.shouli.core.domain.Hashes;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Erasure of one person's personal data, found by a phone number, an email address or an ID number: their cases
 * (by the case's own contact columns, by every case of the dedup person holding that key, and for an ID number
 * by the texts and customer id), their verbatim submissions (those of the cases, and any other raw body that
 * contains the identifier in one of its written forms), attachments, outbox items, dedup keys, SMS and mail
 * bookkeeping. One transaction; the request is recorded with who asked and when, without the identifier.
 */
final class ErasureStore {

    /** @param kind phone, email or idNumber; {@code key} the dedup identity key, null for an ID number */
    public record Identifier(String kind, String value, String key, List<String> writtenForms) {
    }

    private static final String CASES_BY_PHONE = """
            SELECT id FROM complaint_case WHERE complainant_phone = $1 OR complainant ->> 'phone' = $1
            UNION SELECT d.case_id FROM dedup_case d JOIN dedup_identity i ON i.person_id = d.person_id WHERE i.key = $2
            UNION SELECT case_id FROM dedup_case WHERE person_id IS NULL AND claimed_keys && ARRAY[$2::text]""";
    private static final String CASES_BY_EMAIL = """
            SELECT id FROM complaint_case WHERE complainant_email = $1 OR lower(complainant ->> 'email') = $1
            UNION SELECT d.case_id FROM dedup_case d JOIN dedup_identity i ON i.person_id = d.person_id WHERE i.key = $2
            UNION SELECT case_id FROM dedup_case WHERE person_id IS NULL AND claimed_keys && ARRAY[$2::text]""";
    private static final String CASES_BY_ID_NUMBER = """
            SELECT id FROM complaint_case
             WHERE complainant ->> 'customerId' = $1 OR strpos(description, $1) > 0 OR strpos(subject, $1) > 0""";

    /** Raw bodies outside those cases that contain the identifier as written in any of its forms. */
    private static final String OTHER_SUBMISSIONS = """
            SELECT id FROM submission
             WHERE body_erased_at IS NULL AND (case_id IS NULL OR NOT case_id = ANY($1))
               AND EXISTS (SELECT 1 FROM unnest($2::bytea[]) f WHERE position(f IN body) > 0)""";
    private static final String BLANK = """
            UPDATE submission SET body = '\\x'::bytea, headers = '{}', error = NULL, body_erased_at = $2 WHERE id = ANY($1)""";

    private static final String PERSONS = "SELECT DISTINCT person_id FROM dedup_identity WHERE key = $1";
    private static final String IDENTITIES = "DELETE FROM dedup_identity WHERE key = $1 OR person_id = ANY($2)";
    private static final String RECORD = """
            INSERT INTO erasure_request (requested_by, requested_at, identifier_kind, identifier_hash, reason, erased)
            VALUES ($1, $2, $3, $4, $5, $6) RETURNING id""";

    private final Pool pool;

    public ErasureStore(Pool pool) {
        this.pool = pool;
    }

    /** @return the erasure record: its id and what was erased */
    public Future<JsonObject> erase(Identifier who, String requestedBy, String reason, Instant now, String requestId) {
        return pool.withTransaction(conn -> RequestTag.set(conn, requestId)
                .compose(v -> caseIds(conn, who))
                .compose(caseIds -> Anonymiser.anonymise(conn, caseIds, now)
                        .compose(counts -> otherSubmissions(conn, who, caseIds, now)
                                .compose(others -> identities(conn, who)
                                        .compose(keys -> bookkeeping(conn, who)
                                                .map(rows -> new JsonObject()
                                                        .put("cases", counts.cases())
                                                        .put("submissions", counts.submissions() + others)
                                                        .put("attachments", counts.attachments())
                                                        .put("outboxItems", counts.outboxItems())
                                                        .put("dedupKeys", keys)
                                                        .put("channelRecords", rows))))))
                .compose(erased -> conn.preparedQuery(RECORD).execute(Tuple.of(requestedBy, SqlTime.utc(now),
                                who.kind(), Hashes.sha256Hex(who.value().getBytes(StandardCharsets.UTF_8)), reason, erased))
                        .map(rows -> new JsonObject()
                                .put("id", rows.iterator().next().getLong("id"))
                                .put("requestedBy", requestedBy)
                                .put("requestedAt", now.toString())
                                .put("identifierKind", who.kind())
                                .put("erased", erased))));
    }

    private Future<List<Long>> caseIds(SqlConnection conn, Identifier who) {
        Future<io.vertx.sqlclient.RowSet<io.vertx.sqlclient.Row>> rows = switch (who.kind()) {
            case "phone" -> conn.preparedQuery(CASES_BY_PHONE).execute(Tuple.of(who.value(), who.key()));
            case "email" -> conn.preparedQuery(CASES_BY_EMAIL).execute(Tuple.of(who.value(), who.key()));
            default -> conn.preparedQuery(CASES_BY_ID_NUMBER).execute(Tuple.of(who.value()));
        };
        return rows.map(r -> {
            List<Long> ids = new ArrayList<>();
            r.forEach(row -> ids.add(row.getLong("id")));
            return ids;
        });
    }

    private Future<Integer> otherSubmissions(SqlConnection conn, Identifier who, List<Long> caseIds, Instant now) {
        Buffer[] forms = who.writtenForms().stream().map(f -> Buffer.buffer(f.getBytes(StandardCharsets.UTF_8)))
                .toArray(Buffer[]::new);
        // Tuple.tuple().addValue: Tuple.of(x, array) would spread the array into parameters of their own.
        return conn.preparedQuery(OTHER_SUBMISSIONS)
                .execute(Tuple.tuple().addValue(caseIds.toArray(new Long[0])).addValue(forms))
                .compose(rows -> {
                    List<Long> ids = new ArrayList<>();
                    rows.forEach(r -> ids.add(r.getLong("id")));
                    return ids.isEmpty() ? Future.succeededFuture(0)
                            : conn.preparedQuery(BLANK).execute(Tuple.tuple().addValue(ids.toArray(new Long[0]))
                                    .addValue(SqlTime.utc(now)))
                            .map(r -> r.rowCount());
                });
    }

    /** The dedup person holding the key loses every key, so no later intake is matched to the erased cases. */
    private Future<Integer> identities(SqlConnection conn, Identifier who) {
        if (who.key() == null) {
            return Future.succeededFuture(0);
        }
        return conn.preparedQuery(PERSONS).execute(Tuple.of(who.key())).compose(rows -> {
            List<Long> persons = new ArrayList<>();
            rows.forEach(r -> persons.add(r.getLong("person_id")));
            return conn.preparedQuery(IDENTITIES)
                    .execute(Tuple.tuple().addValue(who.key()).addValue(persons.toArray(new Long[0])))
                    .map(r -> r.rowCount());
        });
    }

    /**
     * Sent-SMS and auto-mail counters and unassembled SMS parts go. The SMS opt-out list stays: it is what keeps
     * us from texting the person again.
     */
    private Future<Integer> bookkeeping(SqlConnection conn, Identifier who) {
        return switch (who.kind()) {
            case "phone" -> Future.all(
                            Anonymiser.count(conn, "DELETE FROM sms_send WHERE phone = $1", Tuple.of(who.value())),
                            Anonymiser.count(conn, "DELETE FROM sms_concat_part WHERE sender = ANY($1)",
                                    Tuple.tuple().addValue(who.writtenForms().toArray(new String[0]))))
                    .map(all -> all.<Integer>resultAt(0) + all.<Integer>resultAt(1));
            case "email" -> Anonymiser.count(conn, "DELETE FROM email_auto_mail WHERE address = $1", Tuple.of(who.value()));
            default -> Future.succeededFuture(0);
        };
    }
}
