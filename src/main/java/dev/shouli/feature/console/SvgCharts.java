package dev.shouli.feature.console;

import static dev.shouli.feature.console.Html.text;

import java.util.List;

/**
 * Charts drawn on the server as inline SVG: no chart library, no script, nothing for the CSP to allow
 * (presentation attributes only). Each chart is an image with a title and a text description of its values.
 */
final class SvgCharts {

    /** One bar, optionally split into a second value drawn after the first (met | breached). */
    record Bar(String label, long value, long second) {
        Bar(String label, long value) {
            this(label, value, 0);
        }
    }

    private static final int WIDTH = 600;
    private static final int LABEL = 190;
    private static final int ROW = 34;
    private static final String FIRST = "#2f6fb0";
    private static final String SECOND = "#c0392b";

    private SvgCharts() {
    }

    static String bars(String id, String title, List<Bar> bars, String firstName, String secondName) {
        long max = 1;
        for (Bar b : bars) {
            max = Math.max(max, b.value() + b.second());
        }
        int height = Math.max(1, bars.size()) * ROW + (secondName == null ? 10 : 34);
        StringBuilder desc = new StringBuilder();
        StringBuilder svg = new StringBuilder("<svg class=\"chart\" viewBox=\"0 0 ").append(WIDTH).append(' ')
                .append(height).append("\" role=\"img\" aria-labelledby=\"").append(id).append("-t ").append(id)
                .append("-d\" xmlns=\"http://www.w3.org/2000/svg\"><title id=\"").append(id).append("-t\">")
                .append(text(title)).append("</title>");
        int y = 6;
        int span = WIDTH - LABEL - 60;
        for (Bar b : bars) {
            int w1 = (int) Math.round(span * (double) b.value() / max);
            int w2 = (int) Math.round(span * (double) b.second() / max);
            svg.append("<text x=\"").append(LABEL - 8).append("\" y=\"").append(y + 19)
                    .append("\" text-anchor=\"end\" font-size=\"16\" fill=\"#1d2433\">")
                    .append(text(CaseListPage.shorten(b.label(), 11))).append("</text>")
                    .append("<rect x=\"").append(LABEL).append("\" y=\"").append(y + 3).append("\" width=\"")
                    .append(Math.max(w1, b.value() > 0 ? 2 : 0)).append("\" height=\"22\" rx=\"3\" fill=\"").append(FIRST)
                    .append("\"/>");
            if (secondName != null) {
                svg.append("<rect x=\"").append(LABEL + w1).append("\" y=\"").append(y + 3).append("\" width=\"")
                        .append(Math.max(w2, b.second() > 0 ? 2 : 0)).append("\" height=\"22\" rx=\"3\" fill=\"")
                        .append(SECOND).append("\"/>");
            }
            String value = secondName == null ? String.valueOf(b.value()) : b.value() + " / " + b.second();
            svg.append("<text x=\"").append(LABEL + w1 + w2 + 6).append("\" y=\"").append(y + 19)
                    .append("\" font-size=\"16\" fill=\"#1d2433\">").append(text(value)).append("</text>");
            desc.append(b.label()).append(": ").append(value).append("; ");
            y += ROW;
        }
        if (secondName != null) {
            svg.append("<rect x=\"").append(LABEL).append("\" y=\"").append(y + 6)
                    .append("\" width=\"12\" height=\"12\" fill=\"").append(FIRST).append("\"/><text x=\"")
                    .append(LABEL + 18).append("\" y=\"").append(y + 19).append("\" font-size=\"15\" fill=\"#1d2433\">")
                    .append(text(firstName)).append("</text><rect x=\"").append(LABEL + 120).append("\" y=\"")
                    .append(y + 6).append("\" width=\"12\" height=\"12\" fill=\"").append(SECOND).append("\"/><text x=\"")
                    .append(LABEL + 138).append("\" y=\"").append(y + 19).append("\" font-size=\"15\" fill=\"#1d2433\">")
                    .append(text(secondName)).append("</text>");
        }
        svg.append("<desc id=\"").append(id).append("-d\">").append(text(desc.toString())).append("</desc></svg>");
        return svg.toString();
    }

}
