package dev.shouli.feature.report;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;

/**
 * One line of a report: one period, one group (or the period's total). What each figure counts:
 * <ul>
 *   <li>{@code received}: cases that arrived in the period;</li>
 *   <li>{@code resolved}: cases resolved in the period (once, however often), of which {@code resolvedOnTime}
 *       were resolved by their resolution deadline and {@code resolvedLate} after it;</li>
 *   <li>{@code returned}: cases returned (退单) in the period;</li>
 *   <li>{@code openAtEnd}: cases received before the period ended and not resolved, closed or returned then;</li>
 *   <li>{@code firstResponseOnTime} / {@code firstResponseBreached}: of the cases received in the period, first
 *       responses (签收) given by the deadline / given late or still missing after it (as of the report);</li>
 *   <li>{@code resolveMedianSeconds} / {@code resolveP90Seconds}: business time from arrival to the period's
 *       resolve, nearest-rank median and 90th percentile (null without resolves);</li>
 *   <li>{@code surveysAsked}: 回访 questions that went out in the period (the platform's verdicts included),
 *       {@code surveysAnswered} with a verdict so far, split into satisfied / basically / dissatisfied;
 *       {@code satisfiedPct} and {@code dissatisfiedPct} are shares of the answered;</li>
 *   <li>{@code reopened}: of the cases resolved in the period, those re-opened after that resolve;
 *       {@code reopenedPct} of {@code resolved}.</li>
 * </ul>
 * Percentages have one decimal (half up) and are null when nothing is there to divide by. By respondent, a
 * trader's row counts all its branches; the branches follow it as rows of their own with {@code parent} the
 * trader's group (so they are left out when the groups are summed); {@code parent} is null on every other row.
 */
public record ReportRow(String period, LocalDate periodStart, LocalDate periodEnd, String group, String groupLabel,
                        long received, long resolved, long resolvedOnTime, long resolvedLate, long returned,
                        long openAtEnd, long firstResponseOnTime, long firstResponseBreached,
                        Long resolveMedianSeconds, Long resolveP90Seconds, long surveysAsked, long surveysAnswered,
                        long satisfied, long basicallySatisfied, long dissatisfied, BigDecimal satisfiedPct,
                        BigDecimal dissatisfiedPct, long reopened, BigDecimal reopenedPct, String parent) {

    static BigDecimal pct(long part, long whole) {
        return whole == 0 ? null : BigDecimal.valueOf(part * 100).divide(BigDecimal.valueOf(whole), 1, RoundingMode.HALF_UP);
    }
}
