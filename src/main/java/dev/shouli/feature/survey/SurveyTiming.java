package dev.shouli.feature.survey;

import dev.shouli.core.sla.BusinessCalendar;
import dev.shouli.core.sla.SlaAmount;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZonedDateTime;

/**
 * When the question goes out after a resolve. {@code Nwd} is the same time of day on the N-th working day
 * after the resolve (a case resolved on Friday at 10:00 is asked on Monday at 10:00, or on the Saturday made a
 * working day by 调休); minutes and hours count working time. Either way the result is moved to the next
 * opening when it falls outside working hours, so nobody is texted at night.
 */
final class SurveyTiming {

    private static final int MAX_DAYS = 3 * 366;

    private SurveyTiming() {
    }

    static Instant askAt(BusinessCalendar calendar, Instant resolvedAt, SlaAmount delay) {
        if (delay.unit() != SlaAmount.Unit.WORKING_DAYS) {
            return calendar.plusWorkingTime(delay.dueAfter(calendar, resolvedAt), Duration.ZERO);
        }
        ZonedDateTime local = resolvedAt.atZone(calendar.zone());
        LocalDate day = local.toLocalDate();
        int counted = 0;
        for (int i = 0; counted < delay.value(); i++) {
            if (i > MAX_DAYS * delay.value()) {
                throw new IllegalStateException(calendar + " has no working days");
            }
            day = day.plusDays(1);
            if (calendar.isWorkingDay(day)) {
                counted++;
            }
        }
        Instant sameTime = day.atTime(local.toLocalTime()).atZone(calendar.zone()).toInstant();
        return calendar.plusWorkingTime(sameTime, Duration.ZERO);
    }
}
