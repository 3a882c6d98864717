package dev.shouli.core.sla;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;

/**
 * One clock of a case and its state: on_time → warning → breached, or met; paused while the desk waits for
 * the complainant (the paused business time is added to the due time on resume); extended with a reason
 * (延期); cancelled when the case leaves the desk (returned, closed). Transitions return a new value and
 * refuse what is not allowed with {@link IllegalStateException} carrying the reason.
 */
public record SlaDeadline(long id, long caseId, DeadlineKind kind, String calendar, String source,
                          Instant startedAt, Instant originalDueAt, Instant dueAt, Instant warnAt, String state,
                          Instant warnedAt, Instant breachedAt, Instant metAt, Instant pausedSince,
                          String resumeState, long pausedSeconds, int extensions, String extensionReason,
                          Instant extendedAt, String extendedBy) {

    public static final String ON_TIME = "on_time";
    public static final String WARNING = "warning";
    public static final String BREACHED = "breached";
    public static final String MET = "met";
    public static final String PAUSED = "paused";
    public static final String CANCELLED = "cancelled";

    /** States in which the clock still matters. */
    private static final Set<String> OPEN = Set.of(ON_TIME, WARNING, BREACHED, PAUSED);

    public boolean isOpen() {
        return OPEN.contains(state);
    }

    /** The state the monitor should move this deadline to at {@code now}, or null when none. */
    public String monitorTarget(Instant now) {
        if ((ON_TIME.equals(state) || WARNING.equals(state)) && !dueAt.isAfter(now)) {
            return BREACHED;
        }
        if (ON_TIME.equals(state) && !warnAt.isAfter(now)) {
            return WARNING;
        }
        return null;
    }

    public SlaDeadline warned(Instant now) {
        return with(WARNING, now, breachedAt, metAt, pausedSince, resumeState, pausedSeconds, dueAt, warnAt);
    }

    public SlaDeadline breached(Instant now) {
        return with(BREACHED, warnedAt, now, metAt, pausedSince, resumeState, pausedSeconds, dueAt, warnAt);
    }

    /** Met, on time or late (a late one keeps its breachedAt). A met or cancelled deadline stays as it is. */
    public SlaDeadline met(Instant now) {
        if (!isOpen()) {
            return this;
        }
        return with(MET, warnedAt, breachedAt, now, null, null, pausedSeconds, dueAt, warnAt);
    }

    public SlaDeadline cancelled() {
        return isOpen() ? with(CANCELLED, warnedAt, breachedAt, metAt, null, null, pausedSeconds, dueAt, warnAt)
                : this;
    }

    /** Stops the clock; a breached deadline stays breached (its time is already up). */
    public SlaDeadline paused(Instant now) {
        if (!ON_TIME.equals(state) && !WARNING.equals(state)) {
            return this;
        }
        return with(PAUSED, warnedAt, breachedAt, metAt, now, state, pausedSeconds, dueAt, warnAt);
    }

    /** Restarts the clock: due and warning times move by the business time spent paused. */
    public SlaDeadline resumed(Instant now, BusinessCalendar cal) {
        if (!PAUSED.equals(state)) {
            return this;
        }
        Duration paused = cal.workingTimeBetween(pausedSince, now);
        return with(resumeState, warnedAt, breachedAt, metAt, null, null, pausedSeconds + paused.getSeconds(),
                cal.plusWorkingTime(dueAt, paused), cal.plusWorkingTime(warnAt, paused));
    }

    /** 延期: a later due time with a reason, asked for before the deadline passed. */
    public SlaDeadline extended(Instant newDue, Instant newWarn, String reason, String actor, Instant now) {
        if (BREACHED.equals(state)) {
            throw new IllegalStateException("the " + kind.code() + " deadline was already breached at " + breachedAt
                    + "; an extension must be asked for before it expires");
        }
        if (!isOpen()) {
            throw new IllegalStateException("the " + kind.code() + " deadline is " + state + "; nothing to extend");
        }
        if (!newDue.isAfter(dueAt)) {
            throw new IllegalStateException("an extension must move the " + kind.code() + " deadline later than "
                    + dueAt);
        }
        String next = PAUSED.equals(state) ? PAUSED : newWarn.isAfter(now) ? ON_TIME : WARNING;
        String resume = PAUSED.equals(state) ? (newWarn.isAfter(now) ? ON_TIME : WARNING) : null;
        return new SlaDeadline(id, caseId, kind, calendar, source, startedAt, originalDueAt, newDue, newWarn, next,
                ON_TIME.equals(next) ? null : warnedAt, breachedAt, metAt, pausedSince, resume, pausedSeconds,
                extensions + 1, reason, now, actor);
    }

    /** Runs the clock again from {@code now} (a reopened case), with a fresh due time. */
    public SlaDeadline restarted(Instant now, Instant newDue, Instant newWarn) {
        return new SlaDeadline(id, caseId, kind, calendar, source, now, newDue, newDue, newWarn, ON_TIME, null, null,
                null, null, null, 0, 0, null, null, null);
    }

    /** Business time left until due at {@code now}; negative when overdue; frozen while paused. */
    public Duration remaining(Instant now, BusinessCalendar cal) {
        Instant from = PAUSED.equals(state) ? pausedSince : now;
        return from.isAfter(dueAt) ? cal.workingTimeBetween(dueAt, from).negated()
                : cal.workingTimeBetween(from, dueAt);
    }

    private SlaDeadline with(String newState, Instant warned, Instant breached, Instant met, Instant pausedAt,
                             String resume, long paused, Instant due, Instant warn) {
        return new SlaDeadline(id, caseId, kind, calendar, source, startedAt, originalDueAt, due, warn, newState,
                warned, breached, met, pausedAt, resume, paused, extensions, extensionReason, extendedAt, extendedBy);
    }
}
