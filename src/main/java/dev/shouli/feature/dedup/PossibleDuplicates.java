package dev.shouli.feature.dedup;

import dev.shouli.core.sla.Calendars;
import dev.shouli.core.sla.DeadlineKind;
import dev.shouli.core.sla.SlaDeadline;
import dev.shouli.core.sla.SlaStore;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * Deciding a possible duplicate: by its link (the existing case's contact answers) or by a desk agent. Confirming
 * joins the new case into the existing one the way a merge does — the submission is attached to the existing case
 * in the role dedup found (duplicate or follow-up) with its evidence, the new case becomes {@code merged} with its
 * desk clocks paused, history on both — and the desk's unmerge undoes it ({@link #splitConfirmed}). Dismissing
 * leaves both cases as they are. Either way nothing changes for the submitter: their answer, receipt and reference
 * stay those of their own case.
 *
 * <p>Locks, in one order for every decision: the pair's row, then both cases' rows in ascending id order (the
 * desk's unmerge locks the existing case, then the pair: it only ever meets a confirmed pair, a decision only a
 * pending one, so the two never wait for each other).
 */
public final class PossibleDuplicates implements Unmerge.ConfirmedJoins {

    /** Cases that may still take part in a join: neither finished nor merged elsewhere. */
    private static final Set<String> OPEN = Set.of("new", "acknowledged", "in_progress");
    /** Who decided through the link, in the pair and in both histories. */
    public static final String LINK = "link";

    /** Why a decision cannot be made: {@code status} 404 (no such pair or link) or 409/410 (not any more). */
    public static final class Refused extends RuntimeException {
        private final int status;
        private final String language;

        Refused(int status, String reason) {
            this(status, reason, null);
        }

        /** @param language the existing case's, for the page that says so; null when no pair is known */
        Refused(int status, String reason, String language) {
            super(reason, null, false, false);
            this.status = status;
            this.language = language;
        }

        public int status() {
            return status;
        }

        public String language() {
            return language;
        }
    }

    private final Pool pool;
    private final PossibleDuplicateStore store;
    private final SlaStore slaStore = new SlaStore();
    private final ConfirmLinks links;
    private final Calendars calendars;
    private final Clock clock;

    public PossibleDuplicates(Pool pool, PossibleDuplicateStore store, ConfirmLinks links, Calendars calendars,
                              Clock clock) {
        this.pool = pool;
        this.store = store;
        this.links = links;
        this.calendars = calendars;
        this.clock = clock;
    }

    /** The pair behind a link that can still decide it; refused for a forged, spent or expired link. GET only reads. */
    public Future<PossibleDuplicate> byLink(String token) {
        Optional<String> nonce = links.verify(token);
        if (nonce.isEmpty()) {
            return Future.failedFuture(notOurs());
        }
        Instant now = clock.instant();
        return store.byNonce(pool, nonce.get(), false).map(found -> usable(found.orElseThrow(PossibleDuplicates::notOurs), now));
    }

    /** The link's answer: join (confirm) or not. Spends the link: of two answers only the first counts. */
    public Future<PossibleDuplicate> decideByLink(String token, boolean confirm) {
        Optional<String> nonce = links.verify(token);
        if (nonce.isEmpty()) {
            return Future.failedFuture(notOurs());
        }
        Instant now = clock.instant();
        return pool.withTransaction(conn -> store.byNonce(conn, nonce.get(), true).compose(found -> {
            PossibleDuplicate p = usable(found.orElseThrow(PossibleDuplicates::notOurs), now);
            return confirm ? join(conn, p, LINK, now)
                    : store.dismiss(conn, p, LINK, "the contact on file said it is not theirs or not the same matter",
                            now).map(p);
        }));
    }

    /** A desk agent's decision on a pending pair, by id. */
    public Future<PossibleDuplicate> decideByDesk(long id, boolean confirm, String actor, String reason) {
        Instant now = clock.instant();
        return pool.withTransaction(conn -> store.byId(conn, id, true).compose(found -> {
            PossibleDuplicate p = found.orElseThrow(() -> new Refused(404, "no possible duplicate " + id));
            if (!"pending".equals(p.state())) {
                throw new Refused(409, "possible duplicate " + id + " was already decided: " + p.state());
            }
            return confirm ? join(conn, p, actor, now) : store.dismiss(conn, p, actor, reason, now).map(p);
        }));
    }

    public Future<List<PossibleDuplicate>> ofCase(long caseId) {
        return store.ofCase(pool, caseId);
    }

    public Future<List<PossibleDuplicate>> pending(Long beforeId, int limit) {
        return store.pending(pool, beforeId, limit);
    }

    /**
     * The desk's unmerge of a submission that joined its case by a confirmed possible duplicate: it goes back to
     * the case it was made into (whose reference its submitter holds) rather than into a case of a third reference;
     * that case gets its status back and its clocks run again from where they were paused.
     */
    @Override
    public Future<Optional<Unmerge.Split>> splitConfirmed(SqlConnection conn, long caseId, String reference,
                                                         long submissionId, String actor, String reason, Instant now) {
        return store.confirmedJoin(conn, submissionId, caseId).compose(found -> {
            if (found.isEmpty()) {
                return Future.succeededFuture(Optional.empty());
            }
            PossibleDuplicate p = found.get();
            return store.lockCases(conn, p.existingCaseId(), p.caseId())
                    .compose(v -> store.split(conn, p, actor, reason, now))
                    .compose(v -> deskClocks(conn, p.caseId(), d -> d.resumed(now, calendars.get(d.calendar())), now))
                    .map(v -> Optional.of(new Unmerge.Split(reference, p.reference(), submissionId)));
        });
    }

    private Future<PossibleDuplicate> join(SqlConnection conn, PossibleDuplicate p, String actor, Instant now) {
        return store.lockCases(conn, p.caseId(), p.existingCaseId()).compose(statuses -> {
            // Read under the lock: the desk may have resolved either case since the pair was found.
            if (!OPEN.containsAll(statuses)) {
                throw new Refused(409, "the cases cannot be joined any more: one of them is no longer open",
                        p.existingLanguage());
            }
            return store.join(conn, p, actor, now)
                    .compose(v -> deskClocks(conn, p.caseId(), d -> d.paused(now), now))
                    .map(p);
        });
    }

    /** Applies {@code change} to the case's desk clocks (every deadline but the receipt, which is still owed). */
    private Future<Void> deskClocks(SqlConnection conn, long caseId, UnaryOperator<SlaDeadline> change, Instant now) {
        return slaStore.ofCase(conn, caseId, true).compose(deadlines -> {
            List<SlaDeadline> changed = new ArrayList<>();
            for (SlaDeadline d : deadlines) {
                SlaDeadline next = d.kind() == DeadlineKind.RECEIPT ? d : change.apply(d);
                if (next != d) {
                    changed.add(next);
                }
            }
            return changed.isEmpty() ? Future.succeededFuture() : slaStore.update(conn, caseId, changed, now);
        });
    }

    /** A pair a link may still decide: pending, and the link not expired. */
    private static PossibleDuplicate usable(PossibleDuplicate p, Instant now) {
        if (!"pending".equals(p.state())) {
            throw new Refused(410, "already answered", p.existingLanguage());
        }
        if (p.linkExpiresAt() == null || !p.linkExpiresAt().isAfter(now)) {
            throw new Refused(410, "expired", p.existingLanguage());
        }
        return p;
    }

    private static Refused notOurs() {
        return new Refused(404, "not a link of ours");
    }
}
