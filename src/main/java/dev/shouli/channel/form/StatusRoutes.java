package dev.shouli.channel.form;

import dev.shouli.channel.form.FormReader.Problem;
import dev.shouli.channel.form.StatusLookup.Query;
import dev.shouli.channel.form.StatusLookup.View;
import dev.shouli.channel.form.StatusStore.Note;
import dev.shouli.core.cases.CitizenView;
import dev.shouli.core.config.CoreConfig;
import dev.shouli.core.db.RateLimitStore;
import dev.shouli.core.db.SqlErrors;
import dev.shouli.core.http.HttpProblem;
import dev.shouli.core.http.Routes;
import dev.shouli.core.intake.PhoneNumbers;
import dev.shouli.core.sla.SlaConfig;
import io.vertx.core.Future;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The citizen status page, {@code GET/POST /status} (HTML), and its JSON twin {@code POST /api/v1/status}
 * ({@code {"reference": "...", "contact": "8000"}}). Both are POSTs so the contact never appears in a URL,
 * a browser history or an access log. Once the case is resolved and its 回访 question is open, the answer
 * carries a fresh single-use link to answer it: for a case without a contact we can send to, the status page
 * is the only place the question is asked.
 */
public final class StatusRoutes implements Routes {

    /** Cases still being worked on, which take what the person adds. */
    private static final Set<String> OPEN = Set.of("new", "acknowledged", "in_progress");

    private static final Logger LOG = LoggerFactory.getLogger(StatusRoutes.class);
    private static final long BODY_LIMIT = 8 * 1024;

    private final StatusLookup lookup;
    private final StatusPage page;
    private final ZoneId zone;
    private final Clock clock;
    private final String defaultLanguage;
    private final String clientAddressHeader;
    private final int retryAfterSeconds;
    private final ResultPages pages;
    private final Supplier<List<CitizenView>> views;
    private final ProofToken proofs;

    /** @param views what features add to the view of a case whose contact was proven */
    StatusRoutes(StatusConfig status, FormConfig form, CoreConfig core, SlaConfig sla, StatusStore store,
                 RateLimitStore limits, PhoneNumbers phones, Supplier<List<CitizenView>> views, ProofToken proofs,
                 Clock clock) {
        this.proofs = proofs;
        this.lookup = new StatusLookup(store, limits, status, phones);
        this.zone = core.intake().timeZone();
        this.page = new StatusPage(zone);
        this.clock = clock;
        this.defaultLanguage = form.defaultLanguage();
        this.clientAddressHeader = status.clientAddressHeader();
        this.retryAfterSeconds = core.http().retryAfterSeconds();
        this.pages = new ResultPages(sla);
        this.views = views;
    }

    @Override
    public void register(Router router) {
        router.get("/status").handler(this::show);
        router.post("/status").handler(BodyHandler.create(false).setBodyLimit(BODY_LIMIT)).handler(this::ask)
                .failureHandler(this::failure);
        router.post("/api/v1/status").consumes("application/json")
                .handler(BodyHandler.create(false).setBodyLimit(BODY_LIMIT)).handler(this::askJson);
    }

    private void show(RoutingContext ctx) {
        FormLanguage language = language(ctx);
        ctx.response().putHeader("Vary", "Accept-Language");
        FormRoutes.send(ctx, 200, page.question(language, ctx.queryParams().get("reference"), null, Map.of(), null));
    }

    private void ask(RoutingContext ctx) {
        FormLanguage language = language(ctx);
        String reference = ctx.request().getFormAttribute("reference");
        String contact = ctx.request().getFormAttribute("contact");
        Query query = lookup.parse(reference, contact);
        if (!query.valid()) {
            FormRoutes.send(ctx, 422, page.question(language, reference, contact, query.errors(), null));
            return;
        }
        lookup.lookup(query, client(ctx), clock.instant()).onSuccess(answer -> {
            if (answer.limited()) {
                ctx.response().putHeader("Retry-After", String.valueOf(answer.retryAfterSeconds()));
                FormRoutes.send(ctx, 429, page.question(language, reference, contact, Map.of(),
                        new Problem("status.tooMany.body", ResultPages.duration(Messages.of(language),
                                java.time.Duration.ofSeconds(roundUpToMinutes(answer.retryAfterSeconds()))))));
            } else if (answer.view() == null) {
                FormRoutes.send(ctx, 404, page.question(language, reference, contact, Map.of(),
                        new Problem("status.notFound")));
            } else {
                extras(answer.view()).onSuccess(extras -> FormRoutes.send(ctx, 200, page.answer(language,
                        answer.view(), extras, proofFor(answer.view())))).onFailure(ctx::fail);
            }
        }).onFailure(ctx::fail);
    }

    /** The database away: a page in the reader's language instead of problem+json. */
    private void failure(RoutingContext ctx) {
        if (ctx.response().headWritten() || ctx.failure() == null || !SqlErrors.isUnavailable(ctx.failure())) {
            ctx.next();
            return;
        }
        LOG.warn("status lookup refused, database unavailable: {}", ctx.failure().toString());
        ctx.response().putHeader("Retry-After", String.valueOf(retryAfterSeconds));
        FormRoutes.send(ctx, 503, pages.message(language(ctx), "unavailable.title", "unavailable.body", "back.form",
                retryAfterSeconds));
    }

    private void askJson(RoutingContext ctx) {
        JsonObject body;
        try {
            body = ctx.body().asJsonObject();
        } catch (DecodeException | ClassCastException e) {
            throw HttpProblem.badRequest("the body must be a JSON object {\"reference\": …, \"contact\": …}");
        }
        if (body == null) {
            throw HttpProblem.badRequest("the body must be a JSON object {\"reference\": …, \"contact\": …}");
        }
        Query query = lookup.parse(string(body, "reference"), string(body, "contact"));
        if (!query.valid()) {
            JsonArray errors = new JsonArray();
            query.errors().forEach((field, problem) -> errors.add(new JsonObject().put("field", field)
                    .put("message", Messages.of(FormLanguage.EN).get(problem.key(), problem.args()))));
            throw HttpProblem.invalidFields(errors);
        }
        lookup.lookup(query, client(ctx), clock.instant()).onSuccess(answer -> {
            if (answer.limited()) {
                ctx.fail(new HttpProblem(429, "too-many-requests", "Too many requests",
                        "too many status lookups for this client or reference; retry after "
                                + answer.retryAfterSeconds() + " seconds")
                        .withHeader("Retry-After", String.valueOf(answer.retryAfterSeconds())));
            } else if (answer.view() == null) {
                ctx.fail(HttpProblem.notFound("no case matches this reference and contact"));
            } else {
                extras(answer.view()).onSuccess(extras -> ctx.response()
                        .putHeader("Content-Type", "application/json").putHeader("Cache-Control", "no-store")
                        .end(json(answer.view()).put("surveyLink", null).mergeIn(extras).encode()))
                        .onFailure(ctx::fail);
            }
        }).onFailure(ctx::fail);
    }

    /**
     * What features add for the person who has just proven the case is theirs, e.g. {@code surveyLink}: a new
     * link to the case's open 回访 question.
     */
    private Future<JsonObject> extras(View v) {
        List<Future<JsonObject>> parts = views.get().stream().map(view -> view.forCase(v.c().id(), v.c().status()))
                .toList();
        return Future.all(parts).map(done -> {
            JsonObject all = new JsonObject();
            parts.forEach(part -> all.mergeIn(part.result()));
            return all;
        });
    }

    /** A proof for adding to the case, while it is being worked on (a finished case takes no additions). */
    private String proofFor(View v) {
        return OPEN.contains(v.c().status()) ? proofs.issue(v.c().reference(), clock.instant()) : null;
    }

    /** The JSON answer: the same facts as the page, times with the offset of intake.timeZone. */
    private JsonObject json(View v) {
        var c = v.c();
        JsonObject out = new JsonObject()
                .put("reference", c.reference())
                .put("kind", c.kind())
                .put("status", c.status())
                .put("receivedAt", time(c.receivedAt()))
                .put("respondent", c.organisation() == null && c.branch() == null ? null
                        : new JsonObject().put("organisation", c.organisation()).put("branch", c.branch()))
                .put("subject", c.confidential() ? null : c.subject())
                .put("waitingForYou", v.waiting())
                .put("nextDeadline", v.next() == null ? null : new JsonObject()
                        .put("kind", v.next().kind())
                        .put("dueAt", time(v.next().dueAt()))
                        .put("state", v.next().state()));
        JsonArray notes = new JsonArray();
        for (Note n : v.notes()) {
            notes.add(new JsonObject().put("at", time(n.at())).put("text", n.text()));
        }
        out.put("publicNotes", notes);
        out.put("result", v.result() == null ? null
                : new JsonObject().put("at", time(v.result().at())).put("text", v.result().text()));
        return out;
    }

    private String time(Instant at) {
        return at == null ? null : at.atZone(zone).toOffsetDateTime().toString();
    }

    /**
     * Who is asking, for the per-client limit: the proxy's header when configured (its last entry, the one our
     * proxy added), else the peer. IPv6 clients count per /64, which one household or phone can change within.
     */
    private String client(RoutingContext ctx) {
        String address = null;
        if (clientAddressHeader != null) {
            String header = ctx.request().getHeader(clientAddressHeader);
            if (header != null && !header.isBlank()) {
                String[] entries = header.split(",");
                address = entries[entries.length - 1].strip();
            }
        }
        if (address == null && ctx.request().remoteAddress() != null) {
            address = ctx.request().remoteAddress().hostAddress();
        }
        if (address == null) {
            return "unknown";
        }
        String literal = address.replaceAll("^\\[|]$", "");
        // Only an IPv6 literal is parsed (never a name: that would be a DNS lookup on the event loop).
        if (literal.contains(":") && literal.matches("[0-9A-Fa-f:.]+")) {
            try {
                byte[] bytes = InetAddress.getByName(literal).getAddress();
                if (bytes.length == 16) {
                    return java.util.HexFormat.of().formatHex(bytes, 0, 8) + "::/64";
                }
            } catch (UnknownHostException e) {
                // not a valid literal: counted as written
            }
        }
        return address;
    }

    private static long roundUpToMinutes(long seconds) {
        return Math.max(60, (seconds + 59) / 60 * 60);
    }

    private static String string(JsonObject body, String field) {
        Object v = body.getValue(field);
        return v instanceof String s ? s : v == null ? null : String.valueOf(v);
    }

    private FormLanguage language(RoutingContext ctx) {
        return FormLanguage.choose(ctx.queryParams().get("lang"), ctx.request().getHeader("Accept-Language"),
                defaultLanguage);
    }
}
