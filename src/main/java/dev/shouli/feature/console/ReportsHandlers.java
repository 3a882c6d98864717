package dev.shouli.feature.console;

import static dev.shouli.feature.console.Html.attr;
import static dev.shouli.feature.console.Html.text;

import dev.shouli.feature.console.WorkloadStore.Breach;
import dev.shouli.feature.console.WorkloadStore.Load;
import dev.shouli.feature.report.Breakdown;
import dev.shouli.feature.report.Period;
import dev.shouli.feature.report.Report;
import dev.shouli.feature.report.ReportRow;
import dev.shouli.feature.report.Reports;
import dev.shouli.core.http.HttpProblem;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;

/**
 * {@code /desk/reports}: the monthly report without typing anything (this month so far, by default), a breakdown
 * and a range to choose, the XLSX and CSV one click away ({@code /desk/reports/download}); each desk user's load
 * now (open, overdue, resolved in the range); and the deadlines broken in the range.
 */
final class ReportsHandlers {

    private static final int BREACHES_SHOWN = 200;

    private final Supplier<Reports> reports;
    private final WorkloadStore workload;
    private final Formats formats;

    ReportsHandlers(Supplier<Reports> reports, WorkloadStore workload, Formats formats) {
        this.reports = reports;
        this.workload = workload;
        this.formats = formats;
    }

    /** What the page and the download were asked for; every part has a default. */
    private record Asked(Period period, Breakdown by, LocalDate from, LocalDate to) {
        String query() {
            return "period=" + period.code() + "&by=" + by.code() + "&from=" + from + "&to=" + to;
        }
    }

    void show(RoutingContext ctx) {
        Viewer v = Viewer.of(ctx);
        Asked a = asked(ctx.queryParams());
        Instant from = a.from().atStartOfDay(formats.zone()).toInstant();
        Instant until = a.to().plusDays(1).atStartOfDay(formats.zone()).toInstant();
        Future<Report> report = reports.get().build(a.period(), a.by(), a.from(), a.to());
        Future<List<Load>> loads = workload.workload(from, until);
        Future<List<Breach>> breaches = workload.breaches(from, until, BREACHES_SHOWN);
        Future.all(report, loads, breaches)
                .onFailure(e -> ctx.fail(e instanceof HttpProblem p && p.status() < 500
                        ? ConsoleProblem.badRequest(v.t().get("reports.badRange")) : e))
                .onSuccess(all -> ConsolePages.send(ctx, render(v, a, report.result(), loads.result(),
                        breaches.result())));
    }

    void download(RoutingContext ctx) {
        Asked a = asked(ctx.queryParams());
        String format = "csv".equals(ctx.queryParams().get("format")) ? "csv" : "xlsx";
        reports.get().build(a.period(), a.by(), a.from(), a.to())
                .compose(report -> reports.get().file(report, format).map(body -> {
                    ctx.response()
                            .putHeader("Content-Type", "csv".equals(format) ? "text/csv; charset=utf-8"
                                    : "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
                            .putHeader("Content-Disposition", "attachment; filename=\"" + Reports.fileName(report) + "."
                                    + format + "\"")
                            .putHeader("Cache-Control", "private, no-store")
                            .end(body);
                    return null;
                }))
                .onFailure(e -> ctx.fail(e instanceof HttpProblem p && p.status() < 500
                        ? ConsoleProblem.badRequest(Viewer.of(ctx).t().get("reports.badRange")) : e));
    }

    private Asked asked(MultiMap q) {
        LocalDate[] month = reports.get().thisMonth();
        return new Asked(Period.parse(q.get("period")).orElse(Period.MONTH), Breakdown.parse(q.get("by"))
                .orElse(Breakdown.NONE), date(q.get("from"), month[0]), date(q.get("to"), month[1]));
    }

    private static LocalDate date(String value, LocalDate fallback) {
        try {
            return value == null || value.isBlank() ? fallback : LocalDate.parse(value.strip());
        } catch (DateTimeParseException e) {
            return fallback;
        }
    }

    private String render(Viewer v, Asked a, Report report, List<Load> loads, List<Breach> breaches) {
        Texts t = v.t();
        StringBuilder b = new StringBuilder("<h1>").append(text(t.get("reports.title"))).append("</h1>\n");
        b.append("<form method=\"get\" action=\"/desk/reports\" class=\"card filters\">")
                .append(select(t, "r-period", "period", Arrays.stream(Period.values()).map(Period::code).toList(),
                        a.period().code(), "reports.period"))
                .append(select(t, "r-by", "by", Arrays.stream(Breakdown.values()).map(Breakdown::code).toList(),
                        a.by().code(), "reports.by"))
                .append("<div><label for=\"r-from\">").append(text(t.get("filter.from"))).append("</label><input type=\"date\" ")
                .append("id=\"r-from\" name=\"from\" value=\"").append(a.from()).append("\"></div>")
                .append("<div><label for=\"r-to\">").append(text(t.get("filter.to"))).append("</label><input type=\"date\" ")
                .append("id=\"r-to\" name=\"to\" value=\"").append(a.to()).append("\"></div>")
                .append("<div class=\"actions\"><button type=\"submit\">").append(text(t.get("reports.show")))
                .append("</button></div></form>\n<p class=\"actions\">")
                .append(downloadLink(t, a, "xlsx")).append(downloadLink(t, a, "csv")).append("</p>\n");
        table(b, t, report);
        loads(b, t, loads);
        breaches(b, t, breaches);
        return Layout.page(v, "/desk/reports", t.get("reports.title"), b.toString());
    }

    private static String downloadLink(Texts t, Asked a, String format) {
        return "<a class=\"button\" href=\"/desk/reports/download?format=" + format + "&amp;" + attr(a.query()) + "\">"
                + text(t.get("reports.download", format.toUpperCase())) + "</a>";
    }

    private static void table(StringBuilder b, Texts t, Report report) {
        List<ReportRow> rows = new java.util.ArrayList<>(report.rows());
        rows.addAll(report.totals());
        b.append("<section class=\"card\" aria-labelledby=\"h-report\"><h2 id=\"h-report\">")
                .append(text(t.get("reports.table", report.from(), report.to()))).append("</h2>\n<div class=\"tablewrap\">")
                .append("<table><thead><tr>");
        for (String h : List.of("reports.col.period", "reports.col.group", "reports.col.received", "reports.col.resolved",
                "reports.col.onTime", "reports.col.late", "reports.col.open", "reports.col.firstLate",
                "reports.col.satisfied", "reports.col.reopened")) {
            b.append("<th scope=\"col\">").append(text(t.get(h))).append("</th>");
        }
        b.append("</tr></thead><tbody>");
        for (ReportRow r : rows) {
            b.append("<tr").append(r.parent() != null ? " class=\"branch\"" : "").append("><td>").append(text(r.period()))
                    .append("</td><td>").append(text("*".equals(r.group()) ? t.get("reports.total") : r.groupLabel()))
                    .append("</td><td>").append(r.received()).append("</td><td>").append(r.resolved()).append("</td><td>")
                    .append(r.resolvedOnTime()).append("</td><td>").append(r.resolvedLate()).append("</td><td>")
                    .append(r.openAtEnd()).append("</td><td>").append(r.firstResponseBreached()).append("</td><td>")
                    .append(r.satisfiedPct() == null ? "—" : r.satisfiedPct().toPlainString() + "%").append("</td><td>")
                    .append(r.reopened()).append("</td></tr>");
        }
        b.append("</tbody></table></div>\n</section>\n");
    }

    private static void loads(StringBuilder b, Texts t, List<Load> loads) {
        b.append("<section class=\"card\" aria-labelledby=\"h-workload\"><h2 id=\"h-workload\">")
                .append(text(t.get("reports.workload"))).append("</h2>\n");
        if (loads.isEmpty()) {
            b.append("<p class=\"muted\">").append(text(t.get("dashboard.nothing"))).append("</p>\n</section>\n");
            return;
        }
        b.append("<table><thead><tr>");
        for (String h : List.of("col.assignee", "reports.col.openNow", "reports.col.overdueNow", "reports.col.critical",
                "reports.col.resolvedInRange")) {
            b.append("<th scope=\"col\">").append(text(t.get(h))).append("</th>");
        }
        b.append("</tr></thead><tbody>");
        for (Load l : loads) {
            String queue = l.assignee() == null ? "/desk/cases?queue=unassigned" : "/desk/cases?assignee=" + Html.url(l.assignee());
            b.append("<tr><td><a href=\"").append(attr(queue)).append("\">")
                    .append(text(l.assignee() == null ? t.get("cases.unassigned") : l.name())).append("</a></td><td>")
                    .append(l.open()).append("</td><td>").append(l.overdue()).append("</td><td>").append(l.critical())
                    .append("</td><td>").append(l.resolved()).append("</td></tr>");
        }
        b.append("</tbody></table>\n</section>\n");
    }

    private void breaches(StringBuilder b, Texts t, List<Breach> breaches) {
        b.append("<section class=\"card\" aria-labelledby=\"h-breaches\"><h2 id=\"h-breaches\">")
                .append(text(t.get("reports.breaches", breaches.size()))).append("</h2>\n");
        if (breaches.isEmpty()) {
            b.append("<p class=\"muted\">").append(text(t.get("reports.noBreaches"))).append("</p>\n</section>\n");
            return;
        }
        b.append("<div class=\"tablewrap\"><table><thead><tr>");
        for (String h : List.of("col.reference", "col.subject", "case.deadline", "sla.due", "reports.col.breachedAt",
                "col.status", "col.assignee")) {
            b.append("<th scope=\"col\">").append(text(t.get(h))).append("</th>");
        }
        b.append("</tr></thead><tbody>");
        for (Breach x : breaches) {
            b.append("<tr><td class=\"ref\"><a href=\"/desk/cases/").append(attr(x.reference())).append("\">")
                    .append(text(x.reference())).append("</a></td><td>").append(text(CaseListPage.shorten(x.subject(), 40)))
                    .append("</td><td>").append(text(t.code("deadline", x.kind()))).append("</td><td>")
                    .append(formats.time(x.dueAt())).append("</td><td>").append(formats.time(x.breachedAt()))
                    .append("</td><td>").append(text(t.code("status", x.status()))).append("</td><td>")
                    .append(text(x.assignee() == null ? t.get("cases.unassigned") : x.assignee())).append("</td></tr>");
        }
        b.append("</tbody></table></div>\n</section>\n");
    }

    private static String select(Texts t, String id, String name, List<String> codes, String chosen, String label) {
        StringBuilder b = new StringBuilder("<div><label for=\"").append(id).append("\">").append(text(t.get(label)))
                .append("</label><select id=\"").append(id).append("\" name=\"").append(name).append("\">");
        for (String code : codes) {
            b.append("<option value=\"").append(code).append('"').append(code.equals(chosen) ? " selected" : "").append('>')
                    .append(text(t.code(name, code))).append("</option>");
        }
        return b.append("</select></div>").toString();
    }
}
