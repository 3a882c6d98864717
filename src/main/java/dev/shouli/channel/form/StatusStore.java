package dev.shouli.channel.form;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What the citizen status page reads: first only what proves the contact (one row by reference), and only
 * after that proof the case's public side — deadlines, the notes the desk marked public, the result.
 */
final class StatusStore {

    /**
     * The case by its reference, compared against its own contact. A case joined into another by a confirmed
     * possible duplicate answers with the progress of the case it joined (status, waiting, and below its deadlines
     * and notes, read by the id answered here) under its own reference and words: its submitter is shown neither
     * the other reference nor "merged", and sees how their matter goes on.
     */
    private static final String CASE = """
            SELECT coalesce(t.id, c.id) AS id, c.reference, c.kind, coalesce(t.status, c.status) AS status,
                   c.received_at, c.complainant_phone, c.complainant_email,
                   coalesce((c.complainant->>'confidential')::boolean, false) AS confidential,
                   c.complainant->>'name' AS name, c.respondent->>'organisation' AS organisation,
                   c.respondent->>'branch' AS branch, c.subject,
                   CASE WHEN t.id IS NULL THEN c.waiting_since ELSE t.waiting_since END AS waiting_since
              FROM complaint_case c
              LEFT JOIN possible_duplicate p ON p.case_id = c.id AND p.state = 'confirmed' AND c.status = 'merged'
              LEFT JOIN complaint_case t ON t.id = p.existing_case_id
             WHERE c.reference = $1""";

    private static final String DEADLINES = """
            SELECT kind, state, due_at FROM sla_deadline
             WHERE case_id = $1 AND kind IN ('first_response', 'reply', 'resolution')
             ORDER BY due_at, id""";

    /** Public notes: the {@code publicNote} of any desk action, and the {@code result} of a resolve. */
    private static final String NOTES = """
            SELECT at, kind, detail->'parameters'->>'publicNote' AS note, detail->'parameters'->>'result' AS result
              FROM case_event
             WHERE case_id = $1
               AND (detail->'parameters' ? 'publicNote' OR (kind = 'resolve' AND detail->'parameters' ? 'result'))
             ORDER BY id""";

    /** The row a lookup compares the contact against. */
    public record StatusCase(long id, String reference, String kind, String status, Instant receivedAt, String phone,
                             String email, boolean confidential, String name, String organisation, String branch,
                             String subject, Instant waitingSince) {
    }

    public record Deadline(String kind, String state, Instant dueAt) {
    }

    /** A public note ({@code result} false) or a resolve's result ({@code result} true). */
    public record Note(Instant at, String text, boolean result) {
    }

    private final Pool pool;

    public StatusStore(Pool pool) {
        this.pool = pool;
    }

    /**
     * The case a reference names for material added from the status page: the case a merged one joined, so what
     * the person adds lands where the case is worked.
     */
    Future<Optional<Long>> caseId(SqlClient client, String reference) {
        return client.preparedQuery(CASE).execute(Tuple.of(reference)).map(rows -> rows.iterator().hasNext()
                ? Optional.of(rows.iterator().next().getLong("id")) : Optional.empty());
    }

    public Future<Optional<StatusCase>> byReference(String reference) {
        return pool.preparedQuery(CASE).execute(Tuple.of(reference)).map(rows -> {
            if (!rows.iterator().hasNext()) {
                return Optional.empty();
            }
            Row r = rows.iterator().next();
            return Optional.of(new StatusCase(r.getLong("id"), r.getString("reference"), r.getString("kind"),
                    r.getString("status"), instant(r.getOffsetDateTime("received_at")), r.getString("complainant_phone"),
                    r.getString("complainant_email"), r.getBoolean("confidential"), r.getString("name"),
                    r.getString("organisation"), r.getString("branch"), r.getString("subject"),
                    instant(r.getOffsetDateTime("waiting_since"))));
        });
    }

    public Future<List<Deadline>> deadlines(long caseId) {
        return pool.preparedQuery(DEADLINES).execute(Tuple.of(caseId)).map(rows -> {
            List<Deadline> out = new ArrayList<>();
            rows.forEach(r -> out.add(new Deadline(r.getString("kind"), r.getString("state"),
                    instant(r.getOffsetDateTime("due_at")))));
            return out;
        });
    }

    public Future<List<Note>> notes(long caseId) {
        return pool.preparedQuery(NOTES).execute(Tuple.of(caseId)).map(rows -> {
            List<Note> out = new ArrayList<>();
            rows.forEach(r -> {
                Instant at = instant(r.getOffsetDateTime("at"));
                if (r.getString("note") != null) {
                    out.add(new Note(at, r.getString("note"), false));
                }
                if ("resolve".equals(r.getString("kind")) && r.getString("result") != null) {
                    out.add(new Note(at, r.getString("result"), true));
                }
            });
            return out;
        });
    }

    private static Instant instant(OffsetDateTime t) {
        return t == null ? null : t.toInstant();
    }
}
