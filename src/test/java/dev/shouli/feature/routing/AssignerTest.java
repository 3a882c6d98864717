package dev.shouli.feature.routing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shouli.core.sla.Calendars;
import dev.shouli.support.TestGateway;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Who is on duty and who is next, on the business calendars as configured (Asia/Shanghai office hours). */
class AssignerTest {

    private static final Calendars CALENDARS = TestGateway.config(Map.of()).sla().calendars();
    /** Tuesday 2026-11-24, 10:00 and 12:30 (lunch) in Shanghai; Sunday 2026-11-29, 10:00. */
    private static final Instant TUESDAY_MORNING = Instant.parse("2026-11-24T02:00:00Z");
    private static final Instant TUESDAY_LUNCH = Instant.parse("2026-11-24T04:30:00Z");
    private static final Instant SUNDAY = Instant.parse("2026-11-29T02:00:00Z");

    private final Assigner assigner = new Assigner(CALENDARS);
    private final Units.Unit office = new Units.Unit("desk", Map.of("zh-CN", "受理组"), Units.Policy.ROUND_ROBIN,
            "office", null, false);

    private static MemberStore.Member member(String name, int position, String calendar, boolean absent) {
        return new MemberStore.Member("desk", name, position, calendar, absent);
    }

    @Test
    void membersAreOnDutyInTheirCalendarsWorkingTimeOnly() {
        MemberStore.Member ana = member("ana", 1, null, false);
        Set<String> active = Set.of("ana");

        assertThat(assigner.onDuty(office, ana, TUESDAY_MORNING, active)).isTrue();
        assertThat(assigner.onDuty(office, ana, TUESDAY_LUNCH, active)).isFalse();
        assertThat(assigner.onDuty(office, ana, SUNDAY, active)).isFalse();
        assertThat(assigner.onDuty(office, member("ana", 1, "always", false), SUNDAY, active)).isTrue();
    }

    @Test
    void absentAndDeactivatedMembersAreNeverOnDuty() {
        assertThat(assigner.onDuty(office, member("ana", 1, null, true), TUESDAY_MORNING, Set.of("ana"))).isFalse();
        assertThat(assigner.onDuty(office, member("ana", 1, null, false), TUESDAY_MORNING, Set.of())).isFalse();
    }

    @Test
    void roundRobinGoesOnAfterTheLastAssignedSkippingThoseOffDuty() {
        Assigner.Team team = new Assigner.Team(office, List.of(member("ana", 1, null, false),
                member("bo", 2, "always", false), member("chen", 3, null, false)), "ana");
        Set<String> active = Set.of("ana", "bo", "chen");
        Map<String, Integer> open = new HashMap<>();

        assertThat(assigner.pick(team, Units.Policy.ROUND_ROBIN, TUESDAY_MORNING, active, open)).contains("bo");
        assertThat(assigner.pick(team, Units.Policy.ROUND_ROBIN, TUESDAY_MORNING, active, open)).contains("chen");
        assertThat(assigner.pick(team, Units.Policy.ROUND_ROBIN, TUESDAY_MORNING, active, open)).contains("ana");
        // On Sunday only bo (on the always calendar) is on duty: he gets them all, as nobody else could.
        assertThat(assigner.pick(team, Units.Policy.ROUND_ROBIN, SUNDAY, active, open)).contains("bo");
        assertThat(assigner.pick(team, Units.Policy.ROUND_ROBIN, SUNDAY, active, open)).contains("bo");
    }

    @Test
    void nobodyOnDutyLeavesTheCaseUnassigned() {
        Assigner.Team team = new Assigner.Team(office, List.of(member("ana", 1, null, false)), null);

        assertThat(assigner.pick(team, Units.Policy.ROUND_ROBIN, SUNDAY, Set.of("ana"), new HashMap<>())).isEmpty();
    }

    @Test
    void fewestOpenTakesTheLightestLoadAndBreaksTiesInTurn() {
        Assigner.Team team = new Assigner.Team(office, List.of(member("ana", 1, null, false),
                member("bo", 2, null, false), member("chen", 3, null, false)), "ana");
        Map<String, Integer> open = new HashMap<>(Map.of("ana", 1, "bo", 3, "chen", 1));
        Set<String> active = Set.of("ana", "bo", "chen");

        assertThat(assigner.pick(team, Units.Policy.FEWEST_OPEN, TUESDAY_MORNING, active, open)).contains("chen");
        assertThat(assigner.pick(team, Units.Policy.FEWEST_OPEN, TUESDAY_MORNING, active, open)).contains("ana");
        assertThat(open).containsEntry("chen", 2).containsEntry("ana", 2);
    }
}
