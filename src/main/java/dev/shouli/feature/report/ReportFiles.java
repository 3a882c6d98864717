package dev.shouli.feature.report;

import dev.shouli.feature.report.ReportColumns.Column;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.dhatim.fastexcel.Workbook;
import org.dhatim.fastexcel.Worksheet;

/** A report as a download: CSV (UTF-8 with BOM, so Excel shows the Chinese headers) or XLSX (fastexcel). */
final class ReportFiles {

    private ReportFiles() {
    }

    static byte[] csv(Report report) {
        List<Column> columns = ReportColumns.of(report.by());
        StringBuilder out = new StringBuilder("\uFEFF");
        out.append(String.join(",", columns.stream().map(c -> field(c.header())).toList())).append("\r\n");
        for (ReportRow row : ReportColumns.lines(report)) {
            out.append(String.join(",", columns.stream().map(c -> field(text(c.value().apply(row)))).toList()))
                    .append("\r\n");
        }
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    static byte[] xlsx(Report report) {
        List<Column> columns = ReportColumns.of(report.by());
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            Workbook workbook = new Workbook(bytes, "Shouli", "1.0");
            Worksheet sheet = workbook.newWorksheet("投诉统计");
            for (int c = 0; c < columns.size(); c++) {
                sheet.value(0, c, columns.get(c).header());
                sheet.style(0, c).bold().set();
            }
            List<ReportRow> lines = ReportColumns.lines(report);
            for (int r = 0; r < lines.size(); r++) {
                for (int c = 0; c < columns.size(); c++) {
                    Object v = columns.get(c).value().apply(lines.get(r));
                    if (v instanceof Number n) {
                        sheet.value(r + 1, c, n);
                    } else if (v != null) {
                        sheet.value(r + 1, c, v.toString());
                    }
                }
            }
            Worksheet about = workbook.newWorksheet("说明");
            about.value(0, 0, "周期");
            about.value(0, 1, report.period().code());
            about.value(1, 0, "时区");
            about.value(1, 1, report.zone().getId());
            about.value(2, 0, "范围");
            about.value(2, 1, report.from() + " — " + report.to());
            about.value(3, 0, "生成时间");
            about.value(3, 1, report.asOf().toString());
            about.value(4, 0, "工作日历");
            about.value(4, 1, report.calendar());
            workbook.finish();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static String text(Object v) {
        if (v == null) {
            return "";
        }
        return v instanceof BigDecimal d ? d.toPlainString() : v.toString();
    }

    /** RFC 4180 quoting; a leading =, +, - or @ is prefixed with ' so a spreadsheet never runs it as a formula. */
    private static String field(String s) {
        String safe = !s.isEmpty() && "=+-@".indexOf(s.charAt(0)) >= 0 && !s.matches("-?\\d+(\\.\\d+)?") ? "'" + s : s;
        return safe.contains(",") || safe.contains("\"") || safe.contains("\n") || safe.contains("\r")
                ? "\"" + safe.replace("\"", "\"\"") + "\"" : safe;
    }
}
