package dev.shouli.feature.bulk;

import dev.shouli.core.db.SqlTime;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Batches and their items: created with their cases, claimed one item at a time, settled with the action. */
final class BatchStore {

    /** A batch, once per request key: a second request with the same key finds the first batch. */
    private static final String CREATE = """
            WITH made AS (
                INSERT INTO case_batch (request_key, origin, action, parameters, actor, via, created_at)
                VALUES ($1, $2, $3, $4, $5, $6, $7)
                ON CONFLICT (request_key) DO NOTHING
                RETURNING id, true AS created)
            SELECT id, created FROM made
            UNION ALL
            SELECT id, false FROM case_batch WHERE request_key = $1 AND NOT EXISTS (SELECT 1 FROM made)""";

    private static final String BY_KEY = "SELECT id FROM case_batch WHERE request_key = $1";

    private static final String ADD_ITEMS = """
            INSERT INTO case_batch_item (batch_id, reference, added_at)
            SELECT $1, unnest($2::text[]), $3
            ON CONFLICT DO NOTHING""";

    /**
     * The next pending item of any batch, locked for this transaction; one another transaction holds is skipped,
     * so every instance's lanes take different items and a dead instance's item is free again at once. An item
     * waiting to be tried again ($1: now) is passed over until its time.
     */
    private static final String CLAIM = """
            SELECT i.batch_id, i.reference, i.attempts, b.origin, b.action, b.parameters, b.actor, b.via, b.created_at
              FROM case_batch_item i JOIN case_batch b ON b.id = i.batch_id
             WHERE i.state = 'pending' AND (i.retry_at IS NULL OR i.retry_at <= $1)
             ORDER BY i.batch_id, i.reference
             LIMIT 1
             FOR UPDATE OF i SKIP LOCKED""";

    private static final String SETTLE = """
            UPDATE case_batch_item SET state = $3, code = $4, case_status = $5, reason = $6, result = $7, done_at = $8
             WHERE batch_id = $1 AND reference = $2""";

    /** A failed attempt: pending again from $4, or ($3 'failed') settled with the error. */
    private static final String ATTEMPT_FAILED = """
            UPDATE case_batch_item SET attempts = attempts + 1, state = $3, retry_at = $4, code = $5, reason = $6,
                                       done_at = CASE WHEN $3 = 'failed' THEN $7::timestamptz END
             WHERE batch_id = $1 AND reference = $2""";

    private static final String BATCH = """
            SELECT b.id, b.origin, b.action, b.parameters, b.actor, b.created_at,
                   count(i.reference) AS total,
                   count(*) FILTER (WHERE i.state = 'done') AS done,
                   count(*) FILTER (WHERE i.state = 'refused') AS refused,
                   count(*) FILTER (WHERE i.state = 'failed') AS failed,
                   count(*) FILTER (WHERE i.state = 'done' AND (i.result -> 'notice' ->> 'sent')::boolean) AS told,
                   max(i.done_at) AS last_done_at
              FROM case_batch b LEFT JOIN case_batch_item i ON i.batch_id = b.id
             WHERE b.id = $1
             GROUP BY b.id""";

    private static final String REFUSED = """
            SELECT reference, code, case_status, reason FROM case_batch_item
             WHERE batch_id = $1 AND state = 'refused' ORDER BY reference LIMIT $2""";

    private static final String FAILED = """
            SELECT reference, attempts, code, reason FROM case_batch_item
             WHERE batch_id = $1 AND state = 'failed' ORDER BY reference LIMIT $2""";

    /** Done, but the complainant could not be told (no contact, no mailer, a hotline caller). */
    private static final String UNTOLD = """
            SELECT reference, result -> 'notice' ->> 'refusal' AS refusal FROM case_batch_item
             WHERE batch_id = $1 AND state = 'done' AND result -> 'notice' ->> 'sent' = 'false'
             ORDER BY reference LIMIT $2""";

    private static final String REFERENCES = "SELECT reference FROM case_batch_item WHERE batch_id = $1";

    /**
     * The items of erased cases lose their texts (the refusal's detail, the action's answer); whether and how the
     * complainant was told stays, for the batch's counts.
     */
    private static final String ERASE_ITEMS = """
            UPDATE case_batch_item i
               SET reason = NULL,
                   result = CASE WHEN i.result IS NULL THEN NULL ELSE jsonb_build_object('erased', true,
                                 'notice', jsonb_build_object('sent', i.result -> 'notice' -> 'sent',
                                                              'refusal', i.result -> 'notice' -> 'refusal')) END
              FROM complaint_case c
             WHERE c.id = ANY($1) AND i.reference = c.reference
            RETURNING i.batch_id""";

    /**
     * A finished batch that included an erased case keeps only the parameters that are no text (whether to notify,
     * a target status, an assignee, a deadline, a reason code). A batch still working needs its texts for the cases
     * left; it goes with the retention job.
     */
    private static final String ERASE_PARAMETERS = """
            UPDATE case_batch b
               SET parameters = (SELECT coalesce(jsonb_object_agg(key, value), '{}'::jsonb) FROM jsonb_each(b.parameters)
                                  WHERE key IN ('notify', 'target', 'assignee', 'deadline', 'by', 'until', 'reasonCode'))
                                || '{"erased": true}'::jsonb
             WHERE b.id = ANY($1) AND NOT b.parameters ? 'erased'
               AND NOT EXISTS (SELECT 1 FROM case_batch_item i WHERE i.batch_id = b.id AND i.state = 'pending')""";

    /** Batches made before $1 with nothing pending and nothing settled since, with their items. */
    private static final String DELETE_FINISHED = """
            WITH gone AS (
                SELECT b.id FROM case_batch b
                 WHERE b.created_at < $1
                   AND NOT EXISTS (SELECT 1 FROM case_batch_item i
                                    WHERE i.batch_id = b.id AND (i.state = 'pending' OR i.done_at >= $1))
                 ORDER BY b.id LIMIT $2
                 FOR UPDATE SKIP LOCKED),
            items AS (DELETE FROM case_batch_item WHERE batch_id IN (SELECT id FROM gone))
            DELETE FROM case_batch WHERE id IN (SELECT id FROM gone)""";

    private static final String LATER_ONE_DONE = """
            SELECT EXISTS (SELECT 1 FROM case_batch b JOIN case_batch_item i ON i.batch_id = b.id
                            WHERE b.origin = $1 AND b.id > $2 AND i.state = 'done') AS later""";

    private static final String OF_ORIGIN = """
            SELECT id FROM case_batch WHERE origin = $1 OR origin LIKE $1 || ':%' ORDER BY id DESC LIMIT $2""";

    /** An item claimed for work, with its batch's action; {@code attempts}: how often it failed before. */
    record Claimed(long batchId, String reference, int attempts, String origin, String action, JsonObject parameters,
                   String actor, JsonObject via, Instant createdAt) {
    }

    record Made(long id, boolean created) {
    }

    Future<Made> create(SqlClient client, String requestKey, String origin, String action, JsonObject parameters,
                        String actor, JsonObject via, Instant now) {
        return client.preparedQuery(CREATE)
                .execute(Tuple.of(requestKey, origin, action, parameters, actor, via).addValue(SqlTime.utc(now)))
                .map(rows -> {
                    Row r = rows.iterator().next();
                    return new Made(r.getLong("id"), r.getBoolean("created"));
                });
    }

    /** The batch made for this request key, if one was. */
    Future<Optional<Long>> byKey(SqlClient client, String requestKey) {
        return client.preparedQuery(BY_KEY).execute(Tuple.of(requestKey)).map(rows -> rows.iterator().hasNext()
                ? Optional.of(rows.iterator().next().getLong("id")) : Optional.empty());
    }

    Future<Void> addItems(SqlClient client, long batchId, List<String> references, Instant now) {
        return client.preparedQuery(ADD_ITEMS)
                .execute(Tuple.of(batchId, references.toArray(String[]::new), SqlTime.utc(now))).mapEmpty();
    }

    Future<Optional<Claimed>> claim(SqlClient client, Instant now) {
        return client.preparedQuery(CLAIM).execute(Tuple.of(SqlTime.utc(now))).map(rows -> {
            if (!rows.iterator().hasNext()) {
                return Optional.empty();
            }
            Row r = rows.iterator().next();
            return Optional.of(new Claimed(r.getLong("batch_id"), r.getString("reference"), r.getInteger("attempts"),
                    r.getString("origin"), r.getString("action"), r.getJsonObject("parameters"), r.getString("actor"),
                    r.getJsonObject("via"), r.getOffsetDateTime("created_at").toInstant()));
        });
    }

    Future<Void> done(SqlClient client, Claimed item, JsonObject result, Instant now) {
        return client.preparedQuery(SETTLE).execute(Tuple.of(item.batchId(), item.reference(), "done", null, null, null)
                .addValue(result).addValue(SqlTime.utc(now))).mapEmpty();
    }

    Future<Void> refused(SqlClient client, Claimed item, String code, String caseStatus, String reason, Instant now) {
        return client.preparedQuery(SETTLE).execute(Tuple.of(item.batchId(), item.reference(), "refused", code,
                caseStatus, reason).addValue(null).addValue(SqlTime.utc(now))).mapEmpty();
    }

    /** Another attempt from {@code retryAt}. */
    Future<Void> retryLater(SqlClient client, Claimed item, String code, String reason, Instant retryAt) {
        return client.preparedQuery(ATTEMPT_FAILED).execute(Tuple.of(item.batchId(), item.reference(), "pending",
                SqlTime.utc(retryAt), code, reason).addValue(null)).mapEmpty();
    }

    /** No more attempts: the item is settled as failed with the last error. */
    Future<Void> failed(SqlClient client, Claimed item, String code, String reason, Instant now) {
        return client.preparedQuery(ATTEMPT_FAILED).execute(Tuple.of(item.batchId(), item.reference(), "failed",
                null, code, reason).addValue(SqlTime.utc(now))).mapEmpty();
    }

    Future<Optional<CaseBatches.Progress>> progress(SqlClient client, long id, int listed) {
        return client.preparedQuery(BATCH).execute(Tuple.of(id)).compose(rows -> {
            if (!rows.iterator().hasNext()) {
                return Future.succeededFuture(Optional.empty());
            }
            Row r = rows.iterator().next();
            Future<List<CaseBatches.Refused>> refused = client.preparedQuery(REFUSED).execute(Tuple.of(id, listed))
                    .map(items -> {
                        List<CaseBatches.Refused> out = new ArrayList<>();
                        items.forEach(i -> out.add(new CaseBatches.Refused(i.getString("reference"),
                                i.getString("code"), i.getString("case_status"), i.getString("reason"))));
                        return out;
                    });
            Future<List<CaseBatches.Untold>> untold = client.preparedQuery(UNTOLD).execute(Tuple.of(id, listed))
                    .map(items -> {
                        List<CaseBatches.Untold> out = new ArrayList<>();
                        items.forEach(i -> out.add(new CaseBatches.Untold(i.getString("reference"),
                                i.getString("refusal"))));
                        return out;
                    });
            Future<List<CaseBatches.Failed>> failed = client.preparedQuery(FAILED).execute(Tuple.of(id, listed))
                    .map(items -> {
                        List<CaseBatches.Failed> out = new ArrayList<>();
                        items.forEach(i -> out.add(new CaseBatches.Failed(i.getString("reference"),
                                i.getInteger("attempts"), i.getString("code"), i.getString("reason"))));
                        return out;
                    });
            return Future.all(refused, untold, failed).map(all -> Optional.of(new CaseBatches.Progress(r.getLong("id"),
                    r.getString("origin"), r.getString("action"), r.getJsonObject("parameters"), r.getString("actor"),
                    r.getOffsetDateTime("created_at").toInstant(), r.getLong("total"), r.getLong("done"),
                    r.getLong("refused"), r.getLong("failed"), r.getLong("told"), refused.result(), untold.result(),
                    failed.result())));
        });
    }

    Future<Set<String>> references(SqlClient client, long batchId) {
        return client.preparedQuery(REFERENCES).execute(Tuple.of(batchId)).map(rows -> {
            Set<String> out = new HashSet<>();
            rows.forEach(r -> out.add(r.getString("reference")));
            return out;
        });
    }

    /** Blanks the texts the batches hold about these cases (see {@link #ERASE_ITEMS}, {@link #ERASE_PARAMETERS}). */
    Future<Void> eraseCases(SqlClient client, List<Long> caseIds) {
        return client.preparedQuery(ERASE_ITEMS).execute(Tuple.tuple().addValue(caseIds.toArray(new Long[0])))
                .compose(rows -> {
                    Set<Long> batches = new HashSet<>();
                    rows.forEach(r -> batches.add(r.getLong("batch_id")));
                    return batches.isEmpty() ? Future.succeededFuture()
                            : client.preparedQuery(ERASE_PARAMETERS)
                                    .execute(Tuple.tuple().addValue(batches.toArray(new Long[0]))).mapEmpty();
                });
    }

    /** @return how many batches went */
    Future<Integer> deleteFinished(SqlClient client, Instant before, int limit) {
        return client.preparedQuery(DELETE_FINISHED).execute(Tuple.of(SqlTime.utc(before), limit))
                .map(rows -> rows.rowCount());
    }

    Future<Boolean> laterOneDone(SqlClient client, String origin, long batchId) {
        return client.preparedQuery(LATER_ONE_DONE).execute(Tuple.of(origin, batchId))
                .map(rows -> rows.iterator().next().getBoolean("later"));
    }

    Future<List<Long>> ofOrigin(SqlClient client, String origin, int limit) {
        return client.preparedQuery(OF_ORIGIN).execute(Tuple.of(origin, limit)).map(rows -> {
            List<Long> out = new ArrayList<>();
            rows.forEach(r -> out.add(r.getLong("id")));
            return out;
        });
    }
}
