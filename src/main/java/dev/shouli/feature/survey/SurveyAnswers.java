package dev.shouli.feature.survey;

import dev.shouli.core.cases.CaseActionService;
import dev.shouli.core.cases.CaseActionStore;
import dev.shouli.core.cases.DeskAction;
import dev.shouli.core.domain.Verdict;
import dev.shouli.core.outbox.OutboxStore;
import dev.shouli.feature.survey.SurveyStore.Survey;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlConnection;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * Records an answer to 回访, whichever way it came (SMS reply, e-mail reply, the link's page, the hotline
 * platform's verdict), in the caller's transaction: the answer joins the survey's history and becomes its
 * current one, the case history says so (the desk sees it on the stream and its webhooks), and 不满意 sends the
 * case back to the desk — re-opened through the desk's own {@code reopen}, with fresh reply and resolution
 * deadlines — or raises it to the supervisors.
 */
public final class SurveyAnswers {

    static final String ACTOR = "survey";
    private static final Set<String> DONE = Set.of("resolved", "closed");

    /** What a dissatisfied answer does. */
    public enum Reaction {
        /** Our own survey: {@code survey.onDissatisfied} decides. */
        CONFIGURED,
        /** The hotline platform re-opened its ticket: the case is re-opened whatever the verdict. */
        PLATFORM_REOPENS,
        /** The platform keeps its ticket closed: a 不满意 is raised to the supervisors, the case stays as it is. */
        PLATFORM_KEEPS_CLOSED
    }

    private final SurveyStore store;
    private final CaseActionService caseActions;
    private final SurveyConfig config;
    private final LoopMetrics metrics;

    public SurveyAnswers(SurveyStore store, CaseActionService caseActions, SurveyConfig config, LoopMetrics metrics) {
        this.store = store;
        this.caseActions = caseActions;
        this.config = config;
        this.metrics = metrics;
    }

    /**
     * @param verdict      null for a reply that says something but gives no verdict (kept as a comment)
     * @param via          {@code sms}, {@code email}, {@code web}, {@code hotline:<source>}
     * @param submissionId the submission that carried the answer, when one did
     * @param actor        who the history names: {@code survey}, or {@code hotline:<source>}
     */
    public Future<Void> record(SqlConnection conn, Survey survey, Verdict verdict, String comment, String via,
                               Long submissionId, Instant at, Reaction reaction, String actor) {
        JsonObject detail = new JsonObject()
                .put("round", survey.round())
                .put("surveyChannel", survey.channel())
                .put("verdict", verdict == null ? null : verdict.code())
                .put("verdictLabel", verdict == null ? null : verdict.chinese())
                .put("previousVerdict", survey.verdict())
                .put("comment", comment)
                .put("via", via)
                .put("submissionId", submissionId);
        String kind = verdict == null ? "satisfaction.comment" : "satisfaction";
        metrics.answer(conn, verdict == null ? null : verdict.code(), via);
        return store.recordAnswer(conn, survey.id(), verdict == null ? null : verdict.code(), comment, via,
                        submissionId, at)
                .compose(v -> CaseActionStore.recordEvent(conn, survey.caseId(), at, actor, kind, detail))
                .compose(v -> react(conn, survey, verdict, comment, at, reaction, actor));
    }

    private Future<Void> react(SqlConnection conn, Survey survey, Verdict verdict, String comment, Instant at,
                               Reaction reaction, String actor) {
        boolean backToDesk = DONE.contains(survey.caseStatus());
        if (reaction == Reaction.PLATFORM_REOPENS) {
            return backToDesk ? reopen(conn, survey, verdict, comment, at, actor, "12345平台回访后重新交办")
                    : Future.succeededFuture();
        }
        if (verdict != Verdict.DISSATISFIED) {
            return Future.succeededFuture();
        }
        if (reaction == Reaction.CONFIGURED && config.reopensOnDissatisfied()) {
            return backToDesk ? reopen(conn, survey, verdict, comment, at, actor, "回访不满意，重新办理")
                    : Future.succeededFuture();
        }
        return escalate(conn, survey, comment, at, actor);
    }

    private Future<Void> reopen(SqlConnection conn, Survey survey, Verdict verdict, String comment, Instant at,
                                String actor, String reason) {
        JsonObject parameters = new JsonObject()
                .put("reason", reason + (verdict == null ? "" : "（" + verdict.chinese() + "）"));
        if (comment != null) {
            parameters.put("note", comment);
        }
        return caseActions.performOn(conn, survey.reference(), DeskAction.REOPEN, actor, parameters, at).mapEmpty();
    }

    private Future<Void> escalate(SqlConnection conn, Survey survey, String comment, Instant at, String actor) {
        List<String> to = config.supervisors();
        JsonObject detail = new JsonObject()
                .put("round", survey.round())
                .put("verdict", Verdict.DISSATISFIED.code())
                .put("comment", comment)
                .put("notified", new JsonArray(to));
        metrics.escalated(conn, actor.startsWith("hotline:") ? "hotline" : "survey");
        Future<Void> event = CaseActionStore.recordEvent(conn, survey.caseId(), at, actor, "satisfaction.escalated",
                detail);
        if (to.isEmpty()) {
            return event;
        }
        String text = "案件编号 Case: " + survey.reference() + "\n"
                + "回访结果 Verdict: 不满意 (dissatisfied)\n"
                + "意见 Comment: " + (comment == null ? "（无 none）" : comment) + "\n\n"
                + "请督促承办人核实处理。\nPlease look into the handling of this case.\n";
        JsonObject notice = new JsonObject()
                .put("to", new JsonArray(to))
                .put("subject", "[回访不满意] 案件 " + survey.reference() + " / dissatisfied complainant")
                .put("text", text)
                .put("reference", survey.reference());
        return event.compose(v -> OutboxStore.enqueue(conn, survey.caseId(), "notice", "email", notice,
                "notice:satisfaction:" + survey.id() + ":" + at.toEpochMilli(), at));
    }
}
