package dev.shouli.core.sla;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Working-time arithmetic on the shipped calendars, around the 2026 holidays and their 调休 days. */
class BusinessCalendarTest {

    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    private static final Calendars CALENDARS = CalendarLoader.load(null);
    private static final BusinessCalendar OFFICE = CALENDARS.get("office");
    private static final BusinessCalendar ALWAYS = CALENDARS.get("always");

    /** A Shanghai wall-clock time. */
    private static Instant at(String local) {
        return LocalDateTime.parse(local).atZone(SHANGHAI).toInstant();
    }

    private static Instant plusHours(BusinessCalendar calendar, String local, double hours) {
        return calendar.plusWorkingTime(at(local), Duration.ofMinutes(Math.round(hours * 60)));
    }

    @Test
    void theFridayBeforeSpringFestivalRunsOnIntoTheMakeUpSaturday() {
        assertThat(plusHours(OFFICE, "2026-02-13T17:00", 2)).isEqualTo(at("2026-02-14T10:00"));
    }

    @Test
    void theSpringFestivalHolidayRunIsSkippedAsAWhole() {
        assertThat(plusHours(OFFICE, "2026-02-14T17:00", 2)).isEqualTo(at("2026-02-24T10:00"));
    }

    @Test
    void workingDaysOverSpringFestivalCountTheMakeUpSaturdayAndSkipTheHolidays() {
        assertThat(OFFICE.plusWorkingDays(at("2026-02-12T10:00"), 3)).isEqualTo(at("2026-02-24T18:00"));
    }

    @Test
    void theSecondSpringFestivalMakeUpSaturdayIsAWorkingDay() {
        assertThat(plusHours(OFFICE, "2026-02-27T17:30", 1)).isEqualTo(at("2026-02-28T09:30"));
    }

    @Test
    void anOrdinarySaturdayIsNotAWorkingDay() {
        assertThat(plusHours(OFFICE, "2026-03-06T17:30", 1)).isEqualTo(at("2026-03-09T09:30"));
        assertThat(OFFICE.isWorkingDay(LocalDate.parse("2026-03-07"))).isFalse();
        assertThat(OFFICE.isWorkingDay(LocalDate.parse("2026-02-14"))).isTrue();
    }

    @Test
    void theLunchBreakDoesNotCount() {
        assertThat(plusHours(OFFICE, "2026-03-10T11:30", 1)).isEqualTo(at("2026-03-10T14:00"));
    }

    @Test
    void aStartDuringTheLunchBreakCountsFromTheAfternoonOpening() {
        assertThat(plusHours(OFFICE, "2026-03-10T12:15", 1)).isEqualTo(at("2026-03-10T14:30"));
    }

    @Test
    void workThatEndsExactlyAtNoonIsDueAtNoon() {
        assertThat(plusHours(OFFICE, "2026-03-10T11:00", 1)).isEqualTo(at("2026-03-10T12:00"));
    }

    @Test
    void aStartJustBeforeMidnightCountsFromTheNextMorning() {
        assertThat(plusHours(OFFICE, "2026-03-10T23:59", 1)).isEqualTo(at("2026-03-11T10:00"));
    }

    @Test
    void aStartAtMidnightCountsFromThatMorning() {
        assertThat(plusHours(OFFICE, "2026-03-11T00:00", 1)).isEqualTo(at("2026-03-11T10:00"));
    }

    @Test
    void theRoundTheClockCalendarRunsThroughMidnightAndHolidays() {
        assertThat(plusHours(ALWAYS, "2026-10-01T23:30", 1)).isEqualTo(at("2026-10-02T00:30"));
        assertThat(plusHours(ALWAYS, "2026-02-16T12:00", 48)).isEqualTo(at("2026-02-18T12:00"));
    }

    @Test
    void theNationalDayWeekIsSkipped() {
        assertThat(plusHours(OFFICE, "2026-09-30T17:00", 2)).isEqualTo(at("2026-10-08T10:00"));
    }

    @Test
    void theMidAutumnLongWeekendIsSkipped() {
        assertThat(plusHours(OFFICE, "2026-09-24T17:00", 2)).isEqualTo(at("2026-09-28T10:00"));
    }

    @Test
    void theMakeUpSundayBeforeMidAutumnIsAWorkingDay() {
        assertThat(plusHours(OFFICE, "2026-09-19T10:00", 1)).isEqualTo(at("2026-09-20T10:00"));
    }

    @Test
    void theMakeUpSaturdayAfterNationalDayIsAWorkingDay() {
        assertThat(plusHours(OFFICE, "2026-10-09T17:00", 2)).isEqualTo(at("2026-10-10T10:00"));
    }

    @Test
    void workingDaysFromInsideTheNationalDayHolidayStartAfterIt() {
        assertThat(OFFICE.plusWorkingDays(at("2026-10-03T15:00"), 1)).isEqualTo(at("2026-10-08T18:00"));
    }

    @Test
    void theYearEndRunsIntoNewYearHolidaysAndTheMakeUpSunday() {
        assertThat(plusHours(OFFICE, "2025-12-31T17:00", 2)).isEqualTo(at("2026-01-04T10:00"));
    }

    @Test
    void workingDaysDoNotCountTheDayOfArrivalEvenJustBeforeMidnight() {
        assertThat(OFFICE.plusWorkingDays(at("2026-03-06T23:59"), 1)).isEqualTo(at("2026-03-09T18:00"));
    }

    @Test
    void workingTimeBetweenLeavesOutTheLunchBreak() {
        assertThat(OFFICE.workingTimeBetween(at("2026-03-10T11:00"), at("2026-03-10T14:00")))
                .isEqualTo(Duration.ofMinutes(90));
    }

    @Test
    void workingTimeBetweenOverSpringFestivalCountsOnlyTheWorkingDays() {
        // Friday 17:00-18:00, the make-up Saturday's 7.5 hours, then Tuesday 09:00-10:00.
        assertThat(OFFICE.workingTimeBetween(at("2026-02-13T17:00"), at("2026-02-24T10:00")))
                .isEqualTo(Duration.ofMinutes(60 + 450 + 60));
    }

    @Test
    void workingTimeBetweenIsZeroBackwards() {
        assertThat(OFFICE.workingTimeBetween(at("2026-03-10T14:00"), at("2026-03-10T11:00"))).isZero();
    }

    @Test
    void anOperatorAddsAYearByDroppingInAFile(@TempDir Path dir) throws IOException {
        Files.createDirectories(dir.resolve("holidays-cn"));
        Files.writeString(dir.resolve("holidays-cn/2027.json"), """
                {"year": 2027, "days": [
                  {"name": "元旦", "date": "2027-01-01", "isOffDay": true},
                  {"name": "春节", "date": "2027-02-06", "isOffDay": false}]}""");

        BusinessCalendar office = CalendarLoader.load(dir).get("office");

        assertThat(office.isWorkingDay(LocalDate.parse("2027-01-01"))).isFalse();
        assertThat(office.isWorkingDay(LocalDate.parse("2027-02-06"))).isTrue();
        assertThat(office.coveredYears()).contains(2024, 2025, 2026, 2027);
        assertThat(OFFICE.coveredYears()).doesNotContain(2027);
    }

    @Test
    void anOperatorAddsANamedCalendar(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("night-desk.yaml"), """
                zone: Asia/Shanghai
                hours:
                  monday: "20:00-24:00"
                holidays: holidays-cn
                """);

        BusinessCalendar night = CalendarLoader.load(dir).get("night-desk");

        assertThat(night.plusWorkingTime(at("2026-03-09T23:00"), Duration.ofHours(2)))
                .isEqualTo(at("2026-03-16T21:00"));
    }

    @Test
    void anIntervalThatEndsBeforeItStartsIsRefusedWithTheFileName(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("broken.yaml"), "hours:\n  monday: \"18:00-09:00\"\n");

        assertThatThrownBy(() -> CalendarLoader.load(dir))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("broken.yaml");
    }

    @Test
    void anUnknownCalendarNameIsRefusedWithTheKnownOnes() {
        assertThatThrownBy(() -> CALENDARS.get("weekend"))
                .hasMessageContaining("office").hasMessageContaining("always");
    }
}
