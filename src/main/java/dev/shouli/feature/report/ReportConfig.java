package dev.shouli.feature.report;

import dev.shouli.core.config.ConfigTree;
import dev.shouli.core.sla.SlaConfig;

/**
 * Supervisors' reports ({@code reports:}).
 *
 * @param calendar   the calendar business time to resolve is counted on
 * @param maxPeriods most periods one report may span
 */
public record ReportConfig(String calendar, int maxPeriods) {

    static ReportConfig from(ConfigTree c, SlaConfig sla) {
        String calendar = c.string("reports.calendar");
        if (!sla.calendars().has(calendar)) {
            throw c.invalidEntry("reports.calendar", "no calendar named '" + calendar + "'; known: "
                    + sla.calendars().names());
        }
        return new ReportConfig(calendar, c.intValue("reports.maxPeriods", 1, 10_000));
    }
}
