package dev.shouli.core.cases;

import dev.shouli.core.cases.CaseActionStore.LockedCase;
import dev.shouli.core.domain.CaseStatus;
import dev.shouli.core.domain.ComplaintKind;
import dev.shouli.core.domain.Urgency;
import dev.shouli.core.http.HttpProblem;
import dev.shouli.core.outbox.Notice;
import dev.shouli.core.outbox.NoticeDelivery;
import dev.shouli.core.outbox.OutboxStore;
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
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Performs a desk action in one transaction: lock the case, check the transition (409 with the reason
 * otherwise), change status and SLA states, record actor and time in the case history, tell the complainant what
 * the action says to them (a reply; a public note when asked to), run the action hooks.
 */
public final class CaseActionService {

    /** Clocks the desk owns; the receipt is the gateway's own and runs on regardless of desk work. */
    private static final Set<DeadlineKind> DESK_CLOCKS =
            Set.of(DeadlineKind.FIRST_RESPONSE, DeadlineKind.REPLY, DeadlineKind.RESOLUTION);
    /** What an answer to the complainant (written or by phone) meets: the first response and the reply (答复). */
    private static final Set<DeadlineKind> ANSWERED = Set.of(DeadlineKind.FIRST_RESPONSE, DeadlineKind.REPLY);
    private static final DateTimeFormatter DUE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");
    /** How far a phone reply's time may lie outside the case's life (clocks, a time typed to the minute). */
    private static final java.time.Duration CLOCK_SKEW = java.time.Duration.ofMinutes(5);

    /** One step of several actions done together (a macro: 签收 + 分派给我 + 回复). */
    public record Step(DeskAction action, JsonObject parameters) {
    }

    /** What the core needs besides the pool: who can be assigned, which channels send, the time zone of dates. */
    public record Context(Supplier<List<Assignees>> assignees, NoticeDelivery delivery, ZoneId zone) {
        /** Nobody to check assignees against, nothing sends, Shanghai time: for tests of the core alone. */
        public static Context none() {
            return new Context(List::of, new NoticeDelivery(List::of), ZoneId.of("Asia/Shanghai"));
        }
    }

    private final Pool pool;
    private final CaseActionStore store;
    private final SlaStore slaStore;
    private final SlaPlanner planner;
    private final Supplier<List<CaseActionHook>> hooks;
    private final Clock clock;
    private final Context context;

    public CaseActionService(Pool pool, CaseActionStore store, SlaStore slaStore, SlaPlanner planner,
                             List<CaseActionHook> hooks, Clock clock) {
        this(pool, store, slaStore, planner, fixed(hooks), clock, Context.none());
    }

    /** @param hooks the modules' action hooks, fixed before the first action */
    public CaseActionService(Pool pool, CaseActionStore store, SlaStore slaStore, SlaPlanner planner,
                             Supplier<List<CaseActionHook>> hooks, Clock clock, Context context) {
        this.pool = pool;
        this.store = store;
        this.slaStore = slaStore;
        this.planner = planner;
        this.hooks = hooks;
        this.clock = clock;
        this.context = context;
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
     * Several actions on one case in one transaction, in order (a macro); each step's parameters checked by
     * {@link ActionParameters}. Fails, and does none of them, when one is refused. @return each step's answer
     */
    public Future<List<JsonObject>> perform(String reference, List<Step> steps, String actor) {
        Instant now = clock.instant();
        return pool.withTransaction(conn -> {
            List<JsonObject> done = new ArrayList<>();
            Future<Void> chain = Future.succeededFuture();
            for (Step step : steps) {
                chain = chain.compose(v -> performOn(conn, reference, step.action(), actor, step.parameters(), now,
                        null)).map(answer -> {
                            done.add(answer);
                            return null;
                        });
            }
            return chain.map(done);
        });
    }

    /**
     * The same action inside the caller's transaction, for the gateway's own re-opens (a dissatisfied answer,
     * a hotline platform re-opening its ticket), so they behave exactly like the desk's and commit with what
     * caused them. Fails with a 409 {@link HttpProblem} when the transition is not allowed now.
     */
    public Future<JsonObject> performOn(SqlConnection conn, String reference, DeskAction action, String actor,
                                        JsonObject parameters, Instant now) {
        return performOn(conn, reference, action, actor, parameters, now, null);
    }

    /**
     * @param via recorded with the action in the case history when it was done as part of something larger — an
     *            incident's action, a batch of the desk's: {@code {"incident": 12, "batch": 40}}; null otherwise
     */
    public Future<JsonObject> performOn(SqlConnection conn, String reference, DeskAction action, String actor,
                                        JsonObject parameters, Instant now, JsonObject via) {
        return checkAssignee(action, parameters).compose(checked -> store.lock(conn, reference).compose(found -> {
            LockedCase c = found.orElseThrow(() -> HttpProblem.notFound("no case with reference " + reference));
            String key = checked.getString(ActionParameters.REQUEST_KEY);
            if (key == null) {
                return act(conn, c, action, actor, checked, now, via);
            }
            return store.byRequestKey(conn, c.id(), key).compose(earlier -> earlier.isPresent()
                    ? Future.succeededFuture(repeated(c, earlier.get()))
                    : act(conn, c, action, actor, checked, now, via));
        }));
    }

    /**
     * Brings a case to {@code target} by the desk's own transitions (a case that joined an incident after the
     * incident was acknowledged or resolved): acknowledge, start, resolve, close or return as needed, each recorded
     * like any action; a case already there or past it is left as it is. {@code standing} gives the texts the
     * steps take ({@code result}, {@code reason}, {@code reasonCode}); {@code publicNote} and {@code notify} go
     * with the last step, so the complainant hears once. {@code assignee}: assigned first when the case has none.
     * When no step is needed but there is a public note, and the case is at {@code target} (or there is none), a
     * {@code note} carries it, so the note alone is told too.
     *
     * @param target null: no status to bring the case to
     * @return the steps' answers (none when nothing was to be done)
     */
    public Future<List<JsonObject>> catchUp(SqlConnection conn, String reference, CaseStatus target, String assignee,
                                            JsonObject standing, String actor, Instant now, JsonObject via) {
        return store.lock(conn, reference).compose(found -> {
            LockedCase c = found.orElseThrow(() -> HttpProblem.notFound("no case with reference " + reference));
            CaseStatus current = CaseStatus.parse(c.status()).orElseThrow();
            List<DeskAction> path = new ArrayList<>(target == null ? List.of() : CatchUp.path(current, target));
            if (assignee != null && c.assignee() == null && DeskAction.ASSIGN.allowedFrom().contains(current)) {
                path.add(0, DeskAction.ASSIGN);
            }
            if (path.isEmpty() && (target == null || target == current) && CatchUp.hasPublicNote(standing)
                    && DeskAction.NOTE.allowedFrom().contains(current)) {
                path.add(DeskAction.NOTE);
            }
            List<JsonObject> done = new ArrayList<>();
            Future<Void> chain = Future.succeededFuture();
            for (int i = 0; i < path.size(); i++) {
                DeskAction step = path.get(i);
                JsonObject parameters = CatchUp.parameters(step, standing, assignee, i == path.size() - 1);
                chain = chain.compose(v -> performOn(conn, reference, step, actor,
                        ActionParameters.check(step, parameters), now, via)).map(answer -> {
                            done.add(answer);
                            return null;
                        });
            }
            return chain.map(done);
        });
    }

    private Future<JsonObject> act(SqlConnection conn, LockedCase c, DeskAction action, String actor,
                                   JsonObject given, Instant now, JsonObject via) {
        CaseStatus from = CaseStatus.parse(c.status()).orElseThrow();
        checkAllowed(c, action, from);
        CaseStatus to = action.targetFrom(from);
        return slaStore.ofCase(conn, c.id(), true).compose(deadlines -> {
            JsonObject parameters = ActionTexts.personalise(given, c.language(), facts(c, deadlines));
            if (action == DeskAction.PHONE_REPLY) {
                parameters.put("caller", parameters.getString("caller", actor));
                parameters.put("calledAt", calledAt(c, parameters, now).toString());
            }
            Instant at = action == DeskAction.PHONE_REPLY ? Instant.parse(parameters.getString("calledAt")) : now;
            List<SlaDeadline> changed = deadlinesAfter(action, c, deadlines, parameters, actor, at);
            String assignee = action == DeskAction.ASSIGN ? parameters.getString("assignee") : c.assignee();
            Instant waiting = action == DeskAction.PAUSE ? now
                    : action == DeskAction.RESUME || to != from ? null : c.waitingSince();
            Told told = tell(c, action, parameters);
            JsonObject detail = new JsonObject()
                    .put("from", from.code())
                    .put("to", to.code())
                    .put("parameters", parameters)
                    .put("deadlines", summary(changed));
            if (told.notice() != null) {
                detail.put("notice", told.summary());
                if (action == DeskAction.REPLY) {
                    // Where the console and older readers of the history look for a reply's delivery.
                    detail.put("channel", told.notice().channel()).put("outboxKey", told.key());
                }
            }
            if (via != null) {
                detail.put("via", via);
            }
            CaseAction event = new CaseAction(c.id(), c.reference(), c.channel(), action.code(), from.code(),
                    to.code(), actor, now, parameters);
            return store.update(conn, c.id(), to.code(), assignee, waiting, now)
                    .compose(v -> slaStore.update(conn, c.id(), changed, now))
                    .compose(v -> CaseActionStore.recordEvent(conn, c.id(), now, actor, action.code(), detail))
                    .compose(v -> told.notice() == null ? Future.succeededFuture()
                            : OutboxStore.enqueue(conn, told.notice(), told.key(), now))
                    .compose(v -> runHooks(conn, event, 0))
                    .map(v -> new JsonObject()
                            .put("reference", c.reference())
                            .put("action", action.code())
                            .put("from", from.code())
                            .put("status", to.code())
                            .put("actor", actor)
                            .put("at", now.toString())
                            .put("deadlines", summary(changed))
                            .put("notice", told.summary()));
        });
    }

    /** A notice to the complainant and its idempotency key, or none (and why, when one was asked for). */
    private record Told(Notice notice, String key, String refusal) {
        JsonObject summary() {
            if (notice == null && refusal == null) {
                return null;
            }
            return notice == null ? new JsonObject().put("sent", false).put("refusal", refusal)
                    : new JsonObject().put("sent", true).put("purpose", notice.purpose())
                            .put("channel", notice.channel()).put("outboxKey", key);
        }
    }

    /**
     * What the action tells the complainant through their channel: a reply always (refused with 409 when nothing
     * can carry it, so the desk records a phone reply instead); another action's public note, or a resolve's
     * result, when it asks to ({@code notify}) — one message either way. A repeated request key queues nothing
     * twice (the key is the outbox's).
     */
    private Told tell(LockedCase c, DeskAction action, JsonObject parameters) {
        String requestKey = parameters.getString(ActionParameters.REQUEST_KEY, UUID.randomUUID().toString());
        if (action == DeskAction.REPLY) {
            ReplyRoute route = ReplyRoute.of(c.channel(), c.email(), c.phone(), ReplyNotice.PURPOSE, context.delivery());
            if (!route.deliverable()) {
                throw new HttpProblem(409, "cannot-deliver", "Reply cannot be delivered",
                        "cannot reply to case " + c.reference() + ": " + route.refusal()
                                + "; record a phone reply (phone-reply) instead")
                        .with("caseStatus", c.status()).with("action", action.code()).with("refusal", route.refusal());
            }
            String text = parameters.getString("text");
            if ("sms".equals(route.channel()) && text.length() > ActionParameters.MAX_SMS_REPLY) {
                throw HttpProblem.invalidFields(new JsonArray().add(new JsonObject().put("field", "text")
                        .put("message", "an SMS reply has at most " + ActionParameters.MAX_SMS_REPLY + " characters")));
            }
            JsonObject params = new JsonObject().put("text", text).put("subject", parameters.getString("subject"));
            return new Told(new Notice(ReplyNotice.PURPOSE, route.channel(), route.to(), c.id(), c.reference(),
                    c.language(), params), "reply:" + c.reference() + ":" + requestKey, null);
        }
        String text = parameters.getString(ActionParameters.PUBLIC_NOTE,
                action == DeskAction.RESOLVE ? parameters.getString("result") : null);
        if (!ActionParameters.notify(parameters) || text == null || action == DeskAction.PHONE_REPLY) {
            return new Told(null, null, null);
        }
        ReplyRoute route = ReplyRoute.of(c.channel(), c.email(), c.phone(), PublicNoteNotice.PURPOSE,
                context.delivery());
        if (!route.deliverable()) {
            return new Told(null, null, route.refusal());
        }
        return new Told(new Notice(PublicNoteNotice.PURPOSE, route.channel(), route.to(), c.id(), c.reference(),
                c.language(), new JsonObject().put("text", text)), "note:" + c.reference() + ":" + requestKey, null);
    }

    /** The answer to an action already done under the same request key: nothing happens again. */
    private static JsonObject repeated(LockedCase c, CaseActionStore.Recorded earlier) {
        return new JsonObject()
                .put("reference", c.reference())
                .put("action", earlier.kind())
                .put("from", c.status())
                .put("status", c.status())
                .put("actor", earlier.actor())
                .put("at", earlier.at().toString())
                .put("deadlines", new JsonArray())
                .put("repeated", true);
    }

    /**
     * An assignee must be an active desk user (the name as they sign in); with no {@link Assignees} installed,
     * any name is taken. Asked before the case is locked, and by whoever starts an {@code assign} on many cases,
     * before it starts (422 otherwise).
     *
     * @return the parameters with the assignee as the user signs in; the same for other actions
     */
    public Future<JsonObject> checkAssignee(DeskAction action, JsonObject parameters) {
        List<Assignees> all = action == DeskAction.ASSIGN ? context.assignees().get() : List.of();
        if (all.isEmpty()) {
            return Future.succeededFuture(parameters);
        }
        String name = parameters.getString("assignee", "").strip().toLowerCase(Locale.ROOT);
        return all.get(0).find(name).map(found -> {
            if (found.isEmpty()) {
                throw HttpProblem.invalidFields(new JsonArray().add(new JsonObject().put("field", "assignee")
                        .put("message", "is not an active desk user: '" + parameters.getString("assignee") + "'")));
            }
            return parameters.copy().put("assignee", found.get().username());
        });
    }

    private ActionTexts.Facts facts(LockedCase c, List<SlaDeadline> deadlines) {
        // The date the complainant is promised an answer by: the reply (答复) deadline, else the resolution.
        Instant due = deadlines.stream().filter(SlaDeadline::isOpen)
                .filter(d -> d.kind() == DeadlineKind.REPLY || d.kind() == DeadlineKind.RESOLUTION)
                .sorted((a, b) -> a.kind() == b.kind() ? 0 : a.kind() == DeadlineKind.REPLY ? -1 : 1)
                .map(SlaDeadline::dueAt).findFirst().orElse(null);
        return new ActionTexts.Facts(c.reference(), c.name(), c.respondent(),
                due == null ? "" : DUE.format(due.atZone(context.zone())));
    }

    /**
     * When a phone reply was made: as given (now by default), between the case's arrival and now. A time outside by
     * more than {@link #CLOCK_SKEW} would meet deadlines before they started or before the call, and is refused;
     * one within it (a clock a little off, a time typed to the minute) is taken as the arrival or as now.
     */
    private static Instant calledAt(LockedCase c, JsonObject parameters, Instant now) {
        String given = parameters.getString("calledAt");
        Instant at = given == null ? now : Instant.parse(given);
        if (at.isBefore(c.receivedAt().minus(CLOCK_SKEW))) {
            throw calledAtRefused("must not be before the case was received (" + c.receivedAt() + ")");
        }
        if (at.isAfter(now.plus(CLOCK_SKEW))) {
            throw calledAtRefused("must not be in the future (now is " + now + ")");
        }
        return at.isAfter(now) ? now : at.isBefore(c.receivedAt()) ? c.receivedAt() : at;
    }

    private static HttpProblem calledAtRefused(String message) {
        return HttpProblem.invalidFields(new JsonArray().add(new JsonObject().put("field", "calledAt")
                .put("message", message)));
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
                case REPLY, PHONE_REPLY -> ANSWERED.contains(d.kind()) ? d.met(now) : d;
                case RESOLVE -> DESK_CLOCKS.contains(d.kind()) ? d.met(now) : d;
                case PAUSE -> DESK_CLOCKS.contains(d.kind()) ? d.paused(now) : d;
                case RESUME -> d.resumed(now, calendar(d));
                case RETURN, CLOSE -> DESK_CLOCKS.contains(d.kind()) ? d.cancelled() : d;
                case EXTEND -> d.kind() == extendedKind(parameters) ? extend(c, d, parameters, actor, now) : d;
                case REOPEN -> reopened(c, d, now);
                case ASSIGN, NOTE -> d;
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
