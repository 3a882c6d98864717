package dev.shouli.feature.desk;

import dev.shouli.core.cases.CaseQueries.CaseFilter;
import dev.shouli.core.cases.CaseQueries;
import dev.shouli.core.cases.CaseSearch;
import dev.shouli.core.domain.Masking;
import dev.shouli.core.config.CoreConfig.DeskConfig;
import dev.shouli.core.domain.CaseReference;
import dev.shouli.core.domain.CaseStatus;
import dev.shouli.core.domain.ComplaintKind;
import dev.shouli.core.domain.IntakeOutcome;
import dev.shouli.core.http.DeskAuth;
import dev.shouli.core.http.HttpProblem;
import dev.shouli.core.http.Routes;
import dev.shouli.core.outbox.OutboxStore;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;

/** The desk API's read side: case list and detail, attachment download, submissions for operators. */
public final class DeskRoutes implements Routes {

    /** The longest search text: a reference, a phone, an address or a few words, never a document. */
    private static final int MAX_QUERY = 200;

    private final CaseQueries queries;
    private final OutboxStore outbox;
    private final Clock clock;
    private final DeskConfig config;

    public DeskRoutes(CaseQueries queries, OutboxStore outbox, Clock clock, DeskConfig config) {
        this.queries = queries;
        this.outbox = outbox;
        this.clock = clock;
        this.config = config;
    }

    @Override
    public void register(Router router) {
        DeskAuth auth = new DeskAuth(config.tokens());
        router.get("/api/v1/cases").handler(auth).handler(this::list);
        router.get("/api/v1/cases/:reference").handler(auth).handler(this::detail);
        router.get("/api/v1/cases/:reference/attachments/:id").handler(auth).handler(this::attachment);
        router.get("/api/v1/submissions").handler(auth).handler(this::submissions);
        router.get("/api/v1/submissions/:id").handler(auth).handler(this::submission);
        router.get("/api/v1/outbox").handler(auth).handler(this::outboxItems);
        router.post("/api/v1/outbox/:id/retry").handler(auth).handler(this::retryOutboxItem);
    }

    private void outboxItems(RoutingContext ctx) {
        String status = ctx.queryParams().get("status");
        if (status != null && !List.of("pending", "sending", "sent", "failed", "dead", "unsent", "in-doubt")
                .contains(status)) {
            throw HttpProblem.badRequest("status must be one of pending, sending, sent, failed, dead, unsent, in-doubt");
        }
        String before = ctx.queryParams().get("before");
        int limit = limit(ctx);
        outbox.list(status, before == null ? null : longParam(before, "before"), limit)
                .onSuccess(items -> json(ctx, new JsonObject()
                        .put("items", new JsonArray(items))
                        .put("nextBefore", items.size() == limit ? items.get(items.size() - 1).getLong("id") : null)))
                .onFailure(ctx::fail);
    }

    private void retryOutboxItem(RoutingContext ctx) {
        long id = longParam(ctx.pathParam("id"), "outbox item");
        outbox.retry(id, clock.instant())
                .map(retried -> {
                    if (!retried) {
                        throw new HttpProblem(409, "not-retryable", "Not retryable",
                                "outbox item " + id + " does not exist or is not dead, failed, unsent or in doubt");
                    }
                    return retried;
                })
                .onSuccess(ok -> json(ctx, new JsonObject().put("id", id).put("status", "pending")))
                .onFailure(ctx::fail);
    }

    private void list(RoutingContext ctx) {
        if (ctx.queryParams().contains("updatedSince") || ChangesCursor.isOne(ctx.queryParams().get("cursor"))) {
            changes(ctx);
            return;
        }
        String status = ctx.queryParams().get("status");
        if (status != null && CaseStatus.parse(status).isEmpty()) {
            throw HttpProblem.badRequest("status must be one of "
                    + Arrays.stream(CaseStatus.values()).map(CaseStatus::code).toList());
        }
        String kind = ctx.queryParams().get("kind");
        if (kind != null && ComplaintKind.parse(kind).isEmpty()) {
            throw HttpProblem.badRequest("kind must be one of "
                    + Arrays.stream(ComplaintKind.values()).map(ComplaintKind::code).toList());
        }
        String q = ctx.queryParams().get("q");
        if (q != null && q.length() > MAX_QUERY) {
            throw HttpProblem.badRequest("q may be at most " + MAX_QUERY + " characters");
        }
        CaseFilter filter = new CaseFilter(status, ctx.queryParams().get("channel"),
                kind == null ? null : ComplaintKind.parse(kind).get().code(),
                time(ctx, "receivedSince"), time(ctx, "receivedUntil"), CaseSearch.parse(q));
        String cursor = ctx.queryParams().get("cursor");
        queries.list(filter, cursor == null ? null : CursorCodec.decode(cursor), limit(ctx))
                .onSuccess(page -> {
                    JsonArray items = new JsonArray();
                    page.items().forEach(c -> items.add(masked(c)));
                    json(ctx, new JsonObject()
                            .put("items", items)
                            .put("nextCursor", page.next() == null ? null : CursorCodec.encode(page.next())));
                })
                .onFailure(ctx::fail);
    }

    /** The changes feed for pull integrations: every case changed since a time, in change order. */
    private void changes(RoutingContext ctx) {
        String cursor = ctx.queryParams().get("cursor");
        Instant since = time(ctx, "updatedSince");
        queries.changes(since, cursor == null ? null : ChangesCursor.decode(cursor), limit(ctx))
                .onSuccess(page -> {
                    JsonArray items = new JsonArray();
                    page.items().forEach(c -> items.add(masked(c)));
                    json(ctx, new JsonObject()
                            .put("items", items)
                            .put("nextCursor", ChangesCursor.encode(page.next()))
                            .put("hasMore", page.more()));
                })
                .onFailure(ctx::fail);
    }

    private void detail(RoutingContext ctx) {
        String reference = CaseReference.parse(ctx.pathParam("reference")).toString();
        queries.byReference(reference)
                .map(found -> found.orElseThrow(() -> unknownCase(reference)))
                .onSuccess(found -> json(ctx, masked(found)))
                .onFailure(ctx::fail);
    }

    private void attachment(RoutingContext ctx) {
        String reference = CaseReference.parse(ctx.pathParam("reference")).toString();
        long id = longParam(ctx.pathParam("id"), "attachment id");
        queries.attachment(reference, id)
                .map(found -> found.orElseThrow(() -> HttpProblem.notFound(
                        "case " + reference + " has no attachment " + id)))
                .onSuccess(a -> {
                    // Evidence is never rendered by the browser: always a download, never sniffed, no scripts.
                    ctx.response()
                            .putHeader("Content-Type", safeContentType(a.contentType()))
                            .putHeader("Content-Disposition", contentDisposition(a.name()))
                            .putHeader("X-Content-Type-Options", "nosniff")
                            .putHeader("Content-Security-Policy", "default-src 'none'; sandbox")
                            .putHeader("Cache-Control", "private, no-store")
                            .end(Buffer.buffer(a.content()));
                })
                .onFailure(ctx::fail);
    }

    private void submissions(RoutingContext ctx) {
        String outcome = ctx.queryParams().get("outcome");
        if (outcome != null && Arrays.stream(IntakeOutcome.values()).noneMatch(o -> o.code().equals(outcome))) {
            throw HttpProblem.badRequest("outcome must be one of "
                    + Arrays.stream(IntakeOutcome.values()).map(IntakeOutcome::code).toList());
        }
        String before = ctx.queryParams().get("before");
        int limit = limit(ctx);
        queries.submissions(outcome, ctx.queryParams().get("channel"),
                        before == null ? null : longParam(before, "before"), limit)
                .onSuccess(items -> json(ctx, new JsonObject()
                        .put("items", new JsonArray(items))
                        .put("nextBefore", items.size() == limit ? items.get(items.size() - 1).getLong("id") : null)))
                .onFailure(ctx::fail);
    }

    private void submission(RoutingContext ctx) {
        long id = longParam(ctx.pathParam("id"), "submission id");
        queries.submission(id)
                .map(found -> found.orElseThrow(() -> HttpProblem.notFound("no submission " + id)))
                .onSuccess(found -> json(ctx, found))
                .onFailure(ctx::fail);
    }

    private static JsonObject masked(JsonObject c) {
        return c.put("complainant", Masking.complainant(c.getJsonObject("complainant")));
    }

    private int limit(RoutingContext ctx) {
        String value = ctx.queryParams().get("limit");
        if (value == null) {
            return config.defaultPageSize();
        }
        try {
            int limit = Integer.parseInt(value);
            if (limit >= 1 && limit <= config.maxPageSize()) {
                return limit;
            }
        } catch (NumberFormatException ignored) {
            // answered below
        }
        throw HttpProblem.badRequest("limit must be a whole number from 1 to " + config.maxPageSize());
    }

    private static Instant time(RoutingContext ctx, String name) {
        String value = ctx.queryParams().get(name);
        if (value == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            throw HttpProblem.badRequest(name + " must be an ISO-8601 date-time with offset, e.g. "
                    + "2026-11-25T00:00:00+08:00");
        }
    }

    private static long longParam(String value, String what) {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw HttpProblem.notFound(what + " '" + value + "' does not exist");
        }
    }

    private static HttpProblem unknownCase(String reference) {
        return HttpProblem.notFound("no case with reference " + reference);
    }

    /** Only plain data types keep their type; anything a browser might execute becomes a byte stream. */
    private static String safeContentType(String type) {
        String t = type == null ? "" : type.toLowerCase(java.util.Locale.ROOT);
        return t.startsWith("image/") && !t.contains("svg") || t.equals("application/pdf") || t.equals("text/plain")
                ? type : "application/octet-stream";
    }

    /** RFC 6266 with an ASCII fallback and the UTF-8 name (Chinese file names survive). */
    public static String contentDisposition(String name) {
        String ascii = name.replaceAll("[^\\x20-\\x7E]", "_").replace("\"", "_").replace("\\", "_");
        String encoded = URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20");
        return "attachment; filename=\"" + ascii + "\"; filename*=UTF-8''" + encoded;
    }

    private static void json(RoutingContext ctx, JsonObject body) {
        ctx.response().putHeader("Content-Type", "application/json").end(body.encode());
    }
}
