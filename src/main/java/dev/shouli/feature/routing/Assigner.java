package dev.shouli.feature.routing;

import dev.shouli.core.sla.BusinessCalendar;
import dev.shouli.core.sla.Calendars;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Picks the member of a unit a case goes to. On duty means: an active desk user, not marked absent, and inside
 * working time on the member's business calendar (the unit's unless the member has one of their own).
 * Round-robin takes the next member on duty after the one the unit assigned last, in the unit's order, so no
 * member gets two in a row while another is on duty; fewest-open takes the member on duty with the fewest open
 * cases, ties in the same rotation order. Only one router runs at a time across all instances, and the rotation
 * is stored with each assignment, so the order holds whichever instance routes next.
 */
final class Assigner {

    /** One unit's members and rotation, as this round sees and changes them. */
    static final class Team {

        private final Units.Unit unit;
        private final List<MemberStore.Member> members;
        private String last;
        private boolean changed;

        Team(Units.Unit unit, List<MemberStore.Member> members, String last) {
            this.unit = unit;
            this.members = List.copyOf(members);
            this.last = last;
        }

        String last() {
            return last;
        }

        boolean changed() {
            return changed;
        }

        Units.Unit unit() {
            return unit;
        }

        List<MemberStore.Member> members() {
            return members;
        }
    }

    private final Calendars calendars;

    Assigner(Calendars calendars) {
        this.calendars = calendars;
    }

    /**
     * @param active the usernames of active desk users
     * @param open   open cases per username; counted up as this round assigns
     * @return the member picked, or empty when nobody of the unit is on duty
     */
    Optional<String> pick(Team team, Units.Policy policy, Instant now, Set<String> active, Map<String, Integer> open) {
        List<MemberStore.Member> order = rotationAfter(team);
        List<MemberStore.Member> onDuty = order.stream().filter(m -> onDuty(team.unit, m, now, active)).toList();
        if (onDuty.isEmpty() || policy == Units.Policy.NONE) {
            return Optional.empty();
        }
        MemberStore.Member picked = onDuty.get(0);
        if (policy == Units.Policy.FEWEST_OPEN) {
            for (MemberStore.Member m : onDuty) {
                if (open.getOrDefault(m.username(), 0) < open.getOrDefault(picked.username(), 0)) {
                    picked = m;
                }
            }
        }
        team.last = picked.username();
        team.changed = true;
        open.merge(picked.username(), 1, Integer::sum);
        return Optional.of(picked.username());
    }

    /** The members in rotation order, starting after the one assigned last. */
    private static List<MemberStore.Member> rotationAfter(Team team) {
        int lastAt = -1;
        for (int i = 0; i < team.members.size(); i++) {
            if (team.members.get(i).username().equals(team.last)) {
                lastAt = i;
            }
        }
        List<MemberStore.Member> out = new ArrayList<>(team.members.size());
        for (int k = 1; k <= team.members.size(); k++) {
            out.add(team.members.get((lastAt + k + team.members.size()) % team.members.size()));
        }
        return out;
    }

    boolean onDuty(Units.Unit unit, MemberStore.Member member, Instant now, Set<String> active) {
        if (member.absent() || !active.contains(member.username())) {
            return false;
        }
        String name = member.calendar() != null && calendars.has(member.calendar()) ? member.calendar() : unit.calendar();
        BusinessCalendar calendar = calendars.get(name);
        return !calendar.workingTimeBetween(now, now.plusSeconds(60)).isZero();
    }

    /** Counts per unit for the console: members on duty now. */
    Map<String, Long> onDutyCounts(List<Team> teams, Instant now, Set<String> active) {
        Map<String, Long> out = new HashMap<>();
        for (Team t : teams) {
            out.put(t.unit.code(), t.members.stream().filter(m -> onDuty(t.unit, m, now, active)).count());
        }
        return out;
    }
}
