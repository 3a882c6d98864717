package dev.shouli.feature.survey;

import dev.shouli.core.jobs.PeriodicJob;
import dev.shouli.core.outbox.OutboxStore;
import dev.shouli.feature.survey.SurveyStore.Survey;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * Sends due 回访 questions and records unanswered ones, on every instance every {@code survey.pollInterval}.
 * Due rows are claimed with FOR UPDATE SKIP LOCKED and turned into an outbox item (kind {@code survey}) in the
 * same transaction, so with several instances on one database each question is queued once, and the outbox
 * sends it once. A case re-opened before its question went out is not asked.
 */
final class SurveyScheduler extends PeriodicJob {

    private static final Set<String> ASKABLE = Set.of("resolved", "closed");

    private final Pool pool;
    private final SurveyStore store;
    private final SurveyLinks links;
    private final SurveyConfig config;
    private final LoopMetrics metrics;
    private final Clock clock;

    SurveyScheduler(Pool pool, SurveyStore store, SurveyLinks links, SurveyConfig config, LoopMetrics metrics,
                    Clock clock) {
        super("survey sweep", config.pollInterval());
        this.pool = pool;
        this.store = store;
        this.links = links;
        this.config = config;
        this.metrics = metrics;
        this.clock = clock;
    }

    @Override
    protected Future<?> round() {
        return sweep();
    }

    /** One pass: due questions out, then silences recorded. Returns how many surveys it changed. */
    public Future<Integer> sweep() {
        Instant now = clock.instant();
        return pool.withTransaction(conn -> store.claimDue(conn, now, config.batchSize())
                        .compose(due -> dispatch(conn, due, 0, now).map(due.size())))
                .compose(sent -> pool.withTransaction(conn -> store.recordNoAnswer(conn, now, config.batchSize())
                        .map(silent -> {
                            silent.forEach(channel -> metrics.survey(conn, channel, "no_answer"));
                            return sent + silent.size();
                        })));
    }

    private Future<Void> dispatch(SqlConnection conn, List<Survey> due, int index, Instant now) {
        if (index == due.size()) {
            return Future.succeededFuture();
        }
        Survey s = due.get(index);
        Future<Void> step;
        if (!ASKABLE.contains(s.caseStatus())) {
            step = store.setState(conn, s.id(), "cancelled", "the case is " + s.caseStatus()
                    + " again; it is asked after its next resolve", now).mapEmpty();
        } else if ("web".equals(s.channel())) {
            // Nobody to send to: the question waits on the status page (SurveyLinks.issue).
            metrics.survey(conn, "web", "sent");
            step = store.markSent(conn, s.id(), now, now.plus(config.answerWindow()));
        } else {
            step = queue(conn, s, now);
        }
        return step.compose(v -> dispatch(conn, due, index + 1, now));
    }

    private Future<Void> queue(SqlConnection conn, Survey s, Instant now) {
        JsonObject payload = new JsonObject()
                .put("surveyId", s.id())
                .put("reference", s.reference())
                .put("to", s.address())
                .put("language", s.language())
                .put("name", s.complainantName());
        Future<Void> withLink = "email".equals(s.channel())
                ? links.issue(conn, s.id(), "email", now).map(link -> {
                    payload.put("link", link);
                    return null;
                })
                : Future.succeededFuture();
        return withLink
                .compose(v -> OutboxStore.enqueue(conn, s.caseId(), SurveyLinks.OUTBOX_KIND, s.channel(), payload,
                        "survey:" + s.id(), now))
                .compose(v -> store.markSent(conn, s.id(), now, now.plus(config.answerWindow())));
    }
}
