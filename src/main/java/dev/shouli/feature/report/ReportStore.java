package dev.shouli.feature.report;

import dev.shouli.core.db.SqlTime;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.templates.SqlTemplate;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What reports count, read in three statements: the cases that can matter for a range (received in it, still
 * open, or changed since it began — anything else was finished before and counts nowhere in it), their
 * lifecycle events, and the surveys sent in the range. Merged cases are not cases of their own and are left
 * out. The arithmetic is in {@code dev.shouli.report}.
 */
final class ReportStore {

    private static final String RELEVANT = """
             c.status <> 'merged' AND c.received_at < #{until}
               AND (c.received_at >= #{from} OR c.status IN ('new', 'acknowledged', 'in_progress')
                    OR c.updated_at >= #{from})""";

    private static final String CASES = """
            SELECT c.id, c.received_at, c.channel, c.kind, COALESCE(c.category, '') AS category,
                   COALESCE(c.assignee, '') AS assignee, COALESCE(d.respondent_base, '') AS respondent,
                   COALESCE(d.respondent_branch, '') AS respondent_branch,
                   c.respondent_name, fr.due_at AS fr_due, fr.met_at AS fr_met, fr.breached_at AS fr_breached,
                   fr.state AS fr_state
              FROM complaint_case c
              LEFT JOIN dedup_case d ON d.case_id = c.id
              LEFT JOIN sla_deadline fr ON fr.case_id = c.id AND fr.kind = 'first_response'
             WHERE\s""" + RELEVANT + " ORDER BY c.id";

    private static final String EVENTS = """
            SELECT e.case_id, e.at, e.kind, e.detail
              FROM case_event e JOIN complaint_case c ON c.id = e.case_id
             WHERE e.kind IN ('resolve', 'return', 'close', 'reopen', 'revoked') AND\s""" + RELEVANT
            + " ORDER BY e.case_id, e.id";

    /** Surveys that went out in the range; skipped and cancelled ones were never asked. */
    private static final String SURVEYS = """
            SELECT s.case_id, s.sent_at, s.verdict, c.channel, c.kind, COALESCE(c.category, '') AS category,
                   COALESCE(c.assignee, '') AS assignee, COALESCE(d.respondent_base, '') AS respondent,
                   COALESCE(d.respondent_branch, '') AS respondent_branch, c.respondent_name
              FROM satisfaction_survey s JOIN complaint_case c ON c.id = s.case_id
              LEFT JOIN dedup_case d ON d.case_id = c.id
             WHERE s.sent_at >= #{from} AND s.sent_at < #{until} AND s.state IN ('sent', 'answered', 'no_answer')
               AND c.status <> 'merged'
             ORDER BY s.id""";

    /**
     * The dimensions a case is counted under; {@code respondent} is the respondent's key (legal form and branch
     * removed), {@code respondentBranch} the branch named, if any.
     */
    public record Dimensions(String channel, String kind, String category, String respondent, String respondentName,
                             String assignee, String respondentBranch) {
    }

    /** One case: when it came, under what it is counted, and its first-response deadline. */
    public record CaseFacts(long id, Instant receivedAt, Dimensions dimensions, Instant firstResponseDue,
                            Instant firstResponseMet, Instant firstResponseBreached, String firstResponseState) {
    }

    /**
     * A lifecycle event. {@code resolutionDue} is the resolution deadline a resolve met or missed, as the
     * resolve recorded it; {@code closesCase} is false for a revoke that left the case open.
     */
    public record Event(long caseId, Instant at, String kind, Instant resolutionDue, boolean closesCase) {
    }

    /** A survey asked in the range, with its case's dimensions. */
    public record SurveyFacts(long caseId, Instant sentAt, String verdict, Dimensions dimensions) {
    }

    public record Facts(List<CaseFacts> cases, List<Event> events, List<SurveyFacts> surveys) {
    }

    public Future<Facts> facts(SqlClient client, Instant from, Instant until) {
        Map<String, Object> p = new HashMap<>();
        p.put("from", SqlTime.utc(from));
        p.put("until", SqlTime.utc(until));
        Future<List<CaseFacts>> cases = SqlTemplate.forQuery(client, CASES).mapTo(ReportStore::caseFacts).execute(p)
                .map(ReportStore::list);
        Future<List<Event>> events = SqlTemplate.forQuery(client, EVENTS).mapTo(ReportStore::event).execute(p)
                .map(ReportStore::list);
        Future<List<SurveyFacts>> surveys = SqlTemplate.forQuery(client, SURVEYS)
                .mapTo(r -> new SurveyFacts(r.getLong("case_id"), time(r, "sent_at"), r.getString("verdict"),
                        dimensions(r)))
                .execute(p).map(ReportStore::list);
        return Future.all(cases, events, surveys)
                .map(all -> new Facts(cases.result(), events.result(), surveys.result()));
    }

    private static CaseFacts caseFacts(Row r) {
        return new CaseFacts(r.getLong("id"), time(r, "received_at"), dimensions(r), time(r, "fr_due"),
                time(r, "fr_met"), time(r, "fr_breached"), r.getString("fr_state"));
    }

    private static Dimensions dimensions(Row r) {
        return new Dimensions(r.getString("channel"), r.getString("kind"), r.getString("category"),
                r.getString("respondent"), r.getString("respondent_name"), r.getString("assignee"),
                r.getString("respondent_branch"));
    }

    private static Event event(Row r) {
        JsonObject detail = r.getJsonObject("detail");
        String kind = r.getString("kind");
        Instant due = null;
        if ("resolve".equals(kind) && detail != null) {
            JsonArray deadlines = detail.getJsonArray("deadlines", new JsonArray());
            for (int i = 0; i < deadlines.size(); i++) {
                JsonObject d = deadlines.getJsonObject(i);
                if ("resolution".equals(d.getString("kind")) && d.getString("dueAt") != null) {
                    due = Instant.parse(d.getString("dueAt"));
                }
            }
        }
        boolean closes = !"revoked".equals(kind) || detail != null && detail.getBoolean("caseClosed", false);
        return new Event(r.getLong("case_id"), time(r, "at"), kind, due, closes);
    }

    private static Instant time(Row r, String column) {
        OffsetDateTime t = r.getOffsetDateTime(column);
        return t == null ? null : t.toInstant();
    }

    private static <T> List<T> list(Iterable<T> rows) {
        List<T> out = new ArrayList<>();
        rows.forEach(out::add);
        return out;
    }
}
