package dev.shouli.feature.dedup;

import dev.shouli.core.cases.CaseActionStore;
import dev.shouli.core.cases.ComplaintJson;
import dev.shouli.core.config.CoreConfig.IntakeConfig;
import dev.shouli.core.domain.CaseReference;
import dev.shouli.core.domain.Complaint;
import dev.shouli.core.intake.IntakeService;
import dev.shouli.core.intake.IntakeStore.Receipt;
import dev.shouli.core.intake.IntakeStore;
import dev.shouli.core.sla.DeadlinePolicy;
import dev.shouli.core.sla.PlannedDeadline;
import dev.shouli.core.sla.SlaPlanner;
import dev.shouli.core.sla.SlaStore;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

/**
 * Undoes a merge or append a desk agent disagrees with: the named submission leaves its case and becomes a
 * case of its own — a new reference, deadlines counted from now, its evidence, a receipt telling the
 * complainant the new reference — and both cases' histories say who split what and why.
 *
 * <p>A submission that joined the case because its possible duplicate was confirmed (it has a case of its own
 * already, whose reference its submitter holds) goes back to that case instead ({@link ConfirmedJoins}).
 */
public final class Unmerge {

    private final Pool pool;
    private final UnmergeStore store;
    private final ProfileStore profiles;
    private final IntakeStore intakeStore;
    private final DeadlinePolicy deadlines;
    private final IntakeConfig intake;
    private final Profiler profiler;
    private final boolean linkIncidents;
    private final Clock clock;
    private final SlaStore slaStore = new SlaStore();
    private final ConfirmedJoins confirmedJoins;

    /** Joins made by confirming a possible duplicate, undone their own way. */
    public interface ConfirmedJoins {
        /**
         * Splits the submission off the locked case {@code caseId} when it joined it by a confirmed possible
         * duplicate; empty when it did not.
         */
        Future<Optional<Split>> splitConfirmed(SqlConnection conn, long caseId, String reference, long submissionId,
                                               String actor, String reason, Instant now);
    }

    /** @param linkIncidents whether the split-off case is queued for incident linking (dedup on) */
    Unmerge(Pool pool, UnmergeStore store, ProfileStore profiles, IntakeStore intakeStore, DeadlinePolicy deadlines,
            IntakeConfig intake, Profiler profiler, boolean linkIncidents, Clock clock, ConfirmedJoins confirmedJoins) {
        this.confirmedJoins = confirmedJoins;
        this.pool = pool;
        this.store = store;
        this.profiles = profiles;
        this.intakeStore = intakeStore;
        this.deadlines = deadlines;
        this.intake = intake;
        this.profiler = profiler;
        this.linkIncidents = linkIncidents;
        this.clock = clock;
    }

    /** Why an unmerge cannot be done; the route turns it into 404 or 409. */
    public static final class Refused extends RuntimeException {
        private final boolean notFound;

        Refused(boolean notFound, String detail) {
            super(detail, null, false, false);
            this.notFound = notFound;
        }

        public boolean notFound() {
            return notFound;
        }
    }

    public record Split(String from, String reference, long submissionId) {
    }

    public Future<Split> split(String reference, long submissionId, String actor, String reason) {
        Instant now = clock.instant();
        return pool.withTransaction(conn -> store.lockCase(conn, reference)
                .map(id -> id.orElseThrow(() -> new Refused(true, "no case with reference " + reference)))
                .compose(caseId -> confirmedJoins.splitConfirmed(conn, caseId, reference, submissionId, actor, reason, now)
                        .compose(confirmed -> confirmed.isPresent() ? Future.succeededFuture(confirmed.get())
                                : store.joined(conn, submissionId).compose(joined -> {
                                    UnmergeStore.Joined j = check(joined, caseId, reference, submissionId);
                                    return splitOff(conn, caseId, reference, j, actor, reason, now);
                                }))));
    }

    private static UnmergeStore.Joined check(Optional<UnmergeStore.Joined> joined, long caseId, String reference,
                                           long submissionId) {
        if (joined.isEmpty() || joined.get().caseId() != caseId) {
            throw new Refused(true, "submission " + submissionId + " was not merged or appended into case "
                    + reference);
        }
        if (joined.get().splitCaseId() != null) {
            throw new Refused(false, "submission " + submissionId + " was already split off from case " + reference);
        }
        return joined.get();
    }

    private Future<Split> splitOff(SqlConnection conn, long oldCaseId, String oldReference, UnmergeStore.Joined j,
                                   String actor, String reason, Instant now) {
        Complaint complaint = ComplaintJson.complaint(j.complaint());
        // Its own clocks: counted from the moment it became a case of its own, not from the original arrival.
        Complaint restarted = new Complaint(complaint.kind(), complaint.channel(), now,
                complaint.occurredAt(), complaint.complainant(), complaint.respondent(), complaint.demand(),
                complaint.subject(), complaint.description(), complaint.language(), complaint.category(),
                complaint.urgency(), complaint.product(), complaint.location(), complaint.attachments(),
                complaint.sourceDeadlines());
        return store.nextCaseNumber(conn).compose(number -> {
            CaseReference reference = new CaseReference(intake.referencePrefix(),
                    LocalDate.ofInstant(now, intake.timeZone()), number);
            // The complainant was told the old reference; the new one goes to them the way a receipt would.
            Receipt receipt = IntakeService.receiptFor(complaint, reference);
            List<PlannedDeadline> due = deadlines.deadlinesFor(restarted, receipt.channel() != null);
            return store.detach(conn, oldCaseId, j.submissionId())
                    // A case's id is its number, as on the intake path.
                    .compose(v -> intakeStore.createCase(conn, j.submissionId(), number, reference, complaint,
                            SlaPlanner.summary(due, complaint.sourceDeadlines()), receipt))
                    .compose(newCaseId -> slaStore.insert(conn, newCaseId, due).map(newCaseId))
                    .compose(newCaseId -> store.moveAttachments(conn, oldCaseId, newCaseId, j.submissionId())
                            .compose(v -> store.markSplit(conn, j.submissionId(), newCaseId, now, actor))
                            // Queued for incident linking like any new case (IncidentLinker).
                            .compose(v -> profiles.saveCase(conn, newCaseId, profiler.profile(complaint), linkIncidents))
                            .compose(v -> CaseActionStore.recordEvent(conn, oldCaseId, now, actor, "unmerged", new JsonObject()
                                    .put("submissionId", j.submissionId())
                                    .put("wasOutcome", j.outcome())
                                    .put("newReference", reference.toString())
                                    .put("reason", reason)))
                            .compose(v -> CaseActionStore.recordEvent(conn, newCaseId, now, actor, "split_from", new JsonObject()
                                    .put("submissionId", j.submissionId())
                                    .put("fromReference", oldReference)
                                    .put("reason", reason))))
                    .map(v -> new Split(oldReference, reference.toString(), j.submissionId()));
        });
    }
}
