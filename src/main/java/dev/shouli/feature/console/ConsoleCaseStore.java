package dev.shouli.feature.console;

import dev.shouli.core.cases.CaseActionStore;
import dev.shouli.core.db.SqlTime;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What the console's case page shows beyond the desk API's record: the verbatim submissions, which of them
 * dedup joined (and can be split off), incident membership and internal notes; and the console's own write on a
 * case: an internal note (replies are desk actions, {@code CaseActionService}).
 */
final class ConsoleCaseStore {

    /**
     * Every submission of the case with its raw bytes and whether dedup joined it, or a confirmed possible duplicate
     * did (so it can be split off).
     */
    private static final String SUBMISSIONS = """
            SELECT s.id, s.channel, s.transport, s.external_id, s.received_at, s.content_type, s.headers, s.body,
                   s.outcome, cs.role, coalesce(j.complaint ->> 'description', j.complaint ->> 'subject') AS joined_text,
                   j.submission_id IS NOT NULL AND j.split_case_id IS NULL
                   OR EXISTS (SELECT 1 FROM possible_duplicate p WHERE p.submission_id = s.id
                                 AND p.existing_case_id = cs.case_id AND p.state = 'confirmed') AS joined
              FROM case_submission cs JOIN submission s ON s.id = cs.submission_id
              LEFT JOIN dedup_joined_submission j ON j.submission_id = s.id AND j.case_id = cs.case_id
             WHERE cs.case_id = $1
             ORDER BY s.received_at, s.id""";

    private static final String INCIDENT = """
            SELECT i.id, i.respondent, i.place, i.title, i.case_count, i.first_at, i.last_at
              FROM incident_member m JOIN incident i ON i.id = m.incident_id
             WHERE m.case_id = $1""";

    private static final String NOTES = "SELECT id, author, body, at FROM case_note WHERE case_id = $1 ORDER BY id";

    /** One verbatim submission; {@code text} what dedup read of a joined one (its description), else null. */
    public record StoredSubmission(long id, String channel, String transport, String externalId, Instant receivedAt,
                                   String contentType, JsonObject headers, byte[] body, String outcome, String role,
                                   boolean joined, String text) {
    }

    public record Note(long id, String author, String body, Instant at) {
    }

    private final Pool pool;

    public ConsoleCaseStore(Pool pool) {
        this.pool = pool;
    }

    public Future<Long> caseIdOf(String reference) {
        return pool.preparedQuery("SELECT id FROM complaint_case WHERE reference = $1").execute(Tuple.of(reference))
                .map(rows -> rows.iterator().hasNext() ? rows.iterator().next().getLong("id") : -1L);
    }

    public Future<List<StoredSubmission>> submissions(long caseId) {
        return pool.preparedQuery(SUBMISSIONS).execute(Tuple.of(caseId)).map(rows -> {
            List<StoredSubmission> out = new ArrayList<>();
            rows.forEach(r -> out.add(new StoredSubmission(r.getLong("id"), r.getString("channel"),
                    r.getString("transport"), r.getString("external_id"), instant(r, "received_at"),
                    r.getString("content_type"), r.getJsonObject("headers"), r.getBuffer("body").getBytes(),
                    r.getString("outcome"), r.getString("role"), r.getBoolean("joined"), r.getString("joined_text"))));
            return out;
        });
    }

    public Future<Optional<JsonObject>> incidentOf(long caseId) {
        return pool.preparedQuery(INCIDENT).execute(Tuple.of(caseId)).map(rows -> {
            if (!rows.iterator().hasNext()) {
                return Optional.empty();
            }
            Row r = rows.iterator().next();
            return Optional.of(new JsonObject().put("id", r.getLong("id")).put("respondent", r.getString("respondent"))
                    .put("place", r.getString("place")).put("title", r.getString("title"))
                    .put("caseCount", r.getInteger("case_count")));
        });
    }

    public Future<List<Note>> notes(long caseId) {
        return pool.preparedQuery(NOTES).execute(Tuple.of(caseId)).map(rows -> {
            List<Note> out = new ArrayList<>();
            rows.forEach(r -> out.add(new Note(r.getLong("id"), r.getString("author"), r.getString("body"),
                    instant(r, "at"))));
            return out;
        });
    }

    /** Adds an internal note; the history says who added one, without its text. */
    public Future<Void> addNote(String reference, String author, String body, Instant at) {
        return pool.withTransaction(conn -> caseId(conn, reference).compose(id -> conn.preparedQuery(
                        "INSERT INTO case_note (case_id, author, body, at) VALUES ($1, $2, $3, $4) RETURNING id")
                .execute(Tuple.of(id, author, body, SqlTime.utc(at)))
                .compose(rows -> CaseActionStore.recordEvent(conn, id, at, author, "note_added",
                        new JsonObject().put("noteId", rows.iterator().next().getLong("id"))))
                .compose(v -> touch(conn, id, at))));
    }

    private static Future<Long> caseId(SqlClient conn, String reference) {
        return conn.preparedQuery("SELECT id FROM complaint_case WHERE reference = $1 FOR UPDATE")
                .execute(Tuple.of(reference))
                .map(rows -> {
                    if (!rows.iterator().hasNext()) {
                        throw new IllegalArgumentException("no case " + reference);
                    }
                    return rows.iterator().next().getLong("id");
                });
    }

    private static Future<Void> touch(SqlClient conn, long caseId, Instant at) {
        return conn.preparedQuery("UPDATE complaint_case SET updated_at = $2 WHERE id = $1")
                .execute(Tuple.of(caseId, SqlTime.utc(at))).mapEmpty();
    }

    private static Instant instant(Row r, String column) {
        var t = r.getOffsetDateTime(column);
        return t == null ? null : t.toInstant();
    }

}
