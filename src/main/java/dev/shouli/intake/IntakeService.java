package dev.shouli.intake;

import dev.shouli.config.ShouliConfig.IntakeConfig;
import dev.shouli.domain.CaseReference;
import dev.shouli.domain.Complaint;
import dev.shouli.domain.ComplaintDraft;
import dev.shouli.domain.IntakeOutcome;
import dev.shouli.domain.Submission;
import dev.shouli.logging.RequestId;
import dev.shouli.sla.PlannedDeadline;
import dev.shouli.sla.SlaPlanner;
import dev.shouli.store.IntakeStore;
import dev.shouli.store.RequestTag;
import dev.shouli.store.SlaStore;
import dev.shouli.store.IntakeStore.Receipt;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
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

    private final Pool pool;
    private final IntakeStore store;
    private final SlaStore slaStore = new SlaStore();
    private final Normaliser normaliser;
    private final DeadlinePolicy deadlines;
    private final IntakeConfig config;
    private final IntakeMetrics metrics;
    private final List<CaseMatcher> matchers;
    private final List<IntakeHook> hooks;
    private final GroupCommit<IntakeResult> commits;

    /**
     * @param matchers asked in order whether a submission belongs to an existing case; the first match wins,
     *                 no match makes a new case
     * @param hooks    run in order inside the transaction once the submission made or joined a case
     */
    public IntakeService(Pool pool, IntakeStore store, Normaliser normaliser, DeadlinePolicy deadlines,
                         IntakeConfig config, IntakeMetrics metrics, List<CaseMatcher> matchers,
                         List<IntakeHook> hooks) {
        this.pool = pool;
        this.store = store;
        this.normaliser = normaliser;
        this.deadlines = deadlines;
        this.config = config;
        this.metrics = metrics;
        this.matchers = List.copyOf(matchers);
        this.hooks = List.copyOf(hooks);
        this.commits = new GroupCommit<>(pool, config.commitBatchSize(), config.commitLanes());
    }

    /** Takes in a submission a channel has understood as {@code draft}. */
    public Future<IntakeResult> submit(Submission submission, ComplaintDraft draft) {
        long started = System.nanoTime();
        String requestId = RequestId.currentOrNew();
        Complaint complaint;
        try {
            complaint = normaliser.normalise(submission, draft);
        } catch (RuntimeException e) {
            // Stored and visible to operators, replayable once the cause is fixed; never dropped.
            String reason = e instanceof NormalisationException ? e.getMessage()
                    : "normalisation failed: " + e.getClass().getSimpleName();
            if (!(e instanceof NormalisationException)) {
                LOG.error("normalising a {} submission failed; quarantining it", submission.channel(), e);
            }
            return record(submission, IntakeOutcome.QUARANTINED, reason, e.toString());
        }
        // The claim only inserts the verbatim submission; it goes out with the claims of the intakes sharing
        // the transaction. Matching and writing the case then run in arrival order.
        // Each unit of a shared transaction tags the rows it writes with its own request id (RequestTag), both
        // before its claim and again before its second step, without waiting for the tag's answer.
        Future<IntakeResult> result = commits.submit(
                conn -> tagged(conn, requestId,
                        () -> store.claim(conn, submission, IntakeOutcome.CREATED, null, null, true))
                        .map(Optional::ofNullable),
                (conn, claimed, writes) -> {
                    writes.add(RequestTag.set(conn, requestId));
                    return claimed.isEmpty()
                            ? redelivery(conn, submission)
                            : findMatch(conn, submission, complaint, 0).compose(match -> match.isPresent()
                                    ? attach(conn, submission, claimed.get(), complaint, match.get(), writes)
                                    : create(conn, submission, claimed.get(), complaint, writes));
                });
        return IntakeLog.logged(submission, requestId, started, metrics.timed(submission.channel(), started, result));
    }

    /** Sends the request tag, then {@code statement} right behind it, and answers the statement's result. */
    private static <T> Future<T> tagged(SqlConnection conn, String requestId, Supplier<Future<T>> statement) {
        Future<Void> tag = RequestTag.set(conn, requestId);
        return statement.get().compose(result -> tag.map(result));
    }

    private Future<Optional<CaseMatch>> findMatch(SqlConnection conn, Submission submission, Complaint complaint,
                                                  int index) {
        if (index == matchers.size()) {
            return Future.succeededFuture(Optional.empty());
        }
        return matchers.get(index).match(conn, submission, complaint)
                .compose(found -> found.isPresent() ? Future.succeededFuture(found)
                        : findMatch(conn, submission, complaint, index + 1));
    }

    private Future<IntakeResult> attach(SqlConnection conn, Submission submission, IntakeStore.Claim claim,
                                        Complaint complaint, CaseMatch match, PendingWrites writes) {
        String reason = match.why().getString("rule", match.role());
        return store.attachToCase(conn, claim.submissionId(), match.caseId(), match.role(), match.outcome().code(),
                        reason, match.why(), complaint.receivedAt())
                .compose(v -> store.addAttachments(conn, match.caseId(), claim.submissionId(), complaint.attachments()))
                .compose(v -> runHooks(conn, new IntakeEvent(submission, claim.submissionId(),
                        complaint, match.outcome(), match.caseId(), match.reference(), writes), 0))
                .map(v -> new IntakeResult(match.outcome(), match.reference(), reason, false));
    }

    private Future<Void> runHooks(SqlConnection conn, IntakeEvent event, int index) {
        if (index == hooks.size()) {
            return Future.succeededFuture();
        }
        return hooks.get(index).afterIntake(conn, event).compose(v -> runHooks(conn, event, index + 1));
    }

    /**
     * Stores a submission that makes no case — quarantined, rejected or suppressed — so it is kept for
     * operators and auditors, and a redelivery of it gets the same answer.
     */
    public Future<IntakeResult> record(Submission submission, IntakeOutcome outcome, String reason, String error) {
        long started = System.nanoTime();
        String requestId = RequestId.currentOrNew();
        Future<IntakeResult> result = pool.withTransaction(conn -> tagged(conn, requestId,
                        () -> store.claim(conn, submission, outcome, reason, error, false))
                .compose(claim -> claim == null
                        ? redelivery(conn, submission)
                        : Future.succeededFuture(new IntakeResult(outcome, null, reason, false))));
        return IntakeLog.logged(submission, requestId, started, metrics.timed(submission.channel(), started, result));
    }

    private Future<IntakeResult> create(SqlConnection conn, Submission submission, IntakeStore.Claim claim,
                                        Complaint complaint, PendingWrites writes) {
        LocalDate day = LocalDate.ofInstant(complaint.receivedAt(), config.timeZone());
        CaseReference reference = new CaseReference(config.referencePrefix(), day, claim.caseNumber());
        Receipt receipt = receiptFor(complaint, reference);
        List<PlannedDeadline> due = deadlines.deadlinesFor(complaint, receipt.channel() != null);
        long caseId = claim.caseNumber();
        // Nobody needs these statements' answers: they go out in one network write with whatever follows, and
        // PostgreSQL runs them in this order, so the hooks and later intakes see the case, its deadlines and
        // attachments. The transaction commits only once they have all succeeded.
        writes.add(store.createCase(conn, claim.submissionId(), caseId, reference, complaint,
                SlaPlanner.summary(due, complaint.sourceDeadlines()), receipt));
        writes.add(slaStore.insert(conn, caseId, due));
        writes.add(store.addAttachments(conn, caseId, claim.submissionId(), complaint.attachments()));
        return runHooks(conn, new IntakeEvent(submission, claim.submissionId(), complaint, IntakeOutcome.CREATED,
                        caseId, reference.toString(), writes), 0)
                .map(v -> new IntakeResult(IntakeOutcome.CREATED, reference.toString(), null, false));
    }

    private Future<IntakeResult> redelivery(SqlConnection conn, Submission submission) {
        return store.prior(conn, submission.channel(), submission.externalId())
                .map(prior -> {
                    if (!prior.bodySha256().equals(IntakeStore.sha256(submission.body()))) {
                        throw new KeyReusedException(submission.externalId());
                    }
                    return new IntakeResult(prior.outcome(), prior.reference(), prior.reason(), true);
                });
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

    /** The same redelivery key came with a different body: the client reused a key by mistake. */
    public static final class KeyReusedException extends RuntimeException {
        public KeyReusedException(String key) {
            super("the key '" + key + "' was already used for a different submission; use a new key for new content");
        }
    }
}
