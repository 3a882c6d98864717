package dev.shouli.core.cases;

import dev.shouli.core.db.FeedPosition;
import dev.shouli.core.db.SqlTime;
import dev.shouli.core.outbox.OutboxStore;
import dev.shouli.core.sla.SlaStore;
import dev.shouli.core.sla.SlaView;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.templates.SqlTemplate;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/** The desk's read side: cases, their submissions and attachments, and quarantined input. */
public final class CaseQueries {

    private static final String CASE_COLUMNS = """
            id, reference, kind, status, channel, received_at, occurred_at, subject, description, language,
            category, urgency, complainant, respondent, demand, product, location, acknowledge_due_at,
            first_response_due_at, resolve_due_at, created_at, updated_at, assignee, waiting_since""";

    /**
     * Newest first, keyset-paged on (received_at, id) so pages stay stable while cases arrive; {@code %s} is the
     * search's condition ({@link CaseSearch}).
     */
    private static final String LIST = "SELECT " + CASE_COLUMNS + """
              FROM complaint_case c
             WHERE (#{status}::text IS NULL OR status = #{status})
               AND (#{channel}::text IS NULL OR channel = #{channel})
               AND (#{kind}::text IS NULL OR kind = #{kind})
               AND (#{since}::timestamptz IS NULL OR received_at >= #{since})
               AND (#{until}::timestamptz IS NULL OR received_at < #{until})
               AND (#{afterAt}::timestamptz IS NULL OR (received_at, id) < (#{afterAt}, #{afterId}))
               AND (#{reference}::text IS NULL OR reference = #{reference})
               AND %s
             ORDER BY received_at DESC, id DESC
             LIMIT #{limit}""";

    /**
     * The changes feed: cases in the order of the transactions that last changed them, only from finished
     * transactions (see {@link FeedPosition}); a case changed again moves behind the cursor's end and is
     * seen again, so a pull client never misses a change under concurrent writes.
     */
    private static final String CHANGES = "SELECT " + CASE_COLUMNS + ", change_tx::text AS change_tx" + """
              FROM complaint_case
             WHERE (#{since}::timestamptz IS NULL OR updated_at >= #{since})
               AND (#{afterTx}::text IS NULL OR (change_tx, id) > (#{afterTx}::text::xid8, #{afterId}))
               AND change_tx < pg_snapshot_xmin(pg_current_snapshot())
             ORDER BY change_tx, id
             LIMIT #{limit}""";

    private static final String HEAD = "SELECT pg_snapshot_xmin(pg_current_snapshot())::text AS tx";

    private static final String BY_REFERENCE = "SELECT " + CASE_COLUMNS + " FROM complaint_case WHERE reference = #{reference}";

    private static final String SUBMISSIONS_OF_CASE = """
            SELECT s.id, s.channel, s.transport, s.external_id, s.received_at, s.content_type, s.outcome, s.reason,
                   s.request_id, cs.role
              FROM case_submission cs JOIN submission s ON s.id = cs.submission_id
             WHERE cs.case_id = #{caseId}
             ORDER BY s.received_at, s.id""";

    private static final String ATTACHMENTS_OF_CASE = """
            SELECT id, name, content_type, size_bytes, sha256, submission_id
              FROM attachment WHERE case_id = #{caseId} ORDER BY id""";

    private static final String DELIVERIES_OF_CASE = """
            SELECT o.id, o.kind, o.channel, o.status, o.attempts, o.last_error, o.result, o.delivered_at,
                   o.next_attempt_at, o.created_at, o.preview, o.request_id, o.idempotency_key,
                   c.complainant ->> 'confidential' = 'true' AS confidential
              FROM outbox o JOIN complaint_case c ON c.id = o.case_id
             WHERE o.case_id = #{caseId} ORDER BY o.id""";

    private static final String HISTORY_OF_CASE = """
            SELECT at, actor, kind, detail, request_id FROM case_event WHERE case_id = #{caseId} ORDER BY id""";

    private static final String ATTACHMENT = """
            SELECT a.name, a.content_type, a.content
              FROM attachment a JOIN complaint_case c ON c.id = a.case_id
             WHERE c.reference = #{reference} AND a.id = #{id}""";

    private static final String SUBMISSION_LIST = """
            SELECT id, channel, transport, external_id, received_at, content_type, outcome, reason, error, case_id,
                   request_id
              FROM submission
             WHERE (#{outcome}::text IS NULL OR outcome = #{outcome})
               AND (#{channel}::text IS NULL OR channel = #{channel})
               AND (#{beforeId}::bigint IS NULL OR id < #{beforeId})
             ORDER BY id DESC
             LIMIT #{limit}""";

    private static final String SUBMISSION = """
            SELECT s.id, s.channel, s.transport, s.external_id, s.received_at, s.content_type, s.outcome, s.reason,
                   s.error, s.case_id, s.headers, s.body, s.body_sha256, s.request_id, c.reference
              FROM submission s LEFT JOIN complaint_case c ON c.id = s.case_id
             WHERE s.id = #{id}""";

    /** Filters of the case list; null means "any"; {@code search} what a person typed ({@link CaseSearch}). */
    public record CaseFilter(String status, String channel, String kind, Instant receivedSince,
                             Instant receivedUntil, CaseSearch.Query search) {

        public CaseFilter(String status, String channel, String kind, Instant receivedSince, Instant receivedUntil) {
            this(status, channel, kind, receivedSince, receivedUntil, CaseSearch.parse(null));
        }
    }

    /** The position after the last row of a page. */
    public record CaseCursor(Instant receivedAt, long id) {
    }

    public record CasePage(List<JsonObject> items, CaseCursor next) {
    }

    /** A page of the changes feed; {@code next} is where to continue, also when the page is empty. */
    public record ChangePage(List<JsonObject> items, FeedPosition next, boolean more) {
    }

    public record AttachmentContent(String name, String contentType, byte[] content) {
    }

    private final Pool pool;
    private final SlaView slaView;
    private final SlaStore slaStore = new SlaStore();
    private final Supplier<List<CaseDetail>> details;

    /** Without an SLA view the detail shows only the case's due columns. */
    public CaseQueries(Pool pool) {
        this(pool, null, List::of);
    }

    /** @param details the parts of the record modules keep, fixed before the first request */
    public CaseQueries(Pool pool, SlaView slaView, Supplier<List<CaseDetail>> details) {
        this.pool = pool;
        this.slaView = slaView;
        this.details = details;
    }

    public Future<CasePage> list(CaseFilter filter, CaseCursor after, int limit) {
        Map<String, Object> p = new HashMap<>();
        p.put("status", filter.status());
        p.put("channel", filter.channel());
        p.put("kind", filter.kind());
        p.put("since", SqlTime.utc(filter.receivedSince()));
        p.put("until", SqlTime.utc(filter.receivedUntil()));
        p.put("afterAt", after == null ? null : SqlTime.utc(after.receivedAt()));
        p.put("afterId", after == null ? null : after.id());
        // One row more than asked tells whether another page exists.
        p.put("limit", limit + 1);
        CaseSearch.Query search = filter.search();
        p.put("reference", search.reference());
        for (int i = 0; i < search.patterns().size(); i++) {
            p.put("q" + i, search.patterns().get(i));
        }
        String sql = LIST.formatted(search.condition(i -> "#{q" + i + "}"));
        return SqlTemplate.forQuery(pool, sql).execute(p).map(rows -> {
            List<Row> all = new java.util.ArrayList<>();
            rows.forEach(all::add);
            List<Row> page = all.subList(0, Math.min(limit, all.size()));
            CaseCursor next = null;
            if (all.size() > limit) {
                Row last = page.get(page.size() - 1);
                next = new CaseCursor(last.getOffsetDateTime("received_at").toInstant(), last.getLong("id"));
            }
            return new CasePage(page.stream().map(CaseQueries::caseJson).toList(), next);
        });
    }

    public Future<ChangePage> changes(Instant updatedSince, FeedPosition after, int limit) {
        Map<String, Object> p = new HashMap<>();
        p.put("since", SqlTime.utc(updatedSince));
        p.put("afterTx", after == null ? null : after.tx());
        p.put("afterId", after == null ? null : after.id());
        p.put("limit", limit + 1);
        return SqlTemplate.forQuery(pool, CHANGES).execute(p).compose(rows -> {
            List<Row> all = new java.util.ArrayList<>();
            rows.forEach(all::add);
            List<Row> page = all.subList(0, Math.min(limit, all.size()));
            List<JsonObject> items = page.stream().map(CaseQueries::caseJson).toList();
            if (!page.isEmpty()) {
                Row last = page.get(page.size() - 1);
                return Future.succeededFuture(new ChangePage(items,
                        new FeedPosition(last.getString("change_tx"), last.getLong("id")), all.size() > limit));
            }
            if (after != null) {
                return Future.succeededFuture(new ChangePage(items, after, false));
            }
            // Nothing yet: continue from the present, which every later change comes after.
            return pool.query(HEAD).execute().map(head -> new ChangePage(items,
                    new FeedPosition(head.iterator().next().getString("tx"), 0), false));
        });
    }

    /** The full record with its submissions and attachment metadata, or empty for an unknown reference. */
    public Future<Optional<JsonObject>> byReference(String reference) {
        return SqlTemplate.forQuery(pool, BY_REFERENCE).execute(Map.of("reference", reference)).compose(rows -> {
            if (!rows.iterator().hasNext()) {
                return Future.succeededFuture(Optional.empty());
            }
            Row row = rows.iterator().next();
            long caseId = row.getLong("id");
            JsonObject json = caseJson(row);
            Future<JsonArray> submissions = SqlTemplate.forQuery(pool, SUBMISSIONS_OF_CASE)
                    .execute(Map.of("caseId", caseId))
                    .map(r -> {
                        JsonArray out = new JsonArray();
                        r.forEach(s -> out.add(submissionSummary(s).put("role", s.getString("role"))));
                        return out;
                    });
            Future<JsonArray> attachments = SqlTemplate.forQuery(pool, ATTACHMENTS_OF_CASE)
                    .execute(Map.of("caseId", caseId))
                    .map(r -> {
                        JsonArray out = new JsonArray();
                        r.forEach(a -> out.add(new JsonObject()
                                .put("id", a.getLong("id"))
                                .put("name", a.getString("name"))
                                .put("contentType", a.getString("content_type"))
                                .put("size", a.getLong("size_bytes"))
                                .put("sha256", a.getString("sha256"))
                                .put("submissionId", a.getLong("submission_id"))
                                .put("href", "/api/v1/cases/" + reference + "/attachments/" + a.getLong("id"))));
                        return out;
                    });
            Future<JsonArray> deliveries = SqlTemplate.forQuery(pool, DELIVERIES_OF_CASE)
                    .execute(Map.of("caseId", caseId))
                    .map(r -> {
                        JsonArray out = new JsonArray();
                        r.forEach(d -> out.add(OutboxStore.summary(d)));
                        return out;
                    });
            Future<JsonArray> history = SqlTemplate.forQuery(pool, HISTORY_OF_CASE)
                    .execute(Map.of("caseId", caseId))
                    .map(r -> {
                        JsonArray out = new JsonArray();
                        r.forEach(e -> out.add(new JsonObject()
                                .put("at", instant(e.getOffsetDateTime("at")))
                                .put("actor", e.getString("actor"))
                                .put("kind", e.getString("kind"))
                                .put("detail", e.getJsonObject("detail"))
                                .put("requestId", e.getString("request_id"))));
                        return out;
                    });
            List<CaseDetail> parts = details.get();
            List<Future<Object>> extra = parts.stream().map(d -> d.of(pool, caseId)).toList();
            Future<JsonArray> deadlines = slaView == null ? Future.succeededFuture(new JsonArray())
                    : slaStore.ofCase(pool, caseId, false).map(slaView::render);
            List<Future<?>> all = new java.util.ArrayList<>(List.of(submissions, attachments, deliveries, history,
                    deadlines));
            all.addAll(extra);
            return Future.all(all).map(done -> {
                json.put("sla", json.getJsonObject("sla").put("deadlines", deadlines.result())
                                .put("waitingSince", instant(row.getOffsetDateTime("waiting_since"))))
                        .put("assignee", row.getString("assignee"))
                        .put("submissions", submissions.result())
                        .put("attachments", attachments.result())
                        .put("deliveries", deliveries.result())
                        .put("history", history.result());
                for (int i = 0; i < parts.size(); i++) {
                    Object value = extra.get(i).result();
                    if (value != null) {
                        json.put(parts.get(i).field(), value);
                    }
                }
                return Optional.of(json);
            });
        });
    }

    public Future<Optional<AttachmentContent>> attachment(String reference, long id) {
        return SqlTemplate.forQuery(pool, ATTACHMENT)
                .mapTo(r -> new AttachmentContent(r.getString("name"), r.getString("content_type"),
                        r.getBuffer("content").getBytes()))
                .execute(Map.of("reference", reference, "id", id))
                .map(rows -> rows.iterator().hasNext() ? Optional.of(rows.iterator().next()) : Optional.empty());
    }

    /** Submissions newest first, e.g. everything quarantined; paged by id. */
    public Future<List<JsonObject>> submissions(String outcome, String channel, Long beforeId, int limit) {
        Map<String, Object> p = new HashMap<>();
        p.put("outcome", outcome);
        p.put("channel", channel);
        p.put("beforeId", beforeId);
        p.put("limit", limit);
        return SqlTemplate.forQuery(pool, SUBMISSION_LIST)
                .mapTo(r -> submissionSummary(r).put("error", r.getString("error")))
                .execute(p)
                .map(rows -> {
                    List<JsonObject> out = new java.util.ArrayList<>();
                    rows.forEach(out::add);
                    return out;
                });
    }

    /** One submission with its verbatim headers and body (base64), for operators and replay. */
    public Future<Optional<JsonObject>> submission(long id) {
        return SqlTemplate.forQuery(pool, SUBMISSION)
                .mapTo(r -> {
                    Buffer body = r.getBuffer("body");
                    return submissionSummary(r)
                            .put("error", r.getString("error"))
                            .put("reference", r.getString("reference"))
                            .put("headers", r.getJsonObject("headers"))
                            .put("bodySha256", r.getString("body_sha256"))
                            .put("bodyBase64", java.util.Base64.getEncoder().encodeToString(body.getBytes()));
                })
                .execute(Map.of("id", id))
                .map(rows -> rows.iterator().hasNext() ? Optional.of(rows.iterator().next()) : Optional.empty());
    }

    private static JsonObject submissionSummary(Row r) {
        return new JsonObject()
                .put("id", r.getLong("id"))
                .put("channel", r.getString("channel"))
                .put("transport", r.getString("transport"))
                .put("externalId", r.getString("external_id"))
                .put("receivedAt", instant(r.getOffsetDateTime("received_at")))
                .put("contentType", r.getString("content_type"))
                .put("outcome", r.getString("outcome"))
                .put("reason", r.getString("reason"))
                .put("requestId", r.getString("request_id"));
    }

    /** A case row in the desk API's shape (docs/architecture.md, "The normalised record"). */
    static JsonObject caseJson(Row r) {
        JsonObject json = new JsonObject()
                .put("reference", r.getString("reference"))
                .put("kind", r.getString("kind"))
                .put("status", r.getString("status"))
                .put("channel", r.getString("channel"))
                .put("receivedAt", instant(r.getOffsetDateTime("received_at")))
                .put("occurredAt", instant(r.getOffsetDateTime("occurred_at")))
                .put("subject", r.getString("subject"))
                .put("description", r.getString("description"))
                .put("language", r.getString("language"))
                .put("category", r.getString("category"))
                .put("urgency", r.getString("urgency"))
                .put("complainant", r.getJsonObject("complainant"))
                .put("respondent", r.getJsonObject("respondent"))
                .put("demand", r.getJsonObject("demand"))
                .put("product", r.getJsonObject("product"))
                .put("location", r.getJsonObject("location"))
                .put("sla", new JsonObject()
                        .put("acknowledgeDueAt", instant(r.getOffsetDateTime("acknowledge_due_at")))
                        .put("firstResponseDueAt", instant(r.getOffsetDateTime("first_response_due_at")))
                        .put("resolveDueAt", instant(r.getOffsetDateTime("resolve_due_at"))))
                .put("createdAt", instant(r.getOffsetDateTime("created_at")))
                .put("updatedAt", instant(r.getOffsetDateTime("updated_at")));
        return json;
    }

    private static String instant(OffsetDateTime t) {
        return t == null ? null : t.toInstant().toString();
    }
}
