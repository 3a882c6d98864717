package dev.shouli.feature.bulk;

import dev.shouli.core.cases.ActionParameters;
import dev.shouli.core.cases.CaseActionService;
import dev.shouli.core.cases.DeskAction;
import dev.shouli.core.domain.CaseStatus;
import dev.shouli.core.http.HttpProblem;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * One action on many cases: a batch of items, one per case, that the instances' workers do one at a time, each
 * in the transaction that marks it done or refused (see docs/features/bulk.md). A batch is asked for once per
 * request key, however often the request comes; it goes on after a crash; no case is done twice.
 */
public final class CaseBatches {

    /**
     * Brings a case to the status in {@code parameters.target}, if any, and tells it the public note (see
     * {@code CaseActionService.catchUp}).
     */
    public static final String CATCH_UP = "catch-up";

    /**
     * What to do: a desk action's code and its parameters (checked as the desk API checks them), or
     * {@link #CATCH_UP}; {@code via} is recorded on every case with the action.
     */
    public record Request(String requestKey, String origin, String action, JsonObject parameters, String actor,
                          JsonObject via) {
    }

    /** A case that could not take the action, and why (the problem's type, the case's status then, the detail). */
    public record Refused(String reference, String code, String caseStatus, String reason) {
    }

    /** A case done whose complainant could not be told, and why (no-mailer, no-contact, via-hotline, …). */
    public record Untold(String reference, String refusal) {
    }

    /**
     * A case whose action kept failing otherwise than by the case refusing it (an action hook, a database error on
     * that case), given up after {@code attempts}: the last error's kind and message.
     */
    public record Failed(String reference, int attempts, String code, String reason) {
    }

    /** How far a batch is: {@code told} of the done cases had their complainant told. */
    public record Progress(long id, String origin, String action, JsonObject parameters, String actor,
                           Instant createdAt, long total, long done, long refused, long failed, long told,
                           List<Refused> refusedItems, List<Untold> untoldItems, List<Failed> failedItems) {
        public boolean finished() {
            return done + refused + failed >= total;
        }
    }

    private static final int LISTED = 1000;

    private final Pool pool;
    private final BatchStore store;
    private final CaseActionService actions;
    private final Vertx vertx;
    private final Clock clock;

    CaseBatches(Pool pool, BatchStore store, CaseActionService actions, Vertx vertx, Clock clock) {
        this.pool = pool;
        this.store = store;
        this.actions = actions;
        this.vertx = vertx;
        this.clock = clock;
    }

    /**
     * Stores the batch with its cases — unless its request key was used before: then nothing is checked or changed
     * and the first batch is the answer. Refused before anything is stored: parameters the action does not take
     * (422), an assignee who is no active desk user (422: every case would refuse it).
     * @return the batch's id; the first batch's when the request key was used before
     */
    public Future<Long> start(Request request, List<String> references) {
        return pool.withTransaction(conn -> start(conn, request, references));
    }

    /** The same in the caller's transaction (an incident's action, under its lock on the incident). */
    public Future<Long> start(SqlClient conn, Request request, List<String> references) {
        return store.byKey(conn, request.requestKey()).compose(earlier -> {
            if (earlier.isPresent()) {
                return Future.succeededFuture(earlier.get());
            }
            Future<JsonObject> checked;
            try {
                check(request);
                checked = CATCH_UP.equals(request.action()) ? Future.succeededFuture(request.parameters())
                        : actions.checkAssignee(DeskAction.parse(request.action()).orElseThrow(), request.parameters());
            } catch (HttpProblem p) {
                checked = Future.failedFuture(p);
            }
            Instant now = clock.instant();
            return checked.compose(parameters -> store.create(conn, request.requestKey(), request.origin(),
                    request.action(), parameters, request.actor(), request.via(), now))
                    .compose(made -> !made.created() || references.isEmpty() ? Future.succeededFuture(made.id())
                            : store.addItems(conn, made.id(), references, now).map(made.id()));
        });
    }

    public Future<Optional<Progress>> progress(long id) {
        return store.progress(pool, id, LISTED);
    }

    /** The batch once it is finished, or as far as it got within {@code max}. */
    public Future<Progress> await(long id, Duration max) {
        long giveUp = System.nanoTime() + max.toNanos();
        Promise<Progress> done = Promise.promise();
        poll(id, giveUp, done);
        return done.future();
    }

    private void poll(long id, long giveUp, Promise<Progress> done) {
        progress(id).onFailure(done::fail).onSuccess(found -> {
            Progress p = found.orElseThrow();
            if (p.finished() || System.nanoTime() > giveUp) {
                done.complete(p);
            } else {
                vertx.setTimer(100, t -> poll(id, giveUp, done));
            }
        });
    }

    /** The cases a batch was started on (in the caller's transaction). */
    public Future<Set<String>> references(SqlClient conn, long id) {
        return store.references(conn, id);
    }

    /** Whether a batch of the same origin started after this one has done at least one case. */
    public Future<Boolean> laterOneDone(SqlClient conn, String origin, long id) {
        return store.laterOneDone(conn, origin, id);
    }

    /** The newest batches of an origin ({@code incident:12} also finds {@code incident:12:join}), newest first. */
    public Future<List<Long>> ofOrigin(String origin, int limit) {
        return store.ofOrigin(pool, origin, limit);
    }

    private static void check(Request r) {
        if (CATCH_UP.equals(r.action())) {
            String target = r.parameters().getString("target");
            if (target != null && CaseStatus.parse(target).isEmpty()) {
                throw HttpProblem.badRequest("a catch-up's target must be a case status, not '" + target + "'");
            }
            return;
        }
        DeskAction action = DeskAction.parse(r.action())
                .orElseThrow(() -> HttpProblem.notFound("no desk action " + r.action()));
        ActionParameters.check(action, r.parameters().copy());
    }
}
