package dev.shouli.core.intake;

import dev.shouli.core.config.CoreConfig.IntakeConfig;
import dev.shouli.core.db.AdvisoryLocks;
import dev.shouli.core.db.RequestTag;
import dev.shouli.core.domain.CaseReference;
import dev.shouli.core.domain.Complaint;
import dev.shouli.core.domain.ComplaintDraft;
import dev.shouli.core.domain.Hashes;
import dev.shouli.core.domain.IntakeOutcome;
import dev.shouli.core.domain.KeyReusedException;
import dev.shouli.core.domain.Submission;
import dev.shouli.core.intake.IntakeStore.Receipt;
import dev.shouli.core.logging.RequestId;
import dev.shouli.core.outbox.Notice;
import dev.shouli.core.outbox.OutboxHandler.NotSent;
import dev.shouli.core.sla.DeadlineKind;
import dev.shouli.core.sla.DeadlinePolicy;
import dev.shouli.core.sla.PlannedDeadline;
import dev.shouli.core.sla.SlaPlanner;
import dev.shouli.core.sla.SlaStore;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one intake path every channel uses: store the submission verbatim and idempotently, normalise,
 * allocate a reference, set the first deadlines, queue the receipt — all in one transaction, which it may
 * share with other intakes arriving at the same moment ({@link GroupCommit}). The returned future completes
 * only after commit, so a source is never told "accepted" for something not stored.
 */
public final class IntakeService {

    private static final Logger LOG = LoggerFactory.getLogger(IntakeService.class);
    /**
     * Submissions up to this size are prepared on the caller's event loop. The body bounds the text a channel can
     * make of it; 4 KiB of text costs at most a few milliseconds (BENCHMARKS.md, "Event loops").
     */
    static final int PREPARE_INLINE_BYTES = 4096;

    private final Pool pool;
    private final IntakeStore store;
    private final SlaStore slaStore = new SlaStore();
    private final Normaliser normaliser;
    private final DeadlinePolicy deadlines;
    private final IntakeConfig config;
    private final IntakeMetrics metrics;
    private final IntakeSteps extensions;
    private final GroupCommit<IntakeUnit, IntakeBatch, IntakeResult> commits;
    private final ParseWorkers workers;
    private final RefusedInput refused;
    private final Function<Notice, Optional<NotSent>> unsentAtOnce;

    /**
     * @param matchers asked in order whether a submission belongs to an existing case; the first match wins,
     *                 no match makes a new case
     * @param hooks    run in order inside the transaction once the submission made or joined a case
     * @param workers  where long submissions are prepared (normalised, profiled), off the event loop
     */
    public IntakeService(Pool pool, IntakeStore store, Normaliser normaliser, DeadlinePolicy deadlines,
                         IntakeConfig config, IntakeMetrics metrics, ParseWorkers workers, List<CaseMatcher> matchers,
                         List<IntakeHook> hooks) {
        this(pool, store, normaliser, deadlines, config, metrics, workers, IntakeSteps.of(matchers, hooks));
    }

    /** @param steps the matchers and hooks the modules contribute, fixed before the first submission */
    public IntakeService(Pool pool, IntakeStore store, Normaliser normaliser, DeadlinePolicy deadlines,
                         IntakeConfig config, IntakeMetrics metrics, ParseWorkers workers, IntakeSteps steps) {
        this(pool, store, normaliser, deadlines, config, metrics, workers, steps, notice -> Optional.empty());
    }

    /**
     * @param unsentAtOnce what the receipt's channel would record right away instead of sending it (nothing configured
     *                     to send it: {@link dev.shouli.core.outbox.NoticeChannel#wouldNotSend}), if that is certain
     */
    public IntakeService(Pool pool, IntakeStore store, Normaliser normaliser, DeadlinePolicy deadlines,
                         IntakeConfig config, IntakeMetrics metrics, ParseWorkers workers, IntakeSteps steps,
                         Function<Notice, Optional<NotSent>> unsentAtOnce) {
        this.unsentAtOnce = unsentAtOnce;
        this.pool = pool;
        this.store = store;
        this.normaliser = normaliser;
        this.deadlines = deadlines;
        this.config = config;
        this.metrics = metrics;
        this.extensions = steps;
        this.workers = workers;
        this.refused = new RefusedInput(config.refused(), config.timeZone(), metrics.registry());
        this.commits = new GroupCommit<>(pool, config.commitBatchSize(), config.commitLanes(), new Work(),
                metrics::transactionStarted);
    }

    /** Takes in a submission a channel has understood as {@code draft}. */
    public Future<IntakeResult> submit(Submission submission, ComplaintDraft draft) {
        long started = System.nanoTime();
        // The caller's request (X-Request-Id), read on its own thread before any work moves to a worker.
        String requestId = RequestId.currentOrNew();
        // What is derived from the text costs CPU in proportion to it (the dedup profile of 1 MB of text: 0.1 to 1 s
        // on a busy 2-core machine): a long submission is prepared on a parse worker, never on an event loop. A
        // short one is prepared here — a few milliseconds at worst — and never queues for a worker behind long ones.
        Future<IntakeUnit> prepared = submission.body().length > PREPARE_INLINE_BYTES
                ? workers.run("prepare:" + ParseWorkers.source(submission.channel(), submission.transport()),
                        () -> prepare(submission, draft, requestId))
                : prepareHere(submission, draft, requestId);
        return prepared.transform(ar -> ar.succeeded()
                ? IntakeLog.logged(submission, requestId, started,
                        metrics.timed(submission.channel(), started, commits.submit(ar.result())))
                : quarantine(submission, ar.cause()));
    }

    private Future<IntakeUnit> prepareHere(Submission submission, ComplaintDraft draft, String requestId) {
        try {
            return Future.succeededFuture(prepare(submission, draft, requestId));
        } catch (RuntimeException e) {
            return Future.failedFuture(e);
        }
    }

    /** Everything a unit needs that depends on the submission alone: its record, its memos, its lock names. */
    private IntakeUnit prepare(Submission submission, ComplaintDraft draft, String requestId) {
        IntakeUnit unit = new IntakeUnit(submission, normaliser.normalise(submission, draft), requestId);
        extensions.hooks().get().forEach(h -> h.prepare(unit));
        List<String> locks = new ArrayList<>();
        for (CaseMatcher matcher : extensions.matchers().get()) {
            locks.addAll(matcher.lockNames(unit));
        }
        unit.lockNames(locks);
        return unit;
    }

    /** Stored and visible to operators, replayable once the cause is fixed; never dropped. */
    private Future<IntakeResult> quarantine(Submission submission, Throwable failure) {
        String reason;
        if (failure instanceof NormalisationException || ParseWorkers.isOverBudget(failure)) {
            reason = failure.getMessage();
        } else {
            reason = "normalisation failed: " + failure.getClass().getSimpleName();
            LOG.error("normalising a {} submission failed; quarantining it", submission.channel(), failure);
        }
        return record(submission, IntakeOutcome.QUARANTINED, reason, failure.toString());
    }

    /**
     * An intake transaction. Opening it claims every unit's redelivery key and takes every lock any unit's
     * matchers need, all before any unit runs, so a transaction never waits for a lock while holding one
     * another transaction may be waiting for it to release:
     * <ol>
     *   <li>the claims, in (channel, external id) order: a claim waits on the unique index for an
     *       uncommitted claim of the same key, so two transactions claiming keys in crossing order would
     *       deadlock;</li>
     *   <li>the lock names of all units ({@link CaseMatcher#lockNames}: identity keys, a hotline ticket, an
     *       SMS number), ascending by lock key, in one statement ({@link AdvisoryLocks});</li>
     *   <li>each matcher's locks on what those names guard ({@link CaseMatcher#open}: the persons the
     *       identity keys belong to), again all at once and sorted.</li>
     * </ol>
     * Every transaction takes its locks in this order — claims, then names, then persons, each ascending — and
     * takes none later (hooks re-take only names already held), so no two transactions can wait for each
     * other in a cycle, on one instance or several. The units then run one after the other.
     */
    private final class Work implements GroupCommit.Work<IntakeUnit, IntakeBatch, IntakeResult> {

        @Override
        public Future<IntakeBatch> open(SqlConnection conn, List<IntakeUnit> units, PendingWrites writes) {
            IntakeBatch batch = new IntakeBatch(units, writes);
            List<Future<?>> steps = new ArrayList<>();
            List<IntakeUnit> byKey = new ArrayList<>(units);
            byKey.sort(Comparator.comparing((IntakeUnit u) -> u.submission().channel())
                    .thenComparing(u -> u.submission().externalId()));
            for (IntakeUnit unit : byKey) {
                // The claim names its unit's request itself; the unit tags the rest of its rows (RequestTag) before
                // its own work below, and nobody waits for the tag's answer.
                steps.add(store.claim(conn, unit.submission(), IntakeOutcome.CREATED, null, null, true,
                                unit.requestId())
                        .onSuccess(claim -> batch.claimed(unit, claim)));
            }
            Set<String> names = new HashSet<>();
            units.forEach(u -> names.addAll(u.lockNames()));
            steps.add(AdvisoryLocks.lockAll(conn, names));
            Future<Void> opened = Future.succeededFuture();
            for (CaseMatcher matcher : extensions.matchers().get()) {
                opened = opened.compose(v -> matcher.open(conn, batch));
            }
            steps.add(opened);
            return Future.all(steps).map(batch);
        }

        @Override
        public Future<IntakeResult> run(SqlConnection conn, IntakeUnit unit, IntakeBatch batch, PendingWrites writes) {
            writes.add(RequestTag.set(conn, unit.requestId()));
            IntakeStore.Claim claim = batch.claim(unit);
            if (claim == null) {
                return redelivery(conn, unit.submission());
            }
            return findMatch(conn, unit, batch, 0).compose(match -> {
                if (match.isEmpty()) {
                    return create(conn, unit, claim, writes, null);
                }
                // docs/architecture.md, "Who has proven a contact": joining a case tells the source that case's reference (and that it exists). Someone
                // who merely typed a phone number or address must learn neither, and a case someone made by typing
                // one may be a stranger's: then the submission becomes a case of its own, answered like any new
                // case, and the match goes to the hooks as a possible duplicate for that case's contact to confirm.
                boolean joins = ContactProof.proven(unit.submission()) && !match.get().confirmFirst();
                return joins ? attach(conn, unit, claim, match.get(), writes)
                        : create(conn, unit, claim, writes, match.get());
            });
        }
    }

    private Future<Optional<CaseMatch>> findMatch(SqlConnection conn, IntakeUnit unit, IntakeBatch batch, int index) {
        List<CaseMatcher> matchers = extensions.matchers().get();
        if (index == matchers.size()) {
            return Future.succeededFuture(Optional.empty());
        }
        return matchers.get(index).match(conn, unit, batch)
                .compose(found -> found.isPresent() ? Future.succeededFuture(found)
                        : findMatch(conn, unit, batch, index + 1));
    }

    private Future<IntakeResult> attach(SqlConnection conn, IntakeUnit unit, IntakeStore.Claim claim, CaseMatch match,
                                        PendingWrites writes) {
        Complaint complaint = unit.complaint();
        String reason = match.why().getString("rule", match.role());
        return store.attachToCase(conn, claim.submissionId(), match.caseId(), match.role(), match.outcome().code(),
                        reason, match.why(), complaint.receivedAt())
                .compose(v -> store.addAttachments(conn, match.caseId(), claim.submissionId(), complaint.attachments()))
                .compose(v -> runHooks(conn, new IntakeEvent(unit, claim.submissionId(), match.outcome(),
                        match.caseId(), match.reference(), writes, null), 0))
                .map(v -> new IntakeResult(match.outcome(), match.reference(), reason, false));
    }

    private Future<Void> runHooks(SqlConnection conn, IntakeEvent event, int index) {
        List<IntakeHook> hooks = extensions.hooks().get();
        if (index == hooks.size()) {
            return Future.succeededFuture();
        }
        return hooks.get(index).afterIntake(conn, event).compose(v -> runHooks(conn, event, index + 1));
    }

    /**
     * Stores a submission that makes no case — quarantined, rejected or suppressed — so it is kept for
     * operators and auditors, and a redelivery of it gets the same answer. A rejected one (refused with a 4xx) is kept
     * within the bounds of {@link RefusedInput}: cut, and not at all past the day's quota.
     */
    public Future<IntakeResult> record(Submission submission, IntakeOutcome outcome, String reason, String error) {
        long started = System.nanoTime();
        String requestId = RequestId.currentOrNew();
        Future<IntakeResult> result;
        if (outcome == IntakeOutcome.REJECTED) {
            Submission stored = refused.cut(submission);
            result = pool.withTransaction(conn -> refused.reserve(store, conn, stored, submission.receivedAt())
                    .compose(fits -> {
                        refused.count(submission, stored, fits);
                        return fits ? claimOrPrior(conn, stored, outcome, reason, error, requestId)
                                : Future.succeededFuture(new IntakeResult(outcome, null, reason, false));
                    }));
        } else {
            result = pool.withTransaction(conn -> claimOrPrior(conn, submission, outcome, reason, error, requestId));
        }
        return IntakeLog.logged(submission, requestId, started, metrics.timed(submission.channel(), started, result));
    }

    /** Claims the submission's key with {@code outcome}, or answers what an earlier arrival with it was told. */
    private Future<IntakeResult> claimOrPrior(SqlConnection conn, Submission submission, IntakeOutcome outcome,
                                              String reason, String error, String requestId) {
        return store.claim(conn, submission, outcome, reason, error, false, requestId)
                .compose(claim -> claim == null
                        ? redelivery(conn, submission)
                        : Future.succeededFuture(new IntakeResult(outcome, null, reason, false)));
    }

    /** @param withheld the case an unproven submission would have joined (see {@link IntakeEvent}), or null */
    private Future<IntakeResult> create(SqlConnection conn, IntakeUnit unit, IntakeStore.Claim claim,
                                        PendingWrites writes, CaseMatch withheld) {
        Complaint complaint = unit.complaint();
        LocalDate day = LocalDate.ofInstant(complaint.receivedAt(), config.timeZone());
        CaseReference reference = new CaseReference(config.referencePrefix(), day, claim.caseNumber());
        long caseId = claim.caseNumber();
        Receipt receipt = unsentAtOnce(receiptFor(complaint, reference), caseId);
        List<PlannedDeadline> due = deadlines.deadlinesFor(complaint, receipt.channel() != null);
        // Nobody needs these statements' answers: they go out in one network write with whatever follows, and
        // PostgreSQL runs them in this order, so the hooks and later intakes see the case, its deadlines and
        // attachments. The transaction commits only once they have all succeeded.
        writes.add(store.createCase(conn, claim.submissionId(), caseId, reference, complaint,
                SlaPlanner.summary(due, complaint.sourceDeadlines()), receipt));
        // A receipt nothing can send has no deadline anyone can meet, as when a case has no contact at all.
        writes.add(slaStore.insert(conn, caseId, due,
                receipt.unsent() == null ? Set.of() : Set.of(DeadlineKind.RECEIPT)));
        writes.add(store.addAttachments(conn, caseId, claim.submissionId(), complaint.attachments()));
        return runHooks(conn, new IntakeEvent(unit, claim.submissionId(), IntakeOutcome.CREATED, caseId,
                        reference.toString(), writes, withheld), 0)
                .map(v -> new IntakeResult(IntakeOutcome.CREATED, reference.toString(), null, false));
    }

    private Future<IntakeResult> redelivery(SqlConnection conn, Submission submission) {
        return store.prior(conn, submission.channel(), submission.externalId())
                .map(prior -> {
                    if (!prior.bodySha256().equals(Hashes.sha256Hex(submission.body()))) {
                        throw new KeyReusedException(submission.externalId());
                    }
                    return new IntakeResult(prior.outcome(), prior.reference(), prior.reason(), true);
                });
    }

    /**
     * The receipt as the zero-setup start records it: when its channel would only record it as unsent (no mailer, no
     * SMS provider), it is written so at once — one row in the case's statement instead of a row the outbox claims
     * and settles, and its receipt deadline cancelled from the start, as the outbox would have cancelled it.
     */
    private Receipt unsentAtOnce(Receipt receipt, long caseId) {
        if (receipt.channel() == null) {
            return receipt;
        }
        JsonObject p = receipt.payload();
        Notice notice = new Notice(ReceiptNotice.PURPOSE, receipt.channel(), p.getString("to"), caseId,
                p.getString("reference"), p.getString("language"), null);
        return unsentAtOnce.apply(notice).map(n -> new Receipt(receipt.channel(), receipt.payload(), n))
                .orElse(receipt);
    }

    /**
     * The receipt goes back on the complainant's own channel: email when we have one, else SMS. Also used when a
     * desk agent splits a submission off into a case of its own.
     */
    public static Receipt receiptFor(Complaint c, CaseReference reference) {
        // A hotline ticket is acknowledged to its platform (the sign-for callback), never to the caller: the
        // platform owns the conversation with the caller, and a confidential (保密) caller must not be contacted.
        if (c.channel().startsWith("hotline:")) {
            return new Receipt(null, null);
        }
        String channel = c.complainant().email() != null ? "email" : c.complainant().phone() != null ? "sms" : null;
        if (channel == null) {
            return new Receipt(null, null);
        }
        JsonObject payload = new JsonObject()
                .put("reference", reference.toString())
                .put("to", "email".equals(channel) ? c.complainant().email() : c.complainant().phone())
                .put("language", c.language());
        return new Receipt(channel, payload);
    }
}
