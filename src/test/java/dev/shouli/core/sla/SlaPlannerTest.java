package dev.shouli.core.sla;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shouli.ShouliConfig;
import dev.shouli.core.domain.Complaint;
import dev.shouli.core.domain.ComplaintKind;
import dev.shouli.core.domain.Deadlines;
import dev.shouli.core.domain.Urgency;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Deadlines of a new case from the shipped policy rules and calendars. */
class SlaPlannerTest {

    private static final SlaConfig SLA = ShouliConfig.load(null, Map.of()).sla();
    private static final SlaPlanner PLANNER = new SlaPlanner(SLA.calendars(), SLA.policies(), SLA.warnShare());

    private static Instant at(String local) {
        return LocalDateTime.parse(local).atZone(ZoneId.of("Asia/Shanghai")).toInstant();
    }

    private static Complaint complaint(String channel, ComplaintKind kind, Urgency urgency, Instant received,
                                       Deadlines own) {
        return new Complaint(kind, channel, received, null, null, null, null, null, null, "zh-Hans", null, urgency,
                null, null, List.of(), own);
    }

    private static Map<DeadlineKind, PlannedDeadline> plan(Complaint c, boolean receipt) {
        return PLANNER.plan(c, receipt).stream().collect(Collectors.toMap(PlannedDeadline::kind, d -> d));
    }

    @Test
    void aNormalComplaintOnTheEveOfSpringFestivalGetsOfficeDeadlinesAcrossTheHoliday() {
        var due = plan(complaint("api", ComplaintKind.COMPLAINT, Urgency.NORMAL, at("2026-02-13T17:00"), null), true);

        assertThat(due.get(DeadlineKind.RECEIPT).dueAt()).isEqualTo(at("2026-02-13T17:15"));
        assertThat(due.get(DeadlineKind.RECEIPT).calendar()).isEqualTo("always");
        assertThat(due.get(DeadlineKind.FIRST_RESPONSE).dueAt()).isEqualTo(at("2026-02-14T18:00"));
        assertThat(due.get(DeadlineKind.REPLY).dueAt()).isEqualTo(at("2026-02-27T18:00"));
        assertThat(due.get(DeadlineKind.RESOLUTION).dueAt()).isEqualTo(at("2026-03-12T18:00"));
        assertThat(due.get(DeadlineKind.RESOLUTION).calendar()).isEqualTo("office");
    }

    @Test
    void aCriticalMatterRunsOnTheRoundTheClockCalendarEvenOnAHoliday() {
        var due = plan(complaint("api", ComplaintKind.REPORT, Urgency.CRITICAL, at("2026-10-02T23:30"), null), true);

        assertThat(due.get(DeadlineKind.FIRST_RESPONSE).dueAt()).isEqualTo(at("2026-10-03T00:30"));
        assertThat(due.get(DeadlineKind.RESOLUTION).dueAt()).isEqualTo(at("2026-10-03T23:30"));
    }

    @Test
    void anInquiryFollowsItsOwnRule() {
        var due = plan(complaint("api", ComplaintKind.INQUIRY, Urgency.NORMAL, at("2026-03-10T10:00"), null), true);

        assertThat(due.get(DeadlineKind.RESOLUTION).dueAt()).isEqualTo(at("2026-03-13T18:00"));
    }

    @Test
    void withNobodyToTellThereIsNoReceiptClock() {
        var due = plan(complaint("api", ComplaintKind.COMPLAINT, Urgency.NORMAL, at("2026-03-10T10:00"), null), false);

        assertThat(due).doesNotContainKey(DeadlineKind.RECEIPT).containsKey(DeadlineKind.FIRST_RESPONSE);
    }

    @Test
    void aHotlineTicketsOwnTimeLimitsWinOverThePolicy() {
        Deadlines own = new Deadlines(null, at("2026-03-10T12:00"), at("2026-03-11T18:00"));

        var due = plan(complaint("hotline", ComplaintKind.COMPLAINT, Urgency.NORMAL, at("2026-03-10T10:00"), own),
                false);

        assertThat(due.get(DeadlineKind.FIRST_RESPONSE).dueAt()).isEqualTo(at("2026-03-10T12:00"));
        assertThat(due.get(DeadlineKind.FIRST_RESPONSE).source()).isEqualTo("source");
        assertThat(due.get(DeadlineKind.RESOLUTION).dueAt()).isEqualTo(at("2026-03-11T18:00"));
        assertThat(due.get(DeadlineKind.REPLY).dueAt()).as("no later than the ticket's closure limit")
                .isEqualTo(at("2026-03-11T18:00"));
    }

    @Test
    void theWarningComesWhenTheConfiguredShareOfBusinessTimeIsUsed() {
        // 10 working hours from Tuesday 10:00 end Wednesday 14:00; 80 % = 8 hours = Wednesday 10:30.
        BusinessCalendar office = SLA.calendars().get("office");

        assertThat(PLANNER.warnAt(office, at("2026-03-10T10:00"), at("2026-03-11T14:00")))
                .isEqualTo(at("2026-03-11T10:30"));
    }
}
