package dev.shouli.feature.report;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.function.Function;

/**
 * The columns of the CSV and XLSX downloads, with their Chinese headers. Business time is in working hours
 * (two decimals) there; the JSON keeps seconds.
 */
final class ReportColumns {

    /** One column: its header and how a row fills it (a Number, a String, or null for an empty cell). */
    record Column(String header, Function<ReportRow, Object> value) {
    }

    static List<Column> of(Breakdown by) {
        return List.of(
                new Column("统计周期", ReportRow::period),
                new Column("开始日期", r -> r.periodStart().toString()),
                new Column("结束日期", r -> r.periodEnd().toString()),
                new Column(by == Breakdown.NONE ? "分组" : by.chinese(), ReportRow::groupLabel),
                new Column("分组代码", r -> Breakdown.ALL_KEY.equals(r.group()) ? "" : r.group()),
                new Column("受理量", ReportRow::received),
                new Column("办结量", ReportRow::resolved),
                new Column("按时办结", ReportRow::resolvedOnTime),
                new Column("超时办结", ReportRow::resolvedLate),
                new Column("退单量", ReportRow::returned),
                new Column("期末未办结", ReportRow::openAtEnd),
                new Column("首次响应按时", ReportRow::firstResponseOnTime),
                new Column("首次响应超时", ReportRow::firstResponseBreached),
                new Column("办结用时中位数（工作小时）", r -> hours(r.resolveMedianSeconds())),
                new Column("办结用时P90（工作小时）", r -> hours(r.resolveP90Seconds())),
                new Column("回访发出", ReportRow::surveysAsked),
                new Column("回访答复", ReportRow::surveysAnswered),
                new Column("满意", ReportRow::satisfied),
                new Column("基本满意", ReportRow::basicallySatisfied),
                new Column("不满意", ReportRow::dissatisfied),
                new Column("满意率（%）", ReportRow::satisfiedPct),
                new Column("不满意率（%）", ReportRow::dissatisfiedPct),
                new Column("重新办理", ReportRow::reopened),
                new Column("重新办理率（%）", ReportRow::reopenedPct),
                // A branch row repeats part of its trader's row: filter it out (by this column) before summing.
                new Column("所属商家", r -> r.parent() == null ? "" : r.parent()));
    }

    /** The group rows, then the totals: a sheet a supervisor can sum and check. */
    static List<ReportRow> lines(Report report) {
        List<ReportRow> out = new java.util.ArrayList<>(report.rows());
        out.addAll(report.totals());
        return out;
    }

    static BigDecimal hours(Long seconds) {
        return seconds == null ? null : BigDecimal.valueOf(seconds).divide(BigDecimal.valueOf(3600), 2, RoundingMode.HALF_UP);
    }

    private ReportColumns() {
    }
}
