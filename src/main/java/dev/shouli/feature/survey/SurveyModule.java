package dev.shouli.feature.survey;

import dev.shouli.core.cases.CaseAction;
import dev.shouli.core.cases.CitizenView;
import dev.shouli.core.cases.PersonalData;
import dev.shouli.core.cases.Satisfaction;
import dev.shouli.core.domain.Verdict;
import dev.shouli.core.module.HookPhase;
import dev.shouli.core.module.MatcherPhase;
import dev.shouli.core.module.Module;
import dev.shouli.core.module.ModuleConfig;
import dev.shouli.core.module.ModuleContext;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import java.time.Instant;

/**
 * Satisfaction follow-up (回访): the question after a resolve, the answers however they come (a link, an SMS or
 * mail reply, a hotline platform's evaluation), 不满意 back to the desk or up to the supervisors, and the desk's
 * view of it. Section {@code survey:}.
 */
public final class SurveyModule implements Module<SurveyConfig> {

    @Override
    public String name() {
        return "survey";
    }

    @Override
    public SurveyConfig configure(ModuleConfig config) {
        return SurveyConfig.from(config.tree(), config.sla().calendars(), config.sla().supervisors());
    }

    @Override
    public Future<Void> install(SurveyConfig survey, ModuleContext context) {
        Pool pool = context.pool();
        SurveyStore store = new SurveyStore();
        LoopMetrics metrics = new LoopMetrics(context.meters());
        SurveyAnswers answers = new SurveyAnswers(store, context.caseActions(), survey, metrics);
        SurveyReplies replies = new SurveyReplies(store, answers, survey);
        // An SMS answering 回访 belongs to the surveyed (resolved) case, never to a new one; the hook needs the
        // e-mail's Message-ID recorded first.
        context.matcher(MatcherPhase.ANSWER, replies);
        context.intakeHook(HookPhase.ANSWER, replies);
        context.actionHook(new SurveyActionHook(survey, store, context.sla().calendars(), context.noticeDelivery()));
        context.actionHook((conn, action) -> countReopen(conn, action, metrics));
        context.noticeTemplate(new SurveyNotice(pool, store, metrics, context.clock()));
        context.provide(Satisfaction.class, (conn, caseId, verdict, comment, actor, submissionId, reopens, at) ->
                platformVerdict(store, answers, conn, caseId, verdict, comment, actor, submissionId, reopens, at));
        context.provide(PersonalData.class, new SurveyPersonalData());
        return context.linkKey().map(key -> {
            SurveyLinks links = new SurveyLinks(new SurveyTokens(key), store, survey,
                    context.config().http().publicBaseUrl(), pool, context.clock());
            context.provide(CitizenView.class, new SurveyCitizenView(pool, store, links, survey, context.clock()));
            context.routes(new SurveyRoutes(pool, store, links, answers, survey, context.clock()));
            context.routes(new SurveyDeskRoutes(pool, store, links, context.config().desk()));
            context.job(new SurveyScheduler(pool, store, links, survey, metrics, context.clock()));
            return null;
        });
    }

    /** Re-opens, by who re-opened: the desk, a dissatisfied answer, a hotline platform. */
    private static Future<Void> countReopen(SqlConnection conn, CaseAction action, LoopMetrics metrics) {
        if ("reopen".equals(action.action())) {
            String actor = action.actor();
            metrics.reopened(conn, SurveyAnswers.ACTOR.equals(actor) ? "survey"
                    : actor.startsWith("hotline:") ? "hotline" : "desk");
        }
        return Future.succeededFuture();
    }

    /** A platform's own 回访 verdict becomes the answer of the case's current round. */
    private static Future<Void> platformVerdict(SurveyStore store, SurveyAnswers answers, SqlConnection conn,
                                                long caseId, Verdict verdict, String comment, String actor,
                                                long submissionId, boolean reopens, Instant at) {
        return store.contact(conn, caseId)
                .compose(contact -> store.hotlineSurvey(conn, caseId, Math.max(1, contact.resolves()), at))
                .compose(id -> store.lock(conn, id))
                .compose(survey -> answers.record(conn, survey, verdict, comment, actor, submissionId, at,
                        reopens ? SurveyAnswers.Reaction.PLATFORM_REOPENS
                                : SurveyAnswers.Reaction.PLATFORM_KEEPS_CLOSED, actor));
    }
}
