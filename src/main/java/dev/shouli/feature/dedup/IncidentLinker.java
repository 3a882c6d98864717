package dev.shouli.feature.dedup;

import dev.shouli.core.cases.CaseActionStore;
import dev.shouli.core.jobs.PeriodicJob;
import dev.shouli.feature.dedup.IncidentStore.Queued;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Links new cases into incidents (many people, one problem: docs/features/dedup.md) after their sources were answered.
 *
 * <p>Intake only queues a new case ({@code incident_queue}, in the intake transaction). Every instance runs a
 * linker, but only one transaction at a time, across all instances, may link: it must hold a try-lock, and an
 * instance that does not get it at once simply tries again at its next tick. That one writer takes the queued
 * cases in case order and links each against the cases linked before it — those already stored, and the ones
 * earlier in its own batch — so two reports of one outage can never each start an incident, and no lock is
 * needed per respondent, place or band. Under a mass complaint intake therefore never waits on the trader;
 * the linker works through the queue behind it, a batch per transaction.
 *
 * <p>What it decides cannot change what a source was told: an incident links separate cases, each person
 * keeps their own case and reference ({@code created} stays true).
 */
final class IncidentLinker extends PeriodicJob {

    private static final String ACTOR = "dedup";
    private static final Duration BACKLOG_INTERVAL = Duration.ofSeconds(5);

    private final Pool pool;
    private final DedupConfig config;
    private final DedupRules rules;
    private final IncidentStore store;
    private final Clock clock;
    private final CandidateCopies copies;
    private Instant backlogReadAt = Instant.EPOCH;
    /** Cases waiting to be linked and the age of the oldest, as last read (for /metrics). */
    private final AtomicLong backlog = new AtomicLong();
    private final AtomicLong backlogOldestSeconds = new AtomicLong();

    private final IncidentActions incidentActions;

    /**
     * @param registry        where the backlog gauges go, or null
     * @param incidentActions brings a case that joins an incident to its standing state; null in tests of
     *                        linking alone
     */
    IncidentLinker(Pool pool, DedupConfig config, DedupRules rules, IncidentStore store, Clock clock,
                   MeterRegistry registry, IncidentActions incidentActions) {
        super("incident linking", config.linkInterval());
        this.pool = pool;
        this.config = config;
        this.rules = rules;
        this.store = store;
        this.clock = clock;
        this.copies = new CandidateCopies(store);
        this.incidentActions = incidentActions;
        if (registry != null && config.enabled()) {
            // Under a sustained peak above the linker's rate, incidents form minutes late (BENCHMARKS.md): the
            // backlog is what tells an operator so.
            Gauge.builder("shouli.incidents.queue.cases", backlog, AtomicLong::get)
                    .description("Cases waiting for incident linking").register(registry);
            Gauge.builder("shouli.incidents.queue.oldest.seconds", backlogOldestSeconds, AtomicLong::get)
                    .description("How long the oldest case waiting for incident linking has waited")
                    .baseUnit("seconds").register(registry);
        }
    }

    @Override
    protected boolean enabled() {
        return config.enabled();
    }

    /** Links batches until the queue is empty or another instance is linking. */
    @Override
    protected Future<?> round() {
        readBacklogNowAndThen();
        return linkBatch().compose(linked -> linked == config.linkBatch()
                // A full batch: there is likely more behind it, and waiting for the tick would only add delay.
                ? round() : Future.succeededFuture());
    }

    private void readBacklogNowAndThen() {
        Instant now = Instant.now();
        if (Duration.between(backlogReadAt, now).compareTo(BACKLOG_INTERVAL) < 0) {
            return;
        }
        backlogReadAt = now;
        store.queueState(pool).onSuccess(state -> {
            backlog.set(state.getLong("queued"));
            String oldest = state.getString("oldest");
            backlogOldestSeconds.set(oldest == null ? 0
                    : Math.max(0, Duration.between(Instant.parse(oldest), clock.instant()).toSeconds()));
        });
    }

    /** One transaction: up to {@code linkBatch} queued cases linked and dequeued. @return how many */
    public Future<Integer> linkBatch() {
        return pool.withTransaction(conn -> store.tryBecomeLinker(conn).compose(linker -> {
            if (!linker) {
                return Future.succeededFuture(0);
            }
            return store.customPlans(conn)
                    .compose(v -> store.queued(conn, config.linkBatch()))
                    .compose(queued -> queued.isEmpty() ? Future.succeededFuture(0)
                            : link(conn, queued).map(queued.size()));
        }));
    }

    private Future<Void> link(SqlConnection conn, List<Queued> queued) {
        // The batch's candidates are asked for together (IncidentCandidates), then the cases they name are fetched
        // once for the whole batch (CandidateCopies: only those it holds no current copy of are read whole): under
        // a mass complaint they are the same few dozen for every case. The cases of this batch are not among them,
        // as they are still queued, and are compared from memory instead; they are kept as copies for the batches
        // after it, whose candidates they are.
        // A profile is rebuilt once a case: its MinHash was a tenth of the gateway's CPU when built twice.
        queued.forEach(q -> copies.keep(q.stored().caseId(), q.stored(), q.version()));
        List<CaseProfile> profiles = queued.stream().map(q -> q.stored().profile()).toList();
        List<Long> caseIds = queued.stream().map(q -> q.stored().caseId()).toList();
        List<Instant> since = queued.stream().map(q -> q.stored().receivedAt().minus(config.incidentWindow()))
                .toList();
        Batch batch = new Batch(conn);
        Future<List<List<Long>>> probed = new IncidentCandidates(store, config.maxCandidates())
                .of(conn, profiles, caseIds, since);
        return probed
                .compose(candidates -> {
                    Set<Long> ids = new HashSet<>();
                    candidates.forEach(ids::addAll);
                    return ids.isEmpty() ? Future.succeededFuture(Map.<Long, StoredCase>of())
                            : copies.fetch(conn, ids, since.stream().min(Instant::compareTo).orElseThrow());
                })
                .compose(found -> {
                    List<List<Long>> candidates = probed.result();
                    Future<Void> chain = Future.succeededFuture();
                    for (int i = 0; i < queued.size(); i++) {
                        Queued q = queued.get(i);
                        CaseProfile profile = profiles.get(i);
                        List<StoredCase> others = new ArrayList<>();
                        for (Long id : candidates.get(i)) {
                            StoredCase c = found.get(id);
                            if (c != null) {
                                others.add(c);
                            }
                        }
                        chain = chain.compose(x -> batch.linkOne(q, profile, others));
                    }
                    return chain;
                })
                .compose(v -> {
                    batch.writeJoins();
                    batch.writes.add(store.dequeue(conn, caseIds));
                    return Future.all(batch.writes).mapEmpty();
                });
    }

    /**
     * One transaction's linking: what it decided so far, and the writes nobody waits for. The joins, their history
     * and the catching up with incident actions are written once for the batch, after the incidents it starts:
     * one statement each instead of three a case, each costing PostgreSQL and the gateway more than its row.
     */
    private final class Batch {
        final SqlConnection conn;
        final List<StoredCase> linkedHere = new ArrayList<>();
        final Map<Long, Long> incidentOf = new HashMap<>();
        final List<Future<?>> writes = new ArrayList<>();
        final List<IncidentStore.Join> joins = new ArrayList<>();
        final List<CaseActionStore.NewEvent> events = new ArrayList<>();
        final Map<Long, List<String>> joinedByIncident = new LinkedHashMap<>();

        Batch(SqlConnection conn) {
            this.conn = conn;
        }

        Future<Void> linkOne(Queued q, CaseProfile profile, List<StoredCase> stored) {
            StoredCase self = q.stored();
            List<StoredCase> others = new ArrayList<>(stored.size() + linkedHere.size());
            // One person's cases are never an incident; the rules check persons, this also the cases of no person
            // (made from submissions that had not proven their contact) by the keys they typed.
            for (StoredCase c : stored) {
                if (!self.samePersonAs(c)) {
                    others.add(current(c));
                }
            }
            Instant since = self.receivedAt().minus(config.incidentWindow());
            for (StoredCase c : linkedHere) {
                if (!c.receivedAt().isBefore(since) && !self.samePersonAs(c)) {
                    others.add(current(c));
                }
            }
            Optional<DedupRules.IncidentChoice> choice = rules.incidentChoice(profile, self.personId(), others);
            linkedHere.add(self);
            if (choice.isEmpty()) {
                return Future.succeededFuture();
            }
            // An incident it matches wins over a stronger match with a case in none, which then joins the incident
            // too: otherwise one outage would split into as many incidents as there are ways to word it.
            DedupRules.Decision best = choice.get().best();
            Optional<DedupRules.Decision> inIncident = choice.get().inIncident();
            Instant now = clock.instant();
            if (inIncident.isPresent()) {
                long incident = inIncident.get().target().incidentId();
                join(incident, self, inIncident.get().why(), now);
                if (best.target().incidentId() == null) {
                    join(incident, best.target(), best.why().copy().put("matchedReference", self.reference()), now);
                }
                return Future.succeededFuture();
            }
            StoredCase other = best.target();
            String respondent = q.respondentName() != null ? q.respondentName()
                    : other.respondent().known() ? other.respondent().base() : null;
            String title = respondent != null ? respondent : q.address() != null ? q.address() : q.subject();
            Instant first = other.receivedAt().isBefore(self.receivedAt()) ? other.receivedAt() : self.receivedAt();
            return store.nextIncidentId(conn).map(incident -> {
                writes.add(store.createIncident(conn, incident, respondent, q.address(), title, first));
                join(incident, other, best.why().copy().put("matchedReference", self.reference()), now);
                join(incident, self, best.why(), now);
                return null;
            });
        }

        private void join(long incident, StoredCase c, JsonObject why, Instant now) {
            incidentOf.put(c.caseId(), incident);
            joins.add(new IncidentStore.Join(incident, c.caseId(), c.receivedAt()));
            events.add(new CaseActionStore.NewEvent(c.caseId(), now, ACTOR, "incident_linked",
                    why.copy().put("incidentId", incident)));
            joinedByIncident.computeIfAbsent(incident, k -> new ArrayList<>()).add(c.reference());
        }

        /** The batch's joins, written after the incidents it started. */
        void writeJoins() {
            writes.add(store.joinIncidents(conn, joins));
            writes.add(CaseActionStore.recordEvents(conn, events));
            if (incidentActions != null) {
                // Read after this transaction's update of the incident rows, so an incident action either committed
                // before (its standing state is seen here) or waits for this one (and counts the case among its own).
                writes.add(incidentActions.catchUpJoined(conn, joinedByIncident));
            }
        }

        /** A candidate as this batch has left it: it may have joined an incident a moment ago. */
        private StoredCase current(StoredCase c) {
            Long incident = incidentOf.get(c.caseId());
            return incident == null || incident.equals(c.incidentId()) ? c : c.inIncident(incident);
        }
    }
}
