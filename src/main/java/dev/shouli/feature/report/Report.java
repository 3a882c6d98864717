package dev.shouli.feature.report;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;

/**
 * A report: its cut, the whole periods it covers ({@code from} … {@code to}, local dates, inclusive), when it
 * was made, the groups' rows (period, then group) and each period's total.
 */
public record Report(Period period, Breakdown by, LocalDate from, LocalDate to, ZoneId zone, Instant asOf,
                     String calendar, List<ReportRow> rows, List<ReportRow> totals) {
}
