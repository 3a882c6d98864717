package dev.shouli.feature.report;

import dev.shouli.core.config.CoreConfig.DeskConfig;
import dev.shouli.core.http.DeskAuth;
import dev.shouli.core.http.HttpProblem;
import dev.shouli.core.http.Routes;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Arrays;

/**
 * {@code GET /api/v1/reports/cases?period=month&from=2026-01-01&to=2026-03-31&by=channel&format=json|csv|xlsx}
 * (desk token): received, resolved, returned, open at period end, timeliness, business time to resolve,
 * satisfaction and re-opens per period (day, ISO week, month in intake.timeZone) and per channel, kind,
 * category, respondent or assignee. {@code from}/{@code to} are local dates, widened to whole periods (default:
 * this month so far). The
 * format may also be asked for with {@code Accept: text/csv} or the XLSX media type.
 */
public final class ReportRoutes implements Routes {

    static final String XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    private final Reports reports;
    private final DeskConfig desk;

    ReportRoutes(Reports reports, DeskConfig desk) {
        this.reports = reports;
        this.desk = desk;
    }

    @Override
    public void register(Router router) {
        router.get("/api/v1/reports/cases").handler(new DeskAuth(desk.tokens())).handler(this::report);
    }

    private void report(RoutingContext ctx) {
        Period period = Period.parse(ctx.queryParams().get("period") == null ? "month" : ctx.queryParams().get("period"))
                .orElseThrow(() -> HttpProblem.badRequest("period must be day, week or month"));
        Breakdown by = Breakdown.parse(ctx.queryParams().get("by") == null ? "none" : ctx.queryParams().get("by"))
                .orElseThrow(() -> HttpProblem.badRequest("by must be one of "
                        + Arrays.stream(Breakdown.values()).map(Breakdown::code).toList()));
        // Without a range: this month so far (the monthly report).
        LocalDate[] month = reports.thisMonth();
        LocalDate from = date(ctx, "from", month[0]);
        LocalDate to = date(ctx, "to", month[1]);
        String format = format(ctx);
        reports.build(period, by, from, to)
                .compose(report -> "json".equals(format) ? Future.succeededFuture(json(report).toBuffer())
                        : reports.file(report, format))
                .onSuccess(body -> send(ctx, format, period, from, to, by, body))
                .onFailure(ctx::fail);
    }

    private static void send(RoutingContext ctx, String format, Period period, LocalDate from, LocalDate to,
                             Breakdown by, Buffer body) {
        String name = "complaints-" + period.code() + "-" + by.code() + "-" + from + "-" + to;
        var response = ctx.response().putHeader("Cache-Control", "private, no-store");
        switch (format) {
            case "csv" -> response.putHeader("Content-Type", "text/csv; charset=utf-8")
                    .putHeader("Content-Disposition", "attachment; filename=\"" + name + ".csv\"");
            case "xlsx" -> response.putHeader("Content-Type", XLSX)
                    .putHeader("Content-Disposition", "attachment; filename=\"" + name + ".xlsx\"");
            default -> response.putHeader("Content-Type", "application/json");
        }
        response.end(body);
    }

    private static String format(RoutingContext ctx) {
        String f = ctx.queryParams().get("format");
        if (f == null) {
            String accept = String.valueOf(ctx.request().getHeader("Accept"));
            return accept.contains("text/csv") ? "csv" : accept.contains(XLSX) ? "xlsx" : "json";
        }
        if (!f.equals("json") && !f.equals("csv") && !f.equals("xlsx")) {
            throw HttpProblem.badRequest("format must be json, csv or xlsx");
        }
        return f;
    }

    private static LocalDate date(RoutingContext ctx, String name, LocalDate fallback) {
        String value = ctx.queryParams().get(name);
        if (value == null) {
            return fallback;
        }
        try {
            return LocalDate.parse(value);
        } catch (DateTimeParseException e) {
            throw HttpProblem.badRequest(name + " must be a date such as 2026-01-01, got '" + value + "'");
        }
    }

    static JsonObject json(Report report) {
        return new JsonObject()
                .put("period", report.period().code())
                .put("by", report.by().code())
                .put("from", report.from().toString())
                .put("to", report.to().toString())
                .put("timeZone", report.zone().getId())
                .put("calendar", report.calendar())
                .put("asOf", report.asOf().toString())
                .put("rows", rows(report.rows()))
                .put("totals", rows(report.totals()));
    }

    private static JsonArray rows(java.util.List<ReportRow> rows) {
        JsonArray out = new JsonArray();
        for (ReportRow r : rows) {
            out.add(new JsonObject()
                    .put("period", r.period())
                    .put("periodStart", r.periodStart().toString())
                    .put("periodEnd", r.periodEnd().toString())
                    .put("group", r.group())
                    .put("groupLabel", r.groupLabel())
                    .put("received", r.received())
                    .put("resolved", r.resolved())
                    .put("resolvedOnTime", r.resolvedOnTime())
                    .put("resolvedLate", r.resolvedLate())
                    .put("returned", r.returned())
                    .put("openAtEnd", r.openAtEnd())
                    .put("firstResponseOnTime", r.firstResponseOnTime())
                    .put("firstResponseBreached", r.firstResponseBreached())
                    .put("resolveMedianSeconds", r.resolveMedianSeconds())
                    .put("resolveP90Seconds", r.resolveP90Seconds())
                    .put("surveysAsked", r.surveysAsked())
                    .put("surveysAnswered", r.surveysAnswered())
                    .put("satisfied", r.satisfied())
                    .put("basicallySatisfied", r.basicallySatisfied())
                    .put("dissatisfied", r.dissatisfied())
                    .put("satisfiedPct", r.satisfiedPct() == null ? null : r.satisfiedPct().doubleValue())
                    .put("dissatisfiedPct", r.dissatisfiedPct() == null ? null : r.dissatisfiedPct().doubleValue())
                    .put("reopened", r.reopened())
                    .put("reopenedPct", r.reopenedPct() == null ? null : r.reopenedPct().doubleValue())
                    .put("parent", r.parent()));
        }
        return out;
    }
}
