package dev.shouli.feature.report;

import dev.shouli.core.sla.BusinessCalendar;
import dev.shouli.feature.report.ReportStore.CaseFacts;
import dev.shouli.feature.report.ReportStore.Event;
import dev.shouli.feature.report.ReportStore.Facts;
import dev.shouli.feature.report.ReportStore.SurveyFacts;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Turns the facts of a range into report rows, period by period and group by group (see {@link ReportRow} for
 * what each figure counts). Every figure but the medians is a count over cases or surveys, and every case and
 * survey is in one group, so the groups of a period add up to its total.
 */
final class ReportBuilder {

    private static final Set<String> TERMINAL = Set.of("resolve", "return", "close", "revoked");

    private final ZoneId zone;
    private final BusinessCalendar calendar;

    ReportBuilder(ZoneId zone, BusinessCalendar calendar) {
        this.zone = zone;
        this.calendar = calendar;
    }

    /** @param asOf when the report is made: first responses still missing after their deadline count as breached */
    Report build(Period period, Breakdown by, LocalDate from, LocalDate to, Facts facts, Instant asOf) {
        return build(period, by, from, to, facts, asOf, Map.of());
    }

    /** @param displayNames desk users' display names by user name, for the assignee breakdown */
    Report build(Period period, Breakdown by, LocalDate from, LocalDate to, Facts facts, Instant asOf,
                 Map<String, String> displayNames) {
        Map<Long, List<Event>> events = new HashMap<>();
        facts.events().forEach(e -> events.computeIfAbsent(e.caseId(), id -> new ArrayList<>()).add(e));
        Traders traders = by == Breakdown.RESPONDENT ? Traders.of(facts) : null;
        List<ReportRow> rows = new ArrayList<>();
        List<ReportRow> totals = new ArrayList<>();
        for (LocalDate start = period.start(from); !start.isAfter(to); start = period.next(start)) {
            LocalDate end = period.next(start);
            Instant ps = start.atStartOfDay(zone).toInstant();
            Instant pe = end.atStartOfDay(zone).toInstant();
            Map<String, Tally> groups = new TreeMap<>();
            // By respondent: each trader's branches (a base or a named branch of its own), counted apart as well.
            Map<String, Map<String, Tally>> branches = new TreeMap<>();
            Tally total = new Tally();
            for (CaseFacts c : facts.cases()) {
                List<Event> own = events.getOrDefault(c.id(), List.of());
                for (Tally g : tallies(by, traders, c.dimensions(), groups, branches)) {
                    countCase(g, c, own, ps, pe, asOf);
                }
                countCase(total, c, own, ps, pe, asOf);
            }
            for (SurveyFacts s : facts.surveys()) {
                if (!s.sentAt().isBefore(ps) && s.sentAt().isBefore(pe)) {
                    for (Tally g : tallies(by, traders, s.dimensions(), groups, branches)) {
                        g.survey(s.verdict());
                    }
                    total.survey(s.verdict());
                }
            }
            String label = period.label(start);
            LocalDate first = start;
            LocalDate last = end.minusDays(1);
            totals.add(total.row(label, start, last, Breakdown.ALL_KEY, "合计", null));
            if (by != Breakdown.NONE) {
                groups.forEach((key, t) -> {
                    if (!t.any()) {
                        return;
                    }
                    rows.add(t.row(label, first, last, key, by.label(key,
                            by == Breakdown.ASSIGNEE ? displayNames.get(key) : t.name), null));
                    Map<String, Tally> own = branches.getOrDefault(key, Map.of());
                    if (own.size() > 1) {
                        own.forEach((sub, b) -> {
                            if (b.any()) {
                                rows.add(b.row(label, first, last, key + "/" + sub, "└ " + b.name, key));
                            }
                        });
                    }
                });
            }
        }
        return new Report(period, by, period.start(from), totals.isEmpty() ? to : totals.get(totals.size() - 1).periodEnd(),
                zone, asOf, calendar.name(), rows, totals);
    }

    /** The tallies a case or survey counts in: its group, and by respondent its trader's branch as well. */
    private static List<Tally> tallies(Breakdown by, Traders traders, ReportStore.Dimensions d,
                                       Map<String, Tally> groups, Map<String, Map<String, Tally>> branches) {
        if (traders == null) {
            Tally g = groups.computeIfAbsent(by.key(d), k -> new Tally());
            g.name(d.respondentName());
            return List.of(g);
        }
        String trader = traders.of(d.respondent());
        Tally g = groups.computeIfAbsent(trader, k -> new Tally());
        if (trader.equals(d.respondent())) {
            // The trader is called by its own name, not a branch's, whenever a case names it.
            g.preferName(d.respondentName());
        }
        g.name(d.respondentName());
        String sub = d.respondent() + "|" + d.respondentBranch();
        Tally b = branches.computeIfAbsent(trader, k -> new TreeMap<>()).computeIfAbsent(sub, k -> new Tally());
        b.name(d.respondentBranch().isEmpty() || d.respondentName() != null && d.respondentName()
                .contains(d.respondentBranch()) ? d.respondentName() : d.respondentName() + " " + d.respondentBranch());
        return List.of(g, b);
    }

    private void countCase(Tally t, CaseFacts c, List<Event> events, Instant ps, Instant pe, Instant asOf) {
        if (within(c.receivedAt(), ps, pe)) {
            t.received++;
            countFirstResponse(t, c, asOf);
        }
        Event resolve = events.stream().filter(e -> "resolve".equals(e.kind()) && within(e.at(), ps, pe)).findFirst()
                .orElse(null);
        if (resolve != null) {
            t.resolved++;
            if (resolve.resolutionDue() != null) {
                if (resolve.at().isAfter(resolve.resolutionDue())) {
                    t.resolvedLate++;
                } else {
                    t.resolvedOnTime++;
                }
            }
            t.durations.add(calendar.workingTimeBetween(c.receivedAt(), resolve.at()).getSeconds());
            if (events.stream().anyMatch(e -> "reopen".equals(e.kind()) && e.at().isAfter(resolve.at()))) {
                t.reopened++;
            }
        }
        if (events.stream().anyMatch(e -> "return".equals(e.kind()) && within(e.at(), ps, pe))) {
            t.returned++;
        }
        if (c.receivedAt().isBefore(pe) && openAt(events, pe)) {
            t.openAtEnd++;
        }
    }

    /** Open at {@code end}: the last change of state before it was a re-open, or there was none. */
    private static boolean openAt(List<Event> events, Instant end) {
        Event last = null;
        for (Event e : events) {
            if (e.at().isBefore(end) && e.closesCase() && (TERMINAL.contains(e.kind()) || "reopen".equals(e.kind()))) {
                last = e;
            }
        }
        return last == null || "reopen".equals(last.kind());
    }

    private static void countFirstResponse(Tally t, CaseFacts c, Instant asOf) {
        Instant due = c.firstResponseDue();
        if (due == null) {
            return;
        }
        Instant met = c.firstResponseMet();
        String state = c.firstResponseState();
        boolean stillDue = met == null && ("on_time".equals(state) || "warning".equals(state)) && !due.isAfter(asOf);
        boolean breached = c.firstResponseBreached() != null || met != null && met.isAfter(due) || stillDue;
        if (breached) {
            t.firstResponseBreached++;
        } else if (met != null && "met".equals(state)) {
            t.firstResponseOnTime++;
        }
    }

    private static boolean within(Instant t, Instant from, Instant until) {
        return !t.isBefore(from) && t.isBefore(until);
    }

    /** The running counts of one group in one period. */
    private static final class Tally {
        long received;
        long resolved;
        long resolvedOnTime;
        long resolvedLate;
        long returned;
        long openAtEnd;
        long firstResponseOnTime;
        long firstResponseBreached;
        long asked;
        long answered;
        long satisfied;
        long basically;
        long dissatisfied;
        long reopened;
        final List<Long> durations = new ArrayList<>();
        String name;

        private boolean preferred;

        void name(String respondentName) {
            if (name == null) {
                name = respondentName;
            }
        }

        void preferName(String respondentName) {
            if (!preferred && respondentName != null) {
                name = respondentName;
                preferred = true;
            }
        }

        void survey(String verdict) {
            asked++;
            if (verdict == null) {
                return;
            }
            answered++;
            switch (verdict) {
                case "satisfied" -> satisfied++;
                case "basically_satisfied" -> basically++;
                default -> dissatisfied++;
            }
        }

        boolean any() {
            return received + resolved + returned + openAtEnd + firstResponseOnTime + firstResponseBreached + asked > 0;
        }

        ReportRow row(String period, LocalDate start, LocalDate last, String key, String label, String parent) {
            List<Long> sorted = durations.stream().sorted().toList();
            return new ReportRow(period, start, last, key, label, received, resolved, resolvedOnTime, resolvedLate,
                    returned, openAtEnd, firstResponseOnTime, firstResponseBreached, rank(sorted, 50), rank(sorted, 90),
                    asked, answered, satisfied, basically, dissatisfied, ReportRow.pct(satisfied, answered),
                    ReportRow.pct(dissatisfied, answered), reopened, ReportRow.pct(reopened, resolved), parent);
        }

        /** Nearest rank: the smallest value with at least {@code percent} % of the values at or below it. */
        private static Long rank(List<Long> sorted, int percent) {
            if (sorted.isEmpty()) {
                return null;
            }
            int rank = (percent * sorted.size() + 99) / 100;
            return sorted.get(Math.max(rank, 1) - 1);
        }
    }
}
