package dev.shouli.core.cases;

import dev.shouli.core.cases.CaseActionStore.LockedCase;
import dev.shouli.core.domain.CaseStatus;
import dev.shouli.core.domain.ComplaintKind;
import dev.shouli.core.domain.Urgency;
import dev.shouli.core.http.HttpProblem;
import dev.shouli.core.sla.BusinessCalendar;
import dev.shouli.core.sla.DeadlineKind;
import dev.shouli.core.sla.PolicyRule;
import dev.shouli.core.sla.SlaAmount;
import dev.shouli.core.sla.SlaDeadline;
import dev.shouli.core.sla.SlaPlanner;
import dev.shouli.core.sla.SlaStore;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Performs a desk action in one transaction: lock the case, check the transition (409 with the reason
 * otherwise), change status and SLA states, record actor and time in the case history, run the action hooks.
 */
public final class CaseActionService {

    /** Clocks the desk owns; the receipt is the gateway's own and runs on regardless of desk work. */
    private static final Set<DeadlineKind> DESK_CLOCKS =
            Set.of(DeadlineKind.FIRST_RESPONSE, DeadlineKind.REPLY, DeadlineKind.RESOLUTION);

    private final Pool pool;
    private final CaseActionStore store;
    private final SlaStore slaStore;
    private final SlaPlanner planner;
    private final Supplier<List<CaseActionHook>> hooks;
    private final Clock clock;

    public CaseActionService(Pool pool, CaseActionStore store, SlaStore slaStore, SlaPlanner planner,
                             List<CaseActionHook> hooks, Clock clock) {
        this(pool, store, slaStore, planner, fixed(hooks), clock);
    }

    /** @param hooks the modules' action hooks, fixed before the first action */
    public CaseActionService(Pool pool, CaseActionStore store, SlaStore slaStore, SlaPlanner planner,
                             Supplier<List<CaseActionHook>> hooks, Clock clock) {
        this.pool = pool;
        this.store = store;
        this.slaStore = slaStore;
        this.planner = planner;
        this.hooks = hooks;
        this.clock = clock;
    }

    private static Supplier<List<CaseActionHook>> fixed(List<CaseActionHook> hooks) {
        List<CaseActionHook> copy = List.copyOf(hooks);
        return () -> copy;
    }

    /** @param parameters already checked for shape by {@link ActionParameters} */
    public Future<JsonObject> perform(String reference, DeskAction action, String actor, JsonObject parameters) {
        Instant now = clock.instant();
        return pool.withTransaction(conn -> performOn(conn, reference, action, actor, parameters, now));
    }

    /**
     * The same action inside the caller's transaction, for the gateway's own re-opens (a dissatisfied answer,
     * a hotline platform re-opening its ticket), so they behave exactly like the desk's and commit with what
     * caused them. Fails with a 409 {@link HttpProblem} when the transition is not allowed now.
     */
    public Future<JsonObject> performOn(SqlConnection conn, String reference, DeskAction action, String actor,
                                        JsonObject parameters, Instant now) {
        return store.lock(conn, reference).compose(found -> {
            LockedCase c = found.orElseThrow(() -> HttpProblem.notFound("no case with reference " + reference));
            CaseStatus from = CaseStatus.parse(c.status()).orElseThrow();
            checkAllowed(c, action, from);
            CaseStatus to = action.targetFrom(from);
            return slaStore.ofCase(conn, c.id(), true).compose(deadlines -> {
                List<SlaDeadline> changed = deadlinesAfter(action, c, deadlines, parameters, actor, now);
                String assignee = action == DeskAction.ASSIGN ? parameters.getString("assignee") : c.assignee();
                Instant waiting = action == DeskAction.PAUSE ? now
                        : action == DeskAction.RESUME || to != from ? null : c.waitingSince();
                JsonObject detail = new JsonObject()
                        .put("from", from.code())
                        .put("to", to.code())
                        .put("parameters", parameters)
                        .put("deadlines", summary(changed));
                CaseAction event = new CaseAction(c.id(), c.reference(), c.channel(), action.code(), from.code(),
                        to.code(), actor, now, parameters);
                return store.update(conn, c.id(), to.code(), assignee, waiting, now)
                        .compose(v -> slaStore.update(conn, c.id(), changed, now))
                        .compose(v -> CaseActionStore.recordEvent(conn, c.id(), now, actor, action.code(), detail))
                        .compose(v -> runHooks(conn, event, 0))
                        .map(v -> new JsonObject()
                                .put("reference", c.reference())
                                .put("action", action.code())
                                .put("from", from.code())
                                .put("status", to.code())
                                .put("actor", actor)
                                .put("at", now.toString())
                                .put("deadlines", summary(changed)));
            });
        });
    }

    private static void checkAllowed(LockedCase c, DeskAction action, CaseStatus from) {
        if (!action.allowedFrom().contains(from)) {
            throw conflict(c, action, "the case is " + from.code() + "; " + action.code() + " is allowed when it is "
                    + action.allowedFrom().stream().map(CaseStatus::code).collect(Collectors.joining(" or ")));
        }
        if (action == DeskAction.PAUSE && c.waitingSince() != null) {
            throw conflict(c, action, "the case already waits for the complainant since " + c.waitingSince());
        }
        if (action == DeskAction.RESUME && c.waitingSince() == null) {
            throw conflict(c, action, "the case is not paused");
        }
    }

    private static HttpProblem conflict(LockedCase c, DeskAction action, String reason) {
        return new HttpProblem(409, "invalid-transition", "Action not allowed now",
                "cannot " + action.code() + " case " + c.reference() + ": " + reason)
                // Not "status": in a problem (RFC 9457) that member is the HTTP status code.
                .with("caseStatus", c.status())
                .with("action", action.code());
    }

    /** The deadlines this action changes, in their new state. */
    private List<SlaDeadline> deadlinesAfter(DeskAction action, LockedCase c, List<SlaDeadline> deadlines,
                                             JsonObject parameters, String actor, Instant now) {
        List<SlaDeadline> changed = new ArrayList<>();
        for (SlaDeadline d : deadlines) {
            SlaDeadline next = switch (action) {
                case ACKNOWLEDGE, START -> d.kind() == DeadlineKind.FIRST_RESPONSE ? d.met(now) : d;
                case RESOLVE -> DESK_CLOCKS.contains(d.kind()) ? d.met(now) : d;
                case PAUSE -> DESK_CLOCKS.contains(d.kind()) ? d.paused(now) : d;
                case RESUME -> d.resumed(now, calendar(d));
                case RETURN, CLOSE -> DESK_CLOCKS.contains(d.kind()) ? d.cancelled() : d;
                case EXTEND -> d.kind() == extendedKind(parameters) ? extend(c, d, parameters, actor, now) : d;
                case REOPEN -> reopened(c, d, now);
                case ASSIGN -> d;
            };
            if (next != d) {
                changed.add(next);
            }
        }
        if (action == DeskAction.EXTEND && changed.isEmpty()) {
            throw conflict(c, action, "the case has no " + extendedKind(parameters).code() + " deadline");
        }
        return changed;
    }

    private static DeadlineKind extendedKind(JsonObject parameters) {
        return DeadlineKind.parse(parameters.getString("deadline", "resolution")).orElseThrow();
    }

    private SlaDeadline extend(LockedCase c, SlaDeadline d, JsonObject parameters, String actor, Instant now) {
        BusinessCalendar cal = calendar(d);
        Instant until = parameters.containsKey("until") ? Instant.parse(parameters.getString("until"))
                : SlaAmount.parse(parameters.getString("by")).dueAfter(cal, d.dueAt());
        try {
            return d.extended(until, planner.warnAt(cal, d.startedAt(), until), parameters.getString("reason"),
                    actor, now);
        } catch (IllegalStateException e) {
            throw conflict(c, DeskAction.EXTEND, e.getMessage());
        }
    }

    /** Reopening runs the reply and resolution clocks again from now, with the case's policy allowances. */
    private SlaDeadline reopened(LockedCase c, SlaDeadline d, Instant now) {
        if (d.kind() != DeadlineKind.REPLY && d.kind() != DeadlineKind.RESOLUTION) {
            return d;
        }
        PolicyRule rule = planner.ruleFor(c.channel(), ComplaintKind.parse(c.kind()).orElseThrow(),
                Urgency.parse(c.urgency()).orElseThrow());
        SlaAmount allowance = rule.allowances().get(d.kind());
        if (allowance == null) {
            return d.cancelled();
        }
        BusinessCalendar cal = planner.calendars().get(rule.calendarFor(d.kind()));
        Instant due = allowance.dueAfter(cal, now);
        return d.restarted(now, due, planner.warnAt(cal, now, due));
    }

    private BusinessCalendar calendar(SlaDeadline d) {
        return planner.calendars().get(d.calendar());
    }

    private static JsonArray summary(List<SlaDeadline> changed) {
        JsonArray out = new JsonArray();
        changed.forEach(d -> out.add(new JsonObject()
                .put("kind", d.kind().code())
                .put("state", d.state())
                .put("dueAt", d.dueAt().toString())));
        return out;
    }

    private Future<Void> runHooks(SqlConnection conn, CaseAction action, int index) {
        List<CaseActionHook> all = hooks.get();
        if (index == all.size()) {
            return Future.succeededFuture();
        }
        return all.get(index).onAction(conn, action).compose(v -> runHooks(conn, action, index + 1));
    }
}
