package dev.shouli.feature.console;

import static dev.shouli.feature.console.Html.text;

import dev.shouli.feature.console.DashboardStore.Count;
import dev.shouli.feature.console.DashboardStore.Growing;
import dev.shouli.feature.console.DashboardStore.SlaCount;
import dev.shouli.feature.console.SvgCharts.Bar;
import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * {@code GET /desk/dashboard?period=today|7d|30d}: cases by channel, kind, respondent and category, deadlines
 * met against breached, and the incidents growing now — as server-rendered SVG charts. "Today" starts at
 * midnight in {@code intake.timeZone}.
 */
final class DashboardHandler {

    private static final List<String> PERIODS = List.of("today", "7d", "30d");

    private final DashboardStore store;
    private final Formats formats;

    DashboardHandler(DashboardStore store, Formats formats) {
        this.store = store;
        this.formats = formats;
    }

    void show(RoutingContext ctx) {
        Viewer v = Viewer.of(ctx);
        // The nav link carries no period; List.of(...).contains(null) would throw, so null is checked first.
        String asked = ctx.queryParams().get("period");
        String period = asked != null && PERIODS.contains(asked) ? asked : "7d";
        Instant now = formats.now();
        Instant since = switch (period) {
            case "today" -> LocalDate.ofInstant(now, formats.zone()).atStartOfDay(formats.zone()).toInstant();
            case "30d" -> now.minus(Duration.ofDays(30));
            default -> now.minus(Duration.ofDays(7));
        };
        Future.all(List.of(store.totals(since), store.by("channel", since, 10), store.by("kind", since, 10),
                        store.by("respondent", since, 10), store.by("category", since, 10), store.sla(since),
                        store.growing(now.minus(Duration.ofHours(24)))))
                .onFailure(ctx::fail)
                .onSuccess(all -> ConsolePages.send(ctx, render(v, period, all.resultAt(0), all.resultAt(1),
                        all.resultAt(2), all.resultAt(3), all.resultAt(4), all.resultAt(5), all.resultAt(6))));
    }

    private String render(Viewer v, String period, long[] totals, List<Count> channels, List<Count> kinds,
                          List<Count> respondents, List<Count> categories, List<SlaCount> sla,
                          List<Growing> growing) {
        Texts t = v.t();
        StringBuilder b = new StringBuilder("<h1>").append(text(t.get("dashboard.title"))).append("</h1>\n")
                .append("<nav class=\"actions card\" aria-label=\"").append(Html.attr(t.get("dashboard.period")))
                .append("\">");
        for (String p : PERIODS) {
            b.append("<a href=\"/desk/dashboard?period=").append(p).append('"')
                    .append(p.equals(period) ? " aria-current=\"page\" class=\"button\"" : " class=\"button secondary\"")
                    .append('>').append(text(t.get("dashboard.period." + p))).append("</a>");
        }
        b.append("</nav>\n<section class=\"card\" aria-labelledby=\"h-monthly\"><h2 id=\"h-monthly\">")
                .append(text(t.get("dashboard.monthly"))).append("</h2><p class=\"actions\">")
                .append("<a class=\"button\" href=\"/desk/reports/download?format=xlsx\">")
                .append(text(t.get("reports.download", "XLSX"))).append("</a><a class=\"button secondary\" ")
                .append("href=\"/desk/reports/download?format=csv\">").append(text(t.get("reports.download", "CSV")))
                .append("</a><a href=\"/desk/reports\">").append(text(t.get("dashboard.moreReports"))).append("</a></p>")
                .append("</section>\n");
        long met = sla.stream().mapToLong(SlaCount::met).sum();
        long breached = sla.stream().mapToLong(SlaCount::breached).sum();
        b.append("<div class=\"kpis\">");
        kpi(b, totals[0], t.get("dashboard.received"));
        kpi(b, totals[1], t.get("dashboard.open"));
        kpi(b, met, t.get("dashboard.met"));
        kpi(b, breached, t.get("dashboard.breached"));
        b.append("</div>\n<div class=\"charts\">\n");
        chart(b, "c-channel", t.get("dashboard.byChannel"), channels.stream()
                .map(c -> new Bar(t.code("channel", c.label()), c.n())).toList(), t);
        chart(b, "c-kind", t.get("dashboard.byKind"), kinds.stream()
                .map(c -> new Bar(t.code("kind", c.label()), c.n())).toList(), t);
        chart(b, "c-respondent", t.get("dashboard.topRespondents"), respondents.stream()
                .map(c -> new Bar(known(t, c.label()), c.n())).toList(), t);
        chart(b, "c-category", t.get("dashboard.byCategory"), categories.stream()
                .map(c -> new Bar(known(t, c.label()), c.n())).toList(), t);
        b.append("<section class=\"card\" aria-labelledby=\"c-sla-h\"><h2 id=\"c-sla-h\">")
                .append(text(t.get("dashboard.sla"))).append("</h2>");
        if (sla.isEmpty()) {
            b.append("<p class=\"muted\">").append(text(t.get("dashboard.nothing"))).append("</p>");
        } else {
            b.append(SvgCharts.bars("c-sla", t.get("dashboard.sla"), sla.stream()
                            .map(s -> new Bar(t.code("deadline", s.kind()), s.met(), s.breached())).toList(),
                    t.get("dashboard.met"), t.get("dashboard.breached")));
        }
        b.append("</section>\n</div>\n");
        b.append("<section class=\"card\" aria-labelledby=\"h-growing\"><h2 id=\"h-growing\">")
                .append(text(t.get("dashboard.growing"))).append("</h2>\n");
        if (growing.isEmpty()) {
            b.append("<p class=\"muted\">").append(text(t.get("dashboard.noGrowing"))).append("</p>\n");
        } else {
            b.append("<table><thead><tr><th scope=\"col\">").append(text(t.get("col.incident")))
                    .append("</th><th scope=\"col\">").append(text(t.get("col.respondent"))).append("</th><th scope=\"col\">")
                    .append(text(t.get("dashboard.last24h"))).append("</th><th scope=\"col\">")
                    .append(text(t.get("incidents.count"))).append("</th></tr></thead><tbody>");
            for (Growing g : growing) {
                b.append("<tr><td><a href=\"/desk/incidents/").append(g.id()).append("\">#").append(g.id()).append(' ')
                        .append(text(CaseListPage.shorten(g.title(), 40))).append("</a></td><td>")
                        .append(text(g.respondent())).append("</td><td>+").append(g.recent()).append("</td><td>")
                        .append(g.caseCount()).append("</td></tr>");
            }
            b.append("</tbody></table>\n");
        }
        b.append("</section>\n");
        return Layout.page(v, "/desk/dashboard", t.get("dashboard.title"), b.toString());
    }

    private static void chart(StringBuilder b, String id, String title, List<Bar> bars, Texts t) {
        b.append("<section class=\"card\" aria-labelledby=\"").append(id).append("-h\"><h2 id=\"").append(id)
                .append("-h\">").append(text(title)).append("</h2>");
        b.append(bars.isEmpty() ? "<p class=\"muted\">" + text(t.get("dashboard.nothing")) + "</p>"
                : SvgCharts.bars(id, title, bars, null, null));
        b.append("</section>\n");
    }

    private static String known(Texts t, String label) {
        return "—".equals(label) ? t.get("dashboard.unknown") : label;
    }

    private static void kpi(StringBuilder b, long n, String label) {
        b.append("<div class=\"kpi\"><div class=\"n\">").append(n).append("</div><div class=\"l\">").append(text(label))
                .append("</div></div>");
    }
}
