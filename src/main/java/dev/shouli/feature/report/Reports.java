package dev.shouli.feature.report;

import dev.shouli.core.cases.Assignees;
import dev.shouli.core.http.HttpProblem;
import dev.shouli.core.sla.Calendars;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * The report of a range, for the desk API ({@link ReportRoutes}) and the console: checked (at most
 * {@code reports.maxPeriods} periods), counted from the store, assignees shown by their display names, and its
 * files (CSV, XLSX) made off the event loop.
 */
public final class Reports {

    private final Pool pool;
    private final ReportStore store;
    private final ReportBuilder builder;
    private final ReportConfig config;
    private final ZoneId zone;
    private final Clock clock;
    private final Vertx vertx;
    private final Supplier<List<Assignees>> assignees;

    Reports(Pool pool, ReportStore store, ReportConfig config, Calendars calendars, ZoneId zone, Clock clock,
            Vertx vertx, Supplier<List<Assignees>> assignees) {
        this.pool = pool;
        this.store = store;
        this.builder = new ReportBuilder(zone, calendars.get(config.calendar()));
        this.config = config;
        this.zone = zone;
        this.clock = clock;
        this.vertx = vertx;
        this.assignees = assignees;
    }

    /** This month so far, in {@code intake.timeZone}: what "the monthly report" means without a range. */
    public LocalDate[] thisMonth() {
        LocalDate today = LocalDate.ofInstant(clock.instant(), zone);
        return new LocalDate[] {today.withDayOfMonth(1), today};
    }

    /** @throws HttpProblem 400 when {@code to} is before {@code from} or the range spans too many periods */
    public Future<Report> build(Period period, Breakdown by, LocalDate from, LocalDate to) {
        if (to.isBefore(from)) {
            return Future.failedFuture(HttpProblem.badRequest("to (" + to + ") is before from (" + from + ")"));
        }
        long periods = 0;
        for (LocalDate s = period.start(from); !s.isAfter(to) && periods <= config.maxPeriods(); s = period.next(s)) {
            periods++;
        }
        if (periods > config.maxPeriods()) {
            return Future.failedFuture(HttpProblem.badRequest("the range spans more than " + config.maxPeriods() + " "
                    + period.code() + "s; ask for a shorter range or a longer period"));
        }
        Instant start = period.start(from).atStartOfDay(zone).toInstant();
        Instant until = lastEnd(period, from, to).atStartOfDay(zone).toInstant();
        Instant asOf = clock.instant();
        return store.facts(pool, start, until)
                .compose(facts -> displayNames().map(names -> builder.build(period, by, from, to, facts, asOf, names)));
    }

    /** The report as a download: {@code csv} or {@code xlsx}. */
    public Future<Buffer> file(Report report, String format) {
        return vertx.executeBlocking(() -> Buffer.buffer("csv".equals(format) ? ReportFiles.csv(report)
                : ReportFiles.xlsx(report)));
    }

    /** The file name of a download, without its extension. */
    public static String fileName(Report report) {
        return "complaints-" + report.period().code() + "-" + report.by().code() + "-" + report.from() + "-"
                + report.to();
    }

    private static LocalDate lastEnd(Period period, LocalDate from, LocalDate to) {
        LocalDate end = period.start(from);
        while (!end.isAfter(to)) {
            end = period.next(end);
        }
        return end;
    }

    /** Desk users' display names by user name (none without the console's users). */
    private Future<Map<String, String>> displayNames() {
        List<Assignees> all = assignees.get();
        if (all.isEmpty()) {
            return Future.succeededFuture(Map.of());
        }
        return all.get(0).active().map(list -> list.stream()
                .collect(Collectors.toMap(Assignees.Assignee::username, Assignees.Assignee::displayName)));
    }
}
