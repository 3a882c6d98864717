package dev.shouli.feature.routing;

import dev.shouli.core.cases.Assignees;
import dev.shouli.core.cases.CaseActionStore;
import dev.shouli.core.jobs.PeriodicJob;
import dev.shouli.feature.routing.RoutingStore.Queued;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Routes new cases after their sources were answered (as incidents are linked, docs/architecture.md "Incidents are
 * linked after the answer"), and assigns members of units to routed cases.
 *
 * <p>Intake only queues a new case ({@code routing_queue}); a desk action that moves a case to a unit queues it for
 * assignment. Every instance runs a router, but one transaction at a time across all instances may route: it must
 * hold a try-lock, and an instance without it tries again at its next tick. That one writer takes the due cases
 * in queue order, classifies and routes each, picks members by each unit's rotation, and removes the cases from
 * the queue in the same transaction — so every case is routed once and assigned once, and a rotation never sees
 * two routers. Cases a desk action or an intake holds are skipped this round, not waited for.
 */
final class Router extends PeriodicJob {

    static final String ACTOR = "routing";
    private static final Duration BACKLOG_INTERVAL = Duration.ofSeconds(5);

    private final Pool pool;
    private final RoutingConfig config;
    private final RoutingStore store;
    private final MemberStore members;
    private final ModelStore models;
    private final ModelVersions versions;
    private final RuleSets ruleSets;
    private final Supplier<Assignees> assignees;
    private final RoutingMetrics metrics;
    private final Assigner assigner;
    private final Clock clock;
    private Instant backlogReadAt = Instant.EPOCH;

    Router(Pool pool, RoutingConfig config, RoutingStore store, MemberStore members, ModelStore models,
           ModelVersions versions, RuleSets ruleSets, Supplier<Assignees> assignees, RoutingMetrics metrics,
           Clock clock) {
        super("routing", config.interval());
        this.pool = pool;
        this.config = config;
        this.store = store;
        this.members = members;
        this.models = models;
        this.versions = versions;
        this.ruleSets = ruleSets;
        this.assignees = assignees;
        this.metrics = metrics;
        this.assigner = new Assigner(config.calendars());
        this.clock = clock;
    }

    @Override
    protected boolean enabled() {
        return config.enabled();
    }

    @Override
    protected Future<?> round() {
        readBacklogNowAndThen();
        return routeBatch().compose(routed -> routed == config.batch() ? round() : Future.succeededFuture());
    }

    private void readBacklogNowAndThen() {
        Instant now = Instant.now();
        if (Duration.between(backlogReadAt, now).compareTo(BACKLOG_INTERVAL) < 0) {
            return;
        }
        backlogReadAt = now;
        store.queueState(pool).onSuccess(state -> {
            String oldest = state.getString("oldest");
            metrics.queue(state.getLong("queued"), oldest == null ? 0
                    : Math.max(0, Duration.between(Instant.parse(oldest), clock.instant()).toSeconds()));
        });
    }

    /**
     * One transaction: up to {@code routing.batch} due cases routed or assigned.
     *
     * @return how many it took (cases others held at that moment are left for the next round)
     */
    Future<Integer> routeBatch() {
        Instant now = clock.instant();
        List<Runnable> afterCommit = new ArrayList<>();
        return pool.withTransaction(conn -> store.tryBecomeRouter(conn).compose(router -> {
                    if (!router) {
                        return Future.succeededFuture(0);
                    }
                    return store.due(conn, now, config.batch()).compose(due -> due.isEmpty()
                            ? Future.succeededFuture(0)
                            : new Batch(conn, now, afterCommit).run(due));
                }))
                .onSuccess(n -> afterCommit.forEach(Runnable::run));
    }

    /** What one transaction decides, and its writes. */
    private final class Batch {

        private final SqlConnection conn;
        private final Instant now;
        private final List<Runnable> afterCommit;
        private Set<String> active = Set.of();
        private final List<Future<?>> writes = new ArrayList<>();
        /** The batch's history entries, written in one statement with its last writes. */
        private final List<CaseActionStore.NewEvent> events = new ArrayList<>();
        /** The batch's routings, likewise in one statement. */
        private final List<RoutingStore.Routing> routings = new ArrayList<>();
        private final List<Long> done = new ArrayList<>();
        private final List<Long> waiting = new ArrayList<>();
        private final Map<String, Assigner.Team> teams = new LinkedHashMap<>();
        private Map<String, Integer> open = new HashMap<>();

        Batch(SqlConnection conn, Instant now, List<Runnable> afterCommit) {
            this.conn = conn;
            this.now = now;
            this.afterCommit = afterCommit;
        }

        /** @return how many cases it took */
        Future<Integer> run(List<Queued> due) {
            return store.lockCases(conn, due.stream().map(Queued::caseId).toList()).compose(locked -> {
                List<Queued> mine = due.stream().filter(q -> locked.contains(q.caseId())).toList();
                Future<RuleSet> rules = ruleSets.active(conn);
                Future<ModelVersions.Live> live = versions.live(conn);
                return Future.all(rules, live).compose(v -> decide(mine, rules.result(), live.result()))
                        .map(mine.size());
            });
        }

        private Future<Void> decide(List<Queued> cases, RuleSet rules, ModelVersions.Live live) {
            List<Decision> decisions = new ArrayList<>();
            for (Queued q : cases) {
                if (!q.open()) {
                    done.add(q.caseId());
                } else if ("route".equals(q.step())) {
                    decisions.add(route(q, rules, live));
                } else {
                    Units.Unit unit = config.units().get(q.routedUnit()).orElse(config.units().triage());
                    decisions.add(new Decision(q, null, unit, null, unit.policy()));
                }
            }
            return teams(decisions).compose(v -> {
                decisions.forEach(d -> write(d, rules.version()));
                for (Assigner.Team team : teams.values()) {
                    if (team.changed()) {
                        writes.add(members.rotate(conn, team.unit().code(), team.last()));
                    }
                }
                writes.add(store.saveAll(conn, routings));
                writes.add(CaseActionStore.recordEvents(conn, events));
                writes.add(store.dequeue(conn, done));
                writes.add(store.waitForAssignment(conn, waiting, now.plus(config.retryAssign())));
                return Future.all(writes).mapEmpty();
            });
        }

        /** A case to write: routed now (classification and rule known) or only to be assigned. */
        private record Decision(Queued q, Classification classification, Units.Unit unit, RuleSet.Rule rule,
                                Units.Policy policy) {
        }

        private Decision route(Queued q, RuleSet rules, ModelVersions.Live live) {
            Classification c = Classification.of(q.category(), q.subject(), q.description(), rules, live.active());
            live.shadow().ifPresent(shadow -> writes.add(models.shadow(conn, shadow.number(), q.caseId(),
                    shadow.model().predict(Features.text(q.subject(), q.description())), c.category(), c.decided(),
                    now)));
            Optional<RuleSet.Rule> rule = rules.route(q.facts(c.decided() ? c.category() : null));
            Units.Unit unit = rule.flatMap(r -> config.units().get(r.unit())).orElse(config.units().triage());
            Units.Policy policy = rule.map(RuleSet.Rule::assign).filter(p -> p != null).orElse(unit.policy());
            return new Decision(q, c, unit, rule.orElse(null), policy);
        }

        /** The members and rotations of every unit this batch assigns in, and their members' open cases. */
        private Future<Void> teams(List<Decision> decisions) {
            List<String> units = decisions.stream()
                    .filter(d -> d.policy() != Units.Policy.NONE && d.q().assignee() == null)
                    .map(d -> d.unit().code()).distinct().toList();
            if (units.isEmpty()) {
                return Future.succeededFuture();
            }
            Future<List<MemberStore.Member>> all = members.members(conn, units);
            Future<Map<String, String>> last = members.lastAssigned(conn, units);
            Future<List<Assignees.Assignee>> users = assignees.get().active();
            return Future.all(all, last, users).compose(v -> {
                active = users.result().stream().map(Assignees.Assignee::username).collect(Collectors.toSet());
                for (String code : units) {
                    teams.put(code, new Assigner.Team(config.units().get(code).orElseThrow(),
                            all.result().stream().filter(m -> m.unit().equals(code)).toList(), last.result().get(code)));
                }
                boolean counts = decisions.stream().anyMatch(d -> d.policy() == Units.Policy.FEWEST_OPEN);
                List<String> people = all.result().stream().map(MemberStore.Member::username).distinct().toList();
                return counts && !people.isEmpty() ? members.openCases(conn, people).map(found -> {
                    open = new HashMap<>(found);
                    return null;
                }) : Future.succeededFuture();
            });
        }

        private void write(Decision d, int ruleSet) {
            Queued q = d.q();
            String assignee = null;
            boolean assigning = d.policy() != Units.Policy.NONE && q.assignee() == null;
            if (assigning) {
                assignee = assigner.pick(teams.get(d.unit().code()), d.policy(), now, active, open).orElse(null);
            }
            if (assigning && assignee == null) {
                waiting.add(q.caseId());
            } else {
                done.add(q.caseId());
            }
            if (assignee != null) {
                afterCommit.add(() -> metrics.assigned(d.unit().code(), d.policy().code()));
            }
            if (d.classification() != null) {
                writeRouting(d, ruleSet, assignee);
            } else if (assignee != null) {
                writes.add(store.updateCase(conn, q.caseId(), null, assignee, now));
                writes.add(store.setAssignee(conn, q.caseId(), assignee, now));
                events.add(new CaseActionStore.NewEvent(q.caseId(), now, ACTOR, "routing_assigned",
                        new JsonObject().put("unit", d.unit().code()).put("assignee", assignee)
                                .put("policy", d.policy().code())));
            }
        }

        private void writeRouting(Decision d, int ruleSet, String assignee) {
            Queued q = d.q();
            Classification c = d.classification();
            RuleSet.Rule rule = d.rule();
            boolean triage = d.unit().triage();
            Instant dueAt = config.dueAt(d.unit(), rule != null && rule.due() != null ? rule.due() : d.unit().deadline(),
                    now);
            ClassifierModel.Prediction model = c.model();
            RoutingStore.Routing routing = new RoutingStore.Routing(q.caseId(), d.unit().code(),
                    triage ? "triage" : "routed", rule == null ? null : rule.name(), ruleSet, c.category(),
                    c.decided() ? c.source() : null, c.confidence(), c.decided(), c.version(), c.reason(),
                    c.suggestionsJson(), q.category(), model == null ? null : model.top().category(),
                    model == null ? null : model.top().confidence(), model == null ? null : model.decided(),
                    rule == null ? List.of() : rule.tags(), assignee, dueAt, now);
            routings.add(routing);
            if (!triage) {
                writes.add(store.dispatch(conn, q.caseId(), d.unit().code(), "rule", c.category(), rule.name(), ACTOR,
                        now));
            }
            boolean setsCategory = c.decided() && q.category() == null;
            if (setsCategory || assignee != null) {
                writes.add(store.updateCase(conn, q.caseId(), setsCategory ? c.category() : null, assignee, now));
            }
            events.add(new CaseActionStore.NewEvent(q.caseId(), now, ACTOR, "routed", event(routing)));
            afterCommit.add(() -> {
                metrics.classified(c.source(), c.decided());
                metrics.routed(d.unit().code(), triage ? "triage" : "rule");
                metrics.waited(Duration.between(q.createdAt(), clock.instant()));
            });
        }

        private JsonObject event(RoutingStore.Routing r) {
            return new JsonObject()
                    .put("unit", r.unit())
                    .put("state", r.state())
                    .put("rule", r.rule())
                    .put("ruleSet", r.ruleSet())
                    .put("category", r.category())
                    .put("categorySource", r.categorySource())
                    .put("confidence", r.confidence())
                    .put("decided", r.decided())
                    .put("classifierVersion", r.classifierVersion())
                    .put("reason", r.reason())
                    .put("suggestions", r.suggestions() == null ? new JsonArray() : r.suggestions())
                    .put("assignee", r.assignee())
                    .put("dueAt", r.dueAt() == null ? null : r.dueAt().toString())
                    .put("tags", new JsonArray(r.tags()));
        }
    }
}
