package dev.shouli.feature.bulk;

import dev.shouli.core.cases.ActionParameters;
import dev.shouli.core.cases.CaseActionService;
import dev.shouli.core.cases.DeskAction;
import dev.shouli.core.domain.CaseStatus;
import dev.shouli.core.http.HttpProblem;
import dev.shouli.core.jobs.PeriodicJob;
import dev.shouli.feature.bulk.BatchStore.Claimed;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Works the pending items of every batch, on every instance, {@code lanes} at a time. Each item is one
 * transaction: claim it (SKIP LOCKED), do its action on its case — which queues the case's notice with it — and
 * mark it done, running the {@link BatchItemHook}s with it; or, when the case cannot take the action (a 4xx from
 * the action: already resolved, paused, a reply nothing can carry), roll back to before the action and mark it
 * refused with the reason. A crash before the commit leaves the item pending for the next worker; after it, it is
 * done: never both, never twice. When the action fails otherwise (an action hook, a database error on that one
 * case), the item is rolled back to before the action too and counted: tried again after {@code bulk.retryDelay},
 * doubling, and after {@code bulk.maxAttempts} marked failed with the error, so it neither holds the lanes nor
 * keeps its batch open. When even that cannot be written (the database away), nothing is counted and the item
 * waits for the next round.
 */
final class BatchWorker extends PeriodicJob {

    private static final Logger LOG = LoggerFactory.getLogger(BatchWorker.class);

    private final Pool pool;
    private final BatchStore store;
    private final CaseActionService actions;
    private final Supplier<List<BatchItemHook>> hooks;
    private final BulkConfig config;
    private final Clock clock;

    BatchWorker(Pool pool, BatchStore store, CaseActionService actions, Supplier<List<BatchItemHook>> hooks,
                BulkConfig config, Clock clock) {
        super("batch work", config.pollInterval());
        this.pool = pool;
        this.store = store;
        this.actions = actions;
        this.hooks = hooks;
        this.config = config;
        this.clock = clock;
    }

    @Override
    protected Future<?> round() {
        List<Future<Void>> all = new ArrayList<>();
        for (int i = 0; i < config.lanes(); i++) {
            all.add(lane());
        }
        return Future.all(all);
    }

    /** Items one after the other until none is pending (or free). */
    private Future<Void> lane() {
        return pool.withTransaction(conn -> store.claim(conn, clock.instant()).compose(found -> found.isEmpty()
                        ? Future.succeededFuture(false) : work(conn, found.get()).map(true)))
                .compose(worked -> worked ? lane() : Future.succeededFuture());
    }

    private Future<Void> work(SqlConnection conn, Claimed item) {
        Instant now = clock.instant();
        return conn.query("SAVEPOINT item").execute()
                .compose(v -> act(conn, item, now))
                .compose(result -> store.done(conn, item, result, now))
                .compose(v -> runHooks(conn, item))
                .recover(e -> conn.query("ROLLBACK TO SAVEPOINT item").execute().compose(v ->
                        e instanceof HttpProblem p && p.status() < 500
                                ? store.refused(conn, item, code(p), caseStatus(p), p.getMessage(), now)
                                : failedAttempt(conn, item, e, now)));
    }

    private Future<Void> runHooks(SqlConnection conn, Claimed item) {
        BatchItemHook.Done done = new BatchItemHook.Done(item.batchId(), item.origin(), item.action(),
                item.parameters(), item.actor(), item.createdAt(), item.reference());
        Future<Void> chain = Future.succeededFuture();
        for (BatchItemHook hook : hooks.get()) {
            chain = chain.compose(v -> hook.onDone(conn, done));
        }
        return chain;
    }

    /** Counts the attempt: again later, or, after the last one, failed with the error. */
    private Future<Void> failedAttempt(SqlConnection conn, Claimed item, Throwable e, Instant now) {
        int attempts = item.attempts() + 1;
        String code = e instanceof HttpProblem p ? code(p) : "error";
        String reason = reason(e);
        // The reference and the error's kind only: a message may quote what the case holds.
        LOG.warn("batch {}: attempt {} of {} on case {} failed: {}", item.batchId(), attempts, config.maxAttempts(),
                item.reference(), e.getClass().getSimpleName());
        return attempts >= config.maxAttempts() ? store.failed(conn, item, code, reason, now)
                : store.retryLater(conn, item, code, reason, now.plus(config.retryAfter(attempts)));
    }

    private static String reason(Throwable e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return message.length() > 1000 ? message.substring(0, 1000) + "…" : message;
    }

    /** The action on the item's case, recorded as done through the batch (and what asked for it). */
    private Future<JsonObject> act(SqlConnection conn, Claimed item, Instant now) {
        JsonObject parameters = item.parameters().copy().put("requestKey", "batch:" + item.batchId());
        JsonObject via = item.via().copy().put("batch", item.batchId());
        if (CaseBatches.CATCH_UP.equals(item.action())) {
            CaseStatus target = CaseStatus.parse(parameters.getString("target")).orElse(null);
            String assignee = parameters.getString("assignee");
            parameters.remove("target");
            parameters.remove("assignee");
            return actions.catchUp(conn, item.reference(), target, assignee, parameters, item.actor(), now, via)
                    .map(steps -> new JsonObject().put("steps", new JsonArray(steps))
                            .put("notice", steps.isEmpty() ? null : steps.get(steps.size() - 1).getValue("notice")));
        }
        DeskAction action = DeskAction.parse(item.action()).orElseThrow();
        return actions.performOn(conn, item.reference(), action, item.actor(), ActionParameters.check(action, parameters),
                now, via);
    }

    /** The problem's type, with why a reply could not be delivered: {@code cannot-deliver:no-mailer}. */
    private static String code(HttpProblem p) {
        String type = p.type().substring(p.type().lastIndexOf('/') + 1);
        Object refusal = p.toJson().getValue("refusal");
        return refusal == null ? type : type + ":" + refusal;
    }

    private static String caseStatus(HttpProblem p) {
        Object status = p.toJson().getValue("caseStatus");
        return status == null ? null : status.toString();
    }
}
