package dev.shouli.feature.routing;

import dev.shouli.core.db.SqlTime;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The routing queue, each case's routing and its dispatches, and the desk's labels. Reads the case columns it
 * routes by from {@code complaint_case}, and writes there only the two a routing decision sets: the category
 * (when the case had none) and the assignee (when it had none).
 */
final class RoutingStore {

    static final List<String> OPEN = List.of("new", "acknowledged", "in_progress");

    private static final String ENQUEUE = """
            INSERT INTO routing_queue (case_id, queued_at, step, not_before) VALUES ($1, $2, $3, $2)
            ON CONFLICT (case_id) DO UPDATE SET step = EXCLUDED.step, not_before = EXCLUDED.not_before""";

    private static final String TRY_BECOME_ROUTER =
            "SELECT pg_try_advisory_xact_lock(hashtextextended('shouli:router', 0)) AS ok";

    static final String CASE_COLUMNS = """
            c.id, c.reference, c.status, c.channel, c.kind, c.urgency, c.subject, c.description, c.category,
            c.respondent, c.location, c.demand, c.assignee, c.created_at""";

    /**
     * The batch is picked from the queue alone, then its cases are read by id. Written as one join with the limit
     * outside, the planner hashed the whole case table for every batch (a sequential scan: 26 ms at 6,600 cases,
     * growing with every case ever stored), as the queue's statistics, churned by hundreds of rows a second, never
     * told it the queue was small.
     */
    private static final String DUE = "SELECT q.step, q.queued_at, r.unit, " + CASE_COLUMNS + """
              FROM (SELECT case_id, step, queued_at FROM routing_queue WHERE not_before <= $1
                     ORDER BY queued_at, case_id LIMIT $2) q
              JOIN complaint_case c ON c.id = q.case_id
              LEFT JOIN routing_case r ON r.case_id = q.case_id
             ORDER BY q.queued_at, q.case_id""";

    /** Cases a desk action or an intake holds are left for the next round rather than waited for. */
    private static final String LOCK_CASES =
            "SELECT id FROM complaint_case WHERE id = ANY($1) ORDER BY id FOR UPDATE SKIP LOCKED";

    private static final String LOCK_CASE = "SELECT " + CASE_COLUMNS + """
            , r.unit, r.state, r.category AS routed_category
              FROM complaint_case c LEFT JOIN routing_case r ON r.case_id = c.id
             WHERE c.reference = $1 FOR UPDATE OF c""";

    /**
     * The routings a batch decided, one statement for all of them (one array per column): a statement per case cost
     * PostgreSQL and the gateway more than the row it wrote. A case is in a batch once (the queue is keyed by case),
     * as an upsert of many rows requires. Tags and suggestions go as JSON text, one per case.
     */
    private static final String SAVE_ALL = """
            INSERT INTO routing_case (case_id, unit, state, rule, rule_set, category, category_source, confidence,
                                      decided, classifier_version, reason, suggestions, source_category,
                                      model_category, model_confidence, model_decided, tags, assignee, due_at,
                                      routed_at, updated_at)
            SELECT r.case_id, r.unit, r.state, r.rule, r.rule_set, r.category, r.category_source, r.confidence,
                   r.decided, r.classifier_version, r.reason, r.suggestions::jsonb, r.source_category,
                   r.model_category, r.model_confidence, r.model_decided,
                   ARRAY(SELECT jsonb_array_elements_text(r.tags::jsonb)), r.assignee, r.due_at, r.at, r.at
              FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[], $5::integer[], $6::text[], $7::text[],
                          $8::float8[], $9::boolean[], $10::integer[], $11::text[], $12::text[], $13::text[],
                          $14::text[], $15::float8[], $16::boolean[], $17::text[], $18::text[],
                          $19::timestamptz[], $20::timestamptz[])
                   AS r (case_id, unit, state, rule, rule_set, category, category_source, confidence, decided,
                         classifier_version, reason, suggestions, source_category, model_category,
                         model_confidence, model_decided, tags, assignee, due_at, at)
            ON CONFLICT (case_id) DO UPDATE SET unit = EXCLUDED.unit, state = EXCLUDED.state, rule = EXCLUDED.rule,
                rule_set = EXCLUDED.rule_set, category = EXCLUDED.category,
                category_source = EXCLUDED.category_source, confidence = EXCLUDED.confidence,
                decided = EXCLUDED.decided, classifier_version = EXCLUDED.classifier_version,
                reason = EXCLUDED.reason, suggestions = EXCLUDED.suggestions,
                source_category = EXCLUDED.source_category, model_category = EXCLUDED.model_category,
                model_confidence = EXCLUDED.model_confidence, model_decided = EXCLUDED.model_decided,
                tags = EXCLUDED.tags, assignee = EXCLUDED.assignee, due_at = EXCLUDED.due_at,
                routed_at = EXCLUDED.routed_at, updated_at = EXCLUDED.updated_at""";

    private static final String MOVE = """
            UPDATE routing_case SET unit = $2, state = $3, assignee = NULL, due_at = $4, updated_at = $5
             WHERE case_id = $1""";

    private static final String SET_CATEGORY = """
            UPDATE routing_case SET category = $2, category_source = 'desk', updated_at = $3 WHERE case_id = $1""";

    private static final String SET_ASSIGNEE = "UPDATE routing_case SET assignee = $2, updated_at = $3 WHERE case_id = $1";

    private static final String DISPATCH = """
            INSERT INTO routing_dispatch (case_id, unit, how, first, category, rule, actor, at)
            VALUES ($1, $2, $3, NOT EXISTS (SELECT 1 FROM routing_dispatch WHERE case_id = $1), $4, $5, $6, $7)""";

    private static final String END_DISPATCH = """
            UPDATE routing_dispatch SET ended = $2, ended_at = $3, reason_code = $4
             WHERE id = (SELECT max(id) FROM routing_dispatch WHERE case_id = $1) AND ended IS NULL""";

    /** Only what routing decides, and only where nothing was set: the source's code and a desk's pick win. */
    private static final String UPDATE_CASE = """
            UPDATE complaint_case SET category = COALESCE(category, $2), assignee = COALESCE(assignee, $3),
                   updated_at = $4
             WHERE id = $1""";

    /** A desk decision: the category the desk set, the assignee of the unit it left cleared. */
    private static final String DESK_UPDATE_CASE = """
            UPDATE complaint_case SET category = COALESCE($2, category),
                   assignee = CASE WHEN $3 THEN NULL ELSE assignee END, updated_at = $4
             WHERE id = $1""";

    private static final String LABEL = """
            INSERT INTO routing_label (case_id, category, how, actor, at) VALUES ($1, $2, $3, $4, $5)
            ON CONFLICT (case_id) DO UPDATE SET category = EXCLUDED.category, how = EXCLUDED.how,
                actor = EXCLUDED.actor, at = EXCLUDED.at""";

    private static final String ROUTING_OF = """
            SELECT unit, state, rule, rule_set, category, category_source, confidence, decided, classifier_version,
                   reason, suggestions, tags, assignee, due_at, routed_at, updated_at
              FROM routing_case WHERE case_id = $1""";

    private static final String DISPATCHES_OF = """
            SELECT unit, how, first, category, rule, actor, at, ended, ended_at, reason_code
              FROM routing_dispatch WHERE case_id = $1 ORDER BY id""";

    private static final String WAS_RETURNED = """
            SELECT EXISTS (SELECT 1 FROM routing_dispatch WHERE case_id = $1 AND ended = 'returned') AS returned""";

    /** Closed cases whose category a person set, confirmed or re-routed to: never the classifier's own. */
    private static final String LABELLED = """
            SELECT c.subject, c.description, l.category
              FROM routing_label l JOIN complaint_case c ON c.id = l.case_id
             WHERE c.status = 'closed' AND c.anonymised_at IS NULL
             ORDER BY l.case_id""";

    private static final String QUEUE_STATE =
            "SELECT count(*) AS queued, min(queued_at) AS oldest FROM routing_queue WHERE step = 'route'";

    /** A case as the router takes it from the queue. */
    record Queued(String step, Instant queuedAt, String routedUnit, long caseId, String reference, String status,
                  String channel, String kind, String urgency, String subject, String description, String category,
                  JsonObject respondent, JsonObject location, JsonObject demand, String assignee, Instant createdAt) {

        boolean open() {
            return OPEN.contains(status);
        }

        CaseFacts facts(String decidedCategory) {
            return CaseFacts.of(caseId, reference, channel, kind, urgency, subject, description, respondent, location,
                    demand, decidedCategory);
        }
    }

    /** A case a desk action locked, with where routing has it. */
    record Locked(Queued record, String unit, String state, String routedCategory) {
    }

    /** What a routing decision stores for a case. */
    record Routing(long caseId, String unit, String state, String rule, int ruleSet, String category,
                   String categorySource, Double confidence, boolean decided, Integer classifierVersion, String reason,
                   JsonArray suggestions, String sourceCategory, String modelCategory, Double modelConfidence,
                   Boolean modelDecided, List<String> tags, String assignee, Instant dueAt, Instant at) {
    }

    Future<Void> enqueue(SqlClient client, long caseId, String step, Instant at) {
        return client.preparedQuery(ENQUEUE).execute(Tuple.of(caseId, SqlTime.utc(at), step)).mapEmpty();
    }

    Future<Boolean> tryBecomeRouter(SqlClient client) {
        return client.query(TRY_BECOME_ROUTER).execute().map(rows -> rows.iterator().next().getBoolean("ok"));
    }

    Future<List<Queued>> due(SqlClient client, Instant now, int limit) {
        return client.preparedQuery(DUE).execute(Tuple.of(SqlTime.utc(now), limit)).map(rows -> {
            List<Queued> out = new ArrayList<>();
            rows.forEach(r -> out.add(queued(r, r.getString("step"), instant(r, "queued_at"), r.getString("unit"))));
            return out;
        });
    }

    static Queued queued(Row r, String step, Instant queuedAt, String unit) {
        return new Queued(step, queuedAt, unit, r.getLong("id"), r.getString("reference"),
                r.getString("status"), r.getString("channel"), r.getString("kind"), r.getString("urgency"),
                r.getString("subject"), r.getString("description"), r.getString("category"),
                r.getJsonObject("respondent"), r.getJsonObject("location"), r.getJsonObject("demand"),
                r.getString("assignee"), instant(r, "created_at"));
    }

    Future<Set<Long>> lockCases(SqlClient client, List<Long> ids) {
        return client.preparedQuery(LOCK_CASES).execute(Tuple.of(ids.toArray(Long[]::new))).map(rows -> {
            Set<Long> locked = new HashSet<>();
            rows.forEach(r -> locked.add(r.getLong("id")));
            return locked;
        });
    }

    Future<Optional<Locked>> lockCase(SqlClient client, String reference) {
        return client.preparedQuery(LOCK_CASE).execute(Tuple.of(reference)).map(rows -> {
            if (!rows.iterator().hasNext()) {
                return Optional.empty();
            }
            Row r = rows.iterator().next();
            return Optional.of(new Locked(queued(r, null, null, r.getString("unit")), r.getString("unit"),
                    r.getString("state"), r.getString("routed_category")));
        });
    }

    Future<Void> dequeue(SqlClient client, List<Long> ids) {
        return ids.isEmpty() ? Future.succeededFuture()
                : client.preparedQuery("DELETE FROM routing_queue WHERE case_id = ANY($1)")
                .execute(Tuple.of(ids.toArray(Long[]::new))).mapEmpty();
    }

    /** The cases wait for their unit's members: asked again at {@code notBefore}. */
    Future<Void> waitForAssignment(SqlClient client, List<Long> ids, Instant notBefore) {
        return ids.isEmpty() ? Future.succeededFuture()
                : client.preparedQuery("UPDATE routing_queue SET step = 'assign', not_before = $2 WHERE case_id = ANY($1)")
                .execute(Tuple.of(ids.toArray(Long[]::new), SqlTime.utc(notBefore))).mapEmpty();
    }

    Future<Void> saveAll(SqlClient client, List<Routing> routings) {
        if (routings.isEmpty()) {
            return Future.succeededFuture();
        }
        int n = routings.size();
        Long[] caseIds = new Long[n];
        String[] units = new String[n];
        String[] states = new String[n];
        String[] rules = new String[n];
        Integer[] ruleSets = new Integer[n];
        String[] categories = new String[n];
        String[] categorySources = new String[n];
        Double[] confidences = new Double[n];
        Boolean[] decided = new Boolean[n];
        Integer[] classifierVersions = new Integer[n];
        String[] reasons = new String[n];
        String[] suggestions = new String[n];
        String[] sourceCategories = new String[n];
        String[] modelCategories = new String[n];
        Double[] modelConfidences = new Double[n];
        Boolean[] modelDecided = new Boolean[n];
        String[] tags = new String[n];
        String[] assignees = new String[n];
        OffsetDateTime[] dueAt = new OffsetDateTime[n];
        OffsetDateTime[] at = new OffsetDateTime[n];
        for (int i = 0; i < n; i++) {
            Routing r = routings.get(i);
            caseIds[i] = r.caseId();
            units[i] = r.unit();
            states[i] = r.state();
            rules[i] = r.rule();
            ruleSets[i] = r.ruleSet();
            categories[i] = r.category();
            categorySources[i] = r.categorySource();
            confidences[i] = r.confidence();
            decided[i] = r.decided();
            classifierVersions[i] = r.classifierVersion();
            reasons[i] = r.reason();
            suggestions[i] = (r.suggestions() == null ? new JsonArray() : r.suggestions()).encode();
            sourceCategories[i] = r.sourceCategory();
            modelCategories[i] = r.modelCategory();
            modelConfidences[i] = r.modelConfidence();
            modelDecided[i] = r.modelDecided();
            tags[i] = new JsonArray(r.tags()).encode();
            assignees[i] = r.assignee();
            dueAt[i] = SqlTime.utc(r.dueAt());
            at[i] = SqlTime.utc(r.at());
        }
        Tuple t = Tuple.tuple().addValue(caseIds).addValue(units).addValue(states).addValue(rules).addValue(ruleSets)
                .addValue(categories).addValue(categorySources).addValue(confidences).addValue(decided)
                .addValue(classifierVersions).addValue(reasons).addValue(suggestions).addValue(sourceCategories)
                .addValue(modelCategories).addValue(modelConfidences).addValue(modelDecided).addValue(tags)
                .addValue(assignees).addValue(dueAt).addValue(at);
        return client.preparedQuery(SAVE_ALL).execute(t).mapEmpty();
    }

    Future<Void> move(SqlClient client, long caseId, String unit, String state, Instant dueAt, Instant at) {
        return client.preparedQuery(MOVE).execute(Tuple.of(caseId, unit, state, SqlTime.utc(dueAt), SqlTime.utc(at)))
                .mapEmpty();
    }

    Future<Void> setCategory(SqlClient client, long caseId, String category, Instant at) {
        return client.preparedQuery(SET_CATEGORY).execute(Tuple.of(caseId, category, SqlTime.utc(at))).mapEmpty();
    }

    Future<Void> setAssignee(SqlClient client, long caseId, String assignee, Instant at) {
        return client.preparedQuery(SET_ASSIGNEE).execute(Tuple.of(caseId, assignee, SqlTime.utc(at))).mapEmpty();
    }

    Future<Void> dispatch(SqlClient client, long caseId, String unit, String how, String category, String rule,
                          String actor, Instant at) {
        return client.preparedQuery(DISPATCH).execute(Tuple.of(caseId, unit, how, category, rule, actor,
                SqlTime.utc(at))).mapEmpty();
    }

    /** Ends the case's current dispatch: {@code returned} (a routing error) or {@code transferred}. */
    Future<Void> endDispatch(SqlClient client, long caseId, String ended, String reasonCode, Instant at) {
        return client.preparedQuery(END_DISPATCH).execute(Tuple.of(caseId, ended, SqlTime.utc(at), reasonCode))
                .mapEmpty();
    }

    Future<Void> updateCase(SqlClient client, long caseId, String category, String assignee, Instant at) {
        return client.preparedQuery(UPDATE_CASE).execute(Tuple.of(caseId, category, assignee, SqlTime.utc(at)))
                .mapEmpty();
    }

    Future<Void> deskUpdateCase(SqlClient client, long caseId, String category, boolean clearAssignee, Instant at) {
        return client.preparedQuery(DESK_UPDATE_CASE).execute(Tuple.of(caseId, category, clearAssignee,
                SqlTime.utc(at))).mapEmpty();
    }

    Future<Void> label(SqlClient client, long caseId, String category, String how, String actor, Instant at) {
        return client.preparedQuery(LABEL).execute(Tuple.of(caseId, category, how, actor, SqlTime.utc(at)))
                .mapEmpty();
    }

    Future<Boolean> wasReturned(SqlClient client, long caseId) {
        return client.preparedQuery(WAS_RETURNED).execute(Tuple.of(caseId))
                .map(rows -> rows.iterator().next().getBoolean("returned"));
    }

    /** The case JSON's {@code routing} member, or null when the case was not routed (yet). */
    Future<JsonObject> routingOf(SqlClient client, long caseId) {
        Future<RowSet<Row>> routing = client.preparedQuery(ROUTING_OF).execute(Tuple.of(caseId));
        Future<RowSet<Row>> dispatches = client.preparedQuery(DISPATCHES_OF).execute(Tuple.of(caseId));
        return Future.all(routing, dispatches).map(done -> {
            if (!routing.result().iterator().hasNext()) {
                return null;
            }
            Row r = routing.result().iterator().next();
            JsonArray history = new JsonArray();
            dispatches.result().forEach(d -> history.add(new JsonObject()
                    .put("unit", d.getString("unit"))
                    .put("how", d.getString("how"))
                    .put("first", d.getBoolean("first"))
                    .put("category", d.getString("category"))
                    .put("rule", d.getString("rule"))
                    .put("actor", d.getString("actor"))
                    .put("at", text(instant(d, "at")))
                    .put("ended", d.getString("ended"))
                    .put("endedAt", text(instant(d, "ended_at")))
                    .put("reasonCode", d.getString("reason_code"))));
            Object suggestions = r.getValue("suggestions");
            return new JsonObject()
                    .put("unit", r.getString("unit"))
                    .put("rule", r.getString("rule"))
                    .put("classifierVersion", r.getInteger("classifier_version"))
                    .put("confidence", r.getDouble("confidence"))
                    .put("decided", r.getBoolean("decided"))
                    .put("state", r.getString("state"))
                    .put("category", r.getString("category"))
                    .put("categorySource", r.getString("category_source"))
                    .put("reason", r.getString("reason"))
                    .put("suggestions", suggestions instanceof JsonArray a ? a : new JsonArray())
                    .put("ruleSet", r.getInteger("rule_set"))
                    .put("tags", new JsonArray(List.of(r.getArrayOfStrings("tags"))))
                    .put("assignee", r.getString("assignee"))
                    .put("dueAt", text(instant(r, "due_at")))
                    .put("routedAt", text(instant(r, "routed_at")))
                    .put("dispatches", history);
        });
    }

    /** Labelled closed cases: subject, description, category. */
    Future<List<ClassifierTraining.Example>> labelled(SqlClient client) {
        return client.query(LABELLED).execute().map(rows -> {
            List<ClassifierTraining.Example> out = new ArrayList<>();
            rows.forEach(r -> out.add(new ClassifierTraining.Example(nonNull(r.getString("subject")),
                    nonNull(r.getString("description")), r.getString("category"))));
            return out;
        });
    }

    Future<JsonObject> queueState(SqlClient client) {
        return client.query(QUEUE_STATE).execute().map(rows -> {
            Row r = rows.iterator().next();
            return new JsonObject().put("queued", r.getLong("queued")).put("oldest", text(instant(r, "oldest")));
        });
    }

    private static String nonNull(String s) {
        return s == null ? "" : s;
    }

    static Instant instant(Row r, String column) {
        OffsetDateTime t = r.getOffsetDateTime(column);
        return t == null ? null : t.toInstant();
    }

    private static String text(Instant t) {
        return t == null ? null : t.toString();
    }
}
