package dev.shouli.core.sla;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A named working-time calendar: working intervals per weekday in a time zone, public holidays (no working
 * time) and make-up working days (调休: a weekend day worked, with the make-up hours). All arithmetic walks
 * the local days one by one, so holiday runs, year ends and midnight need no special cases.
 */
public final class BusinessCalendar {

    /** Searching further than this for working time means the calendar has none: a configuration error. */
    private static final int MAX_DAYS = 3 * 366;

    private final String name;
    private final ZoneId zone;
    private final Map<DayOfWeek, List<WorkingSpan>> weekly;
    private final List<WorkingSpan> makeUpDay;
    private final Map<LocalDate, Boolean> offDays;
    private final Set<Integer> coveredYears;

    /**
     * @param offDays      special days: true = public holiday, false = make-up working day (调休)
     * @param coveredYears years whose official holiday notice was loaded
     */
    BusinessCalendar(String name, ZoneId zone, Map<DayOfWeek, List<WorkingSpan>> weekly,
                     List<WorkingSpan> makeUpDay, Map<LocalDate, Boolean> offDays, Set<Integer> coveredYears) {
        this.name = name;
        this.zone = zone;
        this.weekly = new EnumMap<>(weekly);
        this.makeUpDay = List.copyOf(makeUpDay);
        this.offDays = Map.copyOf(offDays);
        this.coveredYears = Set.copyOf(coveredYears);
        if (this.weekly.values().stream().allMatch(List::isEmpty) && this.makeUpDay.isEmpty()) {
            throw new IllegalArgumentException("calendar '" + name + "' has no working time at all");
        }
    }

    public String name() {
        return name;
    }

    public ZoneId zone() {
        return zone;
    }

    /** Years with holiday facts; other years are counted on the weekly pattern alone. */
    public Set<Integer> coveredYears() {
        return coveredYears;
    }

    /** The working intervals of a local day: none on a holiday, the make-up hours on a 调休 day. */
    List<WorkingSpan> spansOn(LocalDate day) {
        Boolean off = offDays.get(day);
        if (off == null) {
            return weekly.getOrDefault(day.getDayOfWeek(), List.of());
        }
        return off ? List.of() : makeUpDay;
    }

    /** Every minute of every day counts (a 24/7 calendar): no "working" hours to speak of. */
    public boolean isRoundTheClock() {
        List<WorkingSpan> whole = List.of(new WorkingSpan(0, WorkingSpan.DAY));
        return weekly.size() == 7 && weekly.values().stream().allMatch(whole::equals)
                && offDays.values().stream().noneMatch(off -> off);
    }

    public boolean isWorkingDay(LocalDate day) {
        return !spansOn(day).isEmpty();
    }

    /**
     * The instant after {@code amount} of working time has passed from {@code from} (to the second). A start
     * outside working time counts from the next opening.
     */
    public Instant plusWorkingTime(Instant from, Duration amount) {
        long left = amount.getSeconds();
        if (left < 0) {
            throw new IllegalArgumentException("working time to add must not be negative");
        }
        LocalDateTime start = LocalDateTime.ofInstant(from, zone);
        LocalDate day = start.toLocalDate();
        int fromSecond = start.toLocalTime().toSecondOfDay();
        for (int i = 0; i < MAX_DAYS; i++, day = day.plusDays(1), fromSecond = 0) {
            for (WorkingSpan span : spansOn(day)) {
                int begin = Math.max(span.start(), fromSecond);
                if (begin >= span.end()) {
                    continue;
                }
                // Ending exactly at a span's end is due at that end (12:00), not at the next opening (13:30).
                if (left <= span.end() - begin) {
                    return at(day, begin + (int) left);
                }
                left -= span.end() - begin;
            }
        }
        throw new IllegalStateException("calendar '" + name + "' has no working time within " + MAX_DAYS + " days");
    }

    /**
     * The end of the {@code days}-th working day after the day of {@code from}: the day a matter arrives does
     * not count (期间开始的当日不计算在内), whatever the hour, so "3 working days" from a Friday afternoon is
     * the close of business on the third working day after it.
     */
    public Instant plusWorkingDays(Instant from, int days) {
        if (days < 1) {
            throw new IllegalArgumentException("working days to add must be at least 1");
        }
        LocalDate day = LocalDate.ofInstant(from, zone);
        int counted = 0;
        for (int i = 0; i < MAX_DAYS; i++) {
            day = day.plusDays(1);
            List<WorkingSpan> spans = spansOn(day);
            if (!spans.isEmpty() && ++counted == days) {
                return at(day, spans.get(spans.size() - 1).end());
            }
        }
        throw new IllegalStateException("calendar '" + name + "' has no working days within " + MAX_DAYS + " days");
    }

    /** Working time in [from, to); zero when {@code to} is not after {@code from}. */
    public Duration workingTimeBetween(Instant from, Instant to) {
        if (!to.isAfter(from)) {
            return Duration.ZERO;
        }
        LocalDateTime a = LocalDateTime.ofInstant(from, zone);
        LocalDateTime b = LocalDateTime.ofInstant(to, zone);
        long total = 0;
        LocalDate day = a.toLocalDate();
        while (!day.isAfter(b.toLocalDate())) {
            int lo = day.equals(a.toLocalDate()) ? a.toLocalTime().toSecondOfDay() : 0;
            int hi = day.equals(b.toLocalDate()) ? b.toLocalTime().toSecondOfDay() : WorkingSpan.DAY;
            for (WorkingSpan span : spansOn(day)) {
                total += Math.max(0, Math.min(hi, span.end()) - Math.max(lo, span.start()));
            }
            day = day.plusDays(1);
        }
        return Duration.ofSeconds(total);
    }

    private Instant at(LocalDate day, int secondOfDay) {
        // 24:00 is the next day's midnight; atZone resolves any DST gap forward.
        return day.atStartOfDay().plusSeconds(secondOfDay).atZone(zone).toInstant();
    }

    @Override
    public String toString() {
        return "BusinessCalendar[" + name + ", " + zone + "]";
    }
}
