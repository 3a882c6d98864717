package dev.shouli.core.sla;

import java.time.Duration;
import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An allowance of business time, written {@code 30m}, {@code 4h} (working minutes / hours) or {@code 5wd}
 * (working days), optionally on its own calendar: {@code 15m@always}.
 *
 * @param calendar null: the calendar of the rule it belongs to
 */
public record SlaAmount(long value, Unit unit, String calendar) {

    private static final Pattern FORM = Pattern.compile("(\\d+)\\s*(m|h|wd)(?:@([\\w-]+))?");

    public enum Unit { MINUTES, HOURS, WORKING_DAYS }

    public static SlaAmount parse(String text) {
        Matcher m = FORM.matcher(text == null ? "" : text.strip());
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not an allowance like 30m, 4h, 5wd or 15m@always");
        }
        long value = Long.parseLong(m.group(1));
        Unit unit = switch (m.group(2)) {
            case "m" -> Unit.MINUTES;
            case "h" -> Unit.HOURS;
            default -> Unit.WORKING_DAYS;
        };
        if (unit == Unit.WORKING_DAYS && value < 1) {
            throw new IllegalArgumentException("'" + text + "': working days must be at least 1");
        }
        return new SlaAmount(value, unit, m.group(3));
    }

    /** The due time when the clock starts at {@code from}. */
    public Instant dueAfter(BusinessCalendar calendar, Instant from) {
        return switch (unit) {
            case MINUTES -> calendar.plusWorkingTime(from, Duration.ofMinutes(value));
            case HOURS -> calendar.plusWorkingTime(from, Duration.ofHours(value));
            case WORKING_DAYS -> calendar.plusWorkingDays(from, (int) value);
        };
    }

    @Override
    public String toString() {
        return value + switch (unit) {
            case MINUTES -> "m";
            case HOURS -> "h";
            case WORKING_DAYS -> "wd";
        } + (calendar == null ? "" : "@" + calendar);
    }
}
