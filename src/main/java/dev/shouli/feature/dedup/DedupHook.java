package dev.shouli.feature.dedup;

import dev.shouli.core.cases.ComplaintJson;
import dev.shouli.core.domain.IntakeOutcome;
import dev.shouli.core.intake.ContactProof;
import dev.shouli.core.intake.IntakeEvent;
import dev.shouli.core.intake.IntakeHook;
import dev.shouli.core.intake.IntakeUnit;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlConnection;

/**
 * After intake, in its transaction: a new case gets its dedup profile (keys, respondent, place, shingles,
 * LSH bands) and its place in the incident queue, from which {@link IncidentLinker} links it after the source
 * has been answered; a merged or appended submission is kept with what intake understood of it, so a desk
 * agent can split it off again. Nothing here waits for the database or takes a lock.
 *
 * <p>The case of a submission that has not proven the contact it names ({@link ContactProof}) is stored under no
 * person: the keys it typed may be a stranger's, and a case filed under someone's person would take their later
 * submissions (see {@link DuplicateMatcher}).
 */
public final class DedupHook implements IntakeHook {

    private final DedupConfig config;
    private final Profiler profiler;
    private final ProfileStore store;

    public DedupHook(DedupConfig config, Profiler profiler, ProfileStore store) {
        this.config = config;
        this.profiler = profiler;
        this.store = store;
    }

    /** The profile is stored even with matching off, so it is computed before the transaction either way. */
    @Override
    public void prepare(IntakeUnit unit) {
        profiler.profile(unit);
    }

    @Override
    public Future<Void> afterIntake(SqlConnection conn, IntakeEvent event) {
        if (event.outcome() == IntakeOutcome.CREATED) {
            // With matching off, the keys are still kept, for when it is turned on; nothing is queued.
            event.writes().add(store.saveCase(conn, event.caseId(), profiler.profile(event.unit()),
                    config.enabled(), ContactProof.proven(event.submission())));
        } else if (event.outcome() == IntakeOutcome.MERGED || event.outcome() == IntakeOutcome.APPENDED) {
            event.writes().add(store.saveJoined(conn, event.submissionId(), event.caseId(), event.outcome().code(),
                    ComplaintJson.of(event.complaint())));
        }
        return Future.succeededFuture();
    }
}
