package dev.shouli.feature.console;

import static dev.shouli.feature.console.Html.attr;
import static dev.shouli.feature.console.Html.text;

import dev.shouli.core.sla.Calendars;
import dev.shouli.core.sla.DeadlineKind;
import dev.shouli.core.sla.SlaDeadline;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * Times in {@code intake.timeZone} (never UTC), business time left on a deadline's own calendar, and the
 * coloured SLA badge the list and the case page share.
 */
final class Formats {

    private static final DateTimeFormatter MINUTES = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

    private final ZoneId zone;
    private final Calendars calendars;
    private final Clock clock;

    Formats(ZoneId zone, Calendars calendars, Clock clock) {
        this.zone = zone;
        this.calendars = calendars;
        this.clock = clock;
    }

    ZoneId zone() {
        return zone;
    }

    Instant now() {
        return clock.instant();
    }

    /** {@code 2026-11-25 09:12} in the configured zone, in a {@code <time>} carrying the exact instant. */
    String time(Instant t) {
        if (t == null) {
            return "";
        }
        return "<time datetime=\"" + attr(t.toString()) + "\">" + text(MINUTES.format(t.atZone(zone))) + "</time>";
    }

    String plainTime(Instant t) {
        return t == null ? "" : MINUTES.format(t.atZone(zone));
    }

    /** Business time left (negative: overdue) on the deadline's calendar; null when it is not running. */
    Duration remaining(SlaDeadline d) {
        if (!d.isOpen() || !calendars.has(d.calendar())) {
            return null;
        }
        return d.remaining(clock.instant(), calendars.get(d.calendar()));
    }

    /** "3 小时 20 分" / "3 h 20 min" of business time. */
    static String duration(Texts t, Duration d) {
        long minutes = Math.abs(d.toMinutes());
        long hours = minutes / 60;
        long rest = minutes % 60;
        return hours == 0 ? t.get("time.minutes", rest) : t.get("time.hoursMinutes", hours, rest);
    }

    /**
     * A list row's most pressing open deadline (the worst state, then the nearest) as a coloured countdown;
     * a note when none runs.
     */
    String slaBadge(Texts t, List<SlaDeadline> open) {
        if (open.isEmpty()) {
            return "<span class=\"sla sla-none\">" + text(t.get("sla.none")) + "</span>";
        }
        // The desk's own clocks matter in the list; the automatic receipt only when it is in trouble.
        List<SlaDeadline> shown = open.stream().filter(d -> d.kind() != DeadlineKind.RECEIPT
                || SlaDeadline.WARNING.equals(d.state()) || SlaDeadline.BREACHED.equals(d.state())).toList();
        if (shown.isEmpty()) {
            shown = open;
        }
        SlaDeadline worst = shown.get(0);
        for (SlaDeadline d : shown) {
            if (rank(d.state()) > rank(worst.state())) {
                worst = d;
            }
        }
        return badge(t, worst);
    }

    String badge(Texts t, SlaDeadline d) {
        Duration left = remaining(d);
        String label = t.code("deadlineShort", d.kind().code());
        String what;
        if (SlaDeadline.PAUSED.equals(d.state())) {
            what = t.get("sla.pausedLeft", duration(t, left == null ? Duration.ZERO : left));
        } else if (left == null) {
            what = t.code("slaState", d.state());
        } else if (left.isNegative()) {
            what = t.get("sla.overdue", duration(t, left));
        } else {
            what = t.get("sla.left", duration(t, left));
        }
        return "<span class=\"sla sla-" + attr(d.state()) + "\" title=\"" + attr(t.code("slaState", d.state()) + " · "
                + t.code("deadline", d.kind().code()) + " " + t.get("sla.due") + " " + plainTime(d.dueAt())) + "\">" + text(label + " · " + what) + "</span>";
    }

    private static int rank(String state) {
        return switch (state) {
            case SlaDeadline.BREACHED -> 3;
            case SlaDeadline.WARNING -> 2;
            case SlaDeadline.ON_TIME -> 1;
            default -> 0;
        };
    }
}
