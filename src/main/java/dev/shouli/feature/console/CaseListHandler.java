package dev.shouli.feature.console;

import dev.shouli.core.cases.CaseSearch;
import dev.shouli.core.domain.CaseReference;
import dev.shouli.core.domain.CaseStatus;
import dev.shouli.core.domain.ComplaintKind;
import dev.shouli.core.domain.Urgency;
import dev.shouli.feature.console.ConsoleCaseQueries.Cursor;
import dev.shouli.feature.console.ConsoleCaseQueries.Filter;
import io.vertx.core.MultiMap;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Set;

/**
 * {@code GET /desk/cases}: reads the filters from the query (unknown values are ignored, not errors — a person
 * typed them), pages by keyset cursor, and bounds a 1–2 character search, which the trigram index cannot
 * serve, to a recent window unless the user gave a date range.
 */
final class CaseListHandler {

    /** How far back a search of fewer than three characters looks when no date range is given. */
    static final Duration SHORT_SEARCH_WINDOW = Duration.ofDays(90);

    private final ConsoleCaseQueries queries;
    private final CaseListPage page;
    private final Formats formats;
    private final int pageSize;

    CaseListHandler(ConsoleCaseQueries queries, Formats formats, int pageSize) {
        this.queries = queries;
        this.page = new CaseListPage(formats);
        this.formats = formats;
        this.pageSize = pageSize;
    }

    void list(RoutingContext ctx) {
        Viewer v = Viewer.of(ctx);
        MultiMap q = ctx.queryParams();
        String search = blankToNull(q.get("q"));
        Instant from = day(q.get("from"), 0);
        String notice = null;
        if (search != null && search.codePointCount(0, search.length()) < 3 && from == null) {
            from = formats.now().minus(SHORT_SEARCH_WINDOW);
            notice = v.t().get("cases.shortSearch", SHORT_SEARCH_WINDOW.toDays());
        }
        Filter filter = new Filter(
                oneOf(q.get("status"), statuses()),
                oneOf(q.get("channel"), Set.copyOf(CaseListPage.CHANNELS)),
                ComplaintKind.parse(q.get("kind")).map(ComplaintKind::code).orElse(null),
                Urgency.parse(q.get("urgency")).map(Urgency::code).orElse(null),
                oneOf(q.get("sla"), Set.copyOf(CaseListPage.SLA_STATES)),
                blankToNull(q.get("assignee")),
                blankToNull(q.get("respondent")),
                from,
                day(q.get("to"), 1),
                CaseSearch.parse(search));
        Cursor cursor = cursor(q.get("cursor"));
        String shownNotice = notice;
        queries.list(filter, cursor, pageSize).onFailure(ctx::fail).onSuccess(result -> {
            String next = result.next() == null ? null : nextHref(q, result.next());
            ConsolePages.send(ctx, page.render(v, q, result, next, shownNotice));
        });
    }

    /**
     * {@code GET /desk/go?reference=…}: the case page when a case has that reference (typed as read out: spaces,
     * lower case and full-width forms do not matter), else the case list searching for what was typed.
     */
    void go(RoutingContext ctx) {
        String typed = blankToNull(ctx.queryParams().get("reference"));
        String reference = CaseSearch.parse(typed).reference();
        if (reference == null) {
            ConsolePages.redirect(ctx, typed == null ? "/desk/cases" : "/desk/cases?q=" + encoded(typed));
            return;
        }
        queries.row(reference).onFailure(ctx::fail).onSuccess(found -> ConsolePages.redirect(ctx, found.isPresent()
                ? "/desk/cases/" + reference : "/desk/cases?q=" + encoded(typed)));
    }

    private static String encoded(String s) {
        return java.net.URLEncoder.encode(s, java.nio.charset.StandardCharsets.UTF_8);
    }

    /** {@code GET /desk/cases/{reference}/row}: one row, for a live update. */
    void row(RoutingContext ctx) {
        Viewer v = Viewer.of(ctx);
        String reference = CaseReference.parse(ctx.pathParam("reference")).toString();
        queries.row(reference).onFailure(ctx::fail).onSuccess(found -> {
            if (found.isEmpty()) {
                ctx.fail(ConsoleProblem.notFound());
                return;
            }
            ConsolePages.send(ctx, page.row(v.t(), found.get()));
        });
    }

    private static Set<String> statuses() {
        return java.util.Arrays.stream(CaseStatus.values()).map(CaseStatus::code).collect(java.util.stream.Collectors.toSet());
    }

    private static String nextHref(MultiMap q, Cursor next) {
        StringBuilder href = new StringBuilder("/desk/cases?");
        q.forEach(e -> {
            if (!e.getKey().equals("cursor") && !e.getValue().isBlank()) {
                href.append(Html.url(e.getKey())).append('=').append(Html.url(e.getValue())).append('&');
            }
        });
        return href.append("cursor=").append(next.receivedAt().getEpochSecond()).append('.')
                .append(next.receivedAt().getNano()).append('.').append(next.id()).toString();
    }

    private static Cursor cursor(String value) {
        if (value == null) {
            return null;
        }
        String[] parts = value.split("\\.");
        try {
            if (parts.length == 3) {
                return new Cursor(Instant.ofEpochSecond(Long.parseLong(parts[0]), Long.parseLong(parts[1])),
                        Long.parseLong(parts[2]));
            }
        } catch (RuntimeException ignored) {
            // a mangled cursor starts from the first page
        }
        return null;
    }

    /** A date typed in the filter, as the start of that day (plus {@code plusDays}) in the configured zone. */
    private Instant day(String value, int plusDays) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return LocalDate.parse(value.strip()).plusDays(plusDays).atStartOfDay(formats.zone()).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static String oneOf(String value, Set<String> allowed) {
        return value != null && allowed.contains(value) ? value : null;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
