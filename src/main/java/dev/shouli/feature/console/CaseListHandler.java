package dev.shouli.feature.console;

import dev.shouli.core.cases.Assignees;
import dev.shouli.core.cases.CaseSearch;
import dev.shouli.core.domain.CaseReference;
import dev.shouli.core.domain.CaseStatus;
import dev.shouli.core.domain.ComplaintKind;
import dev.shouli.core.domain.Urgency;
import dev.shouli.feature.console.ConsoleCaseQueries.Cursor;
import dev.shouli.feature.console.ConsoleCaseQueries.Filter;
import dev.shouli.feature.console.ConsoleCaseQueries.Sort;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Set;

/**
 * {@code GET /desk/cases}: reads the queue, the filters and the order from the query (unknown values are ignored,
 * not errors — a person typed them), pages by keyset cursor in arrival order and by offset in the others, and
 * bounds a 1–2 character search, which the trigram index cannot serve, to a recent window unless the user gave a
 * date range. {@code POST /desk/filters}: saves the current filter under a name for the user.
 */
final class CaseListHandler {

    /** How far back a search of fewer than three characters looks when no date range is given. */
    static final Duration SHORT_SEARCH_WINDOW = Duration.ofDays(90);

    private final ConsoleCaseQueries queries;
    private final CaseListPage page;
    private final Formats formats;
    private final int pageSize;
    private final Duration dueSoon;
    private final SavedFilterStore saved;
    private final Assignees assignees;

    CaseListHandler(ConsoleCaseQueries queries, Formats formats, int pageSize, Duration dueSoon,
                    SavedFilterStore saved, Assignees assignees) {
        this.queries = queries;
        this.page = new CaseListPage(formats);
        this.formats = formats;
        this.pageSize = pageSize;
        this.dueSoon = dueSoon;
        this.saved = saved;
        this.assignees = assignees;
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
        Filter filter = filter(q, v.actor(), from, search);
        Sort sort = sort(q, filter.queue());
        Cursor cursor = cursor(q.get("cursor"));
        String shownNotice = notice;
        var list = queries.list(filter, sort, cursor, pageSize);
        var counts = queries.counts(v.actor(), filter.dueSoonUntil());
        var filters = saved.of(v.actor());
        var users = assignees.active();
        Future.all(list, counts, filters, users).onFailure(ctx::fail).onSuccess(all -> {
            String next = list.result().next() == null ? null : nextHref(q, sort, list.result().next());
            ConsolePages.send(ctx, page.render(v, q, new CaseListPage.Shown(list.result(), counts.result(),
                    filters.result(), users.result(), sort), next, shownNotice));
        });
    }

    /** The filter of a list query (also the "all N matching" of a batch); {@code from} as already bounded. */
    Filter filter(MultiMap q, String viewer, Instant from, String search) {
        return new Filter(
                oneOf(q.get("status"), statuses()),
                oneOf(q.get("channel"), Set.copyOf(CaseListPage.CHANNELS)),
                ComplaintKind.parse(q.get("kind")).map(ComplaintKind::code).orElse(null),
                Urgency.parse(q.get("urgency")).map(Urgency::code).orElse(null),
                oneOf(q.get("sla"), Set.copyOf(CaseListPage.SLA_STATES)),
                blankToNull(q.get("assignee")),
                blankToNull(q.get("respondent")),
                from,
                day(q.get("to"), 1),
                CaseSearch.parse(search),
                oneOf(q.get("queue"), Set.copyOf(ConsoleCaseQueries.QUEUES)),
                viewer,
                formats.now().plus(dueSoon));
    }

    /** The same filter as the list shows for {@code q} (for a batch over "all N matching"). */
    Filter filterOf(MultiMap q, String viewer) {
        String search = blankToNull(q.get("q"));
        Instant from = day(q.get("from"), 0);
        if (search != null && search.codePointCount(0, search.length()) < 3 && from == null) {
            from = formats.now().minus(SHORT_SEARCH_WINDOW);
        }
        return filter(q, viewer, from, search);
    }

    /** The chosen order; the queues of deadlines put the most urgent first, so a 特急 case near its end leads. */
    private static Sort sort(MultiMap q, String queue) {
        return Sort.parse(q.get("sort")).orElse("due-soon".equals(queue) || "overdue".equals(queue)
                ? Sort.URGENCY : Sort.ARRIVAL);
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
        queries.row(reference, Viewer.of(ctx).actor()).onFailure(ctx::fail).onSuccess(found -> ConsolePages.redirect(ctx, found.isPresent()
                ? "/desk/cases/" + reference : "/desk/cases?q=" + encoded(typed)));
    }

    private static String encoded(String s) {
        return java.net.URLEncoder.encode(s, java.nio.charset.StandardCharsets.UTF_8);
    }

    /** {@code GET /desk/cases/{reference}/row}: one row, for a live update. */
    void row(RoutingContext ctx) {
        Viewer v = Viewer.of(ctx);
        String reference = CaseReference.parse(ctx.pathParam("reference")).toString();
        queries.row(reference, v.actor()).onFailure(ctx::fail).onSuccess(found -> {
            if (found.isEmpty()) {
                ctx.fail(ConsoleProblem.notFound());
                return;
            }
            ConsolePages.send(ctx, page.row(v.t(), found.get()));
        });
    }

    /** {@code POST /desk/filters}: the current list's query saved under a name (same name: replaced). */
    void saveFilter(RoutingContext ctx) {
        Viewer v = Viewer.of(ctx);
        String name = blankToNull(ctx.request().getFormAttribute("name"));
        String query = ctx.request().getFormAttribute("query");
        if (name == null || name.length() > 60 || query == null || query.length() > 2000) {
            ctx.fail(ConsoleProblem.badRequest(v.t().get("filters.invalid")));
            return;
        }
        String clean = query.replaceAll("(^|&)cursor=[^&]*", "").replaceAll("^&", "");
        saved.save(v.actor(), name, clean, formats.now()).onFailure(ctx::fail)
                .onSuccess(x -> ConsolePages.redirect(ctx, "/desk/cases" + (clean.isEmpty() ? "" : "?" + clean)));
    }

    /** {@code POST /desk/filters/{id}/delete}: one of the user's own saved filters. */
    void deleteFilter(RoutingContext ctx) {
        long id;
        try {
            id = Long.parseLong(ctx.pathParam("id"));
        } catch (NumberFormatException e) {
            ctx.fail(ConsoleProblem.notFound());
            return;
        }
        saved.delete(Viewer.of(ctx).actor(), id).onFailure(ctx::fail)
                .onSuccess(x -> ConsolePages.redirect(ctx, "/desk/cases"));
    }

    private static Set<String> statuses() {
        return java.util.Arrays.stream(CaseStatus.values()).map(CaseStatus::code).collect(java.util.stream.Collectors.toSet());
    }

    private static String nextHref(MultiMap q, Sort sort, Cursor next) {
        StringBuilder href = new StringBuilder("/desk/cases?");
        q.forEach(e -> {
            if (!e.getKey().equals("cursor") && !e.getValue().isBlank()) {
                href.append(Html.url(e.getKey())).append('=').append(Html.url(e.getValue())).append('&');
            }
        });
        if (sort != Sort.ARRIVAL) {
            return href.append("cursor=o").append(next.offset()).toString();
        }
        return href.append("cursor=").append(next.receivedAt().getEpochSecond()).append('.')
                .append(next.receivedAt().getNano()).append('.').append(next.id()).toString();
    }

    private static Cursor cursor(String value) {
        if (value == null) {
            return null;
        }
        try {
            if (value.startsWith("o")) {
                return new Cursor(null, 0, Math.max(0, Integer.parseInt(value.substring(1))));
            }
            String[] parts = value.split("\\.");
            if (parts.length == 3) {
                return new Cursor(Instant.ofEpochSecond(Long.parseLong(parts[0]), Long.parseLong(parts[1])),
                        Long.parseLong(parts[2]), 0);
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
