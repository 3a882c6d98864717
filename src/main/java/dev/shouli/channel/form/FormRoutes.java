package dev.shouli.channel.form;

import dev.shouli.channel.IntakeRoutes;
import dev.shouli.channel.form.FormReader.Problem;
import dev.shouli.channel.form.FormStore.Receipt;
import dev.shouli.core.config.CoreConfig.IntakeConfig;
import dev.shouli.core.config.CoreConfig;
import dev.shouli.core.db.SqlErrors;
import dev.shouli.core.domain.AttachmentDraft;
import dev.shouli.core.domain.ComplaintDraft;
import dev.shouli.core.domain.Hashes;
import dev.shouli.core.domain.IntakeOutcome;
import dev.shouli.core.domain.KeyReusedException;
import dev.shouli.core.domain.Submission;
import dev.shouli.core.http.BrowserPages;
import dev.shouli.core.http.ClientLimiter;
import dev.shouli.core.http.HttpProblem;
import dev.shouli.core.http.Routes;
import dev.shouli.core.intake.IntakeResult;
import dev.shouli.core.intake.IntakeService;
import dev.shouli.core.intake.PhoneNumbers;
import dev.shouli.core.intake.ReceiptNotice;
import dev.shouli.core.outbox.NoticeDelivery;
import dev.shouli.core.sla.SlaConfig;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.ext.web.FileUpload;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The web form channel: {@code GET /} renders the form, {@code POST /form} takes it in. Answers are HTML
 * pages in the reader's language, not problem+json: a person reads them in a browser without JavaScript.
 *
 * <p>Order of checks on a post: anti-forgery token and double-submit cookie (403), attachment limits (413),
 * honeypot (suppressed, neutral thanks), field validation and file types (422), then intake. Every refusal a
 * person can fix shows the form again with everything typed and the files held ({@link FormEvidence}). A
 * success answers 303 to the receipt's own address (POST/redirect/GET). The token's nonce is the redelivery
 * key, so a double click makes one case and leads to one receipt.
 */
public final class FormRoutes implements Routes {

    private static final Logger LOG = LoggerFactory.getLogger(FormRoutes.class);

    static final String COOKIE = "shouli_form";
    private static final List<String> CONTENT_TYPES = List.of("application/x-www-form-urlencoded", "multipart/form-data");

    private final IntakeService intake;
    private final Clock clock;
    private final FormConfig form;
    private final IntakeConfig limits;
    private final String uploadsDirectory;
    private final int retryAfterSeconds;
    /** The longest form field the server decodes (HttpVerticle): the HTTP body limit. */
    private final long fieldLimitBytes;
    private final FormToken tokens;
    private final FormReader reader;
    private final FormPage formPage;
    private final ResultPages pages;
    private final FormStore store;
    private final FormEvidence evidence;
    /** Whether receipts by mail and by SMS go out, so the receipt page promises only what is sent. */
    private final NoticeDelivery delivery;
    private final ClientLimiter limiter;

    /**
     * @param key     the HMAC key for form tokens, the same for every gateway instance
     * @param limiter the per-client limit of posts (anyone can post the form)
     */
    FormRoutes(IntakeService intake, FormConfig form, CoreConfig core, SlaConfig sla, NoticeDelivery delivery,
               PhoneNumbers phones, Clock clock, byte[] key, FormStore store, ClientLimiter limiter) {
        this.limiter = limiter;
        this.intake = intake;
        this.clock = clock;
        this.form = form;
        this.limits = core.intake();
        this.uploadsDirectory = core.dataDir().resolve("uploads").toString();
        this.retryAfterSeconds = core.http().retryAfterSeconds();
        this.fieldLimitBytes = core.http().bodyLimitBytes();
        this.tokens = new FormToken(key, form.tokenTtl());
        this.reader = new FormReader(phones, limits.timeZone());
        this.formPage = new FormPage(limits.maxAttachments(), limits.maxAttachmentBytes());
        this.pages = new ResultPages(sla);
        this.store = store;
        this.evidence = new FormEvidence(store, limits, form.tokenTtl());
        this.delivery = delivery;
    }

    @Override
    public void register(Router router) {
        router.get("/").handler(this::show);
        // Routes of their own: Vert.x Web wants the body handler first on the route that takes the body. The limit
        // comes before it, so a client over its limit never has its body read.
        router.post("/form").handler(this::limit);
        router.post("/form").handler(new CutOffBodyCheck());
        // The address bar after a post, a bookmark or a restored tab: the form, not a 405.
        router.get("/form").handler(this::toForm);
        router.get("/form/receipt/:token").handler(this::receipt);
        router.post("/form")
                .handler(BodyHandler.create()
                        .setUploadsDirectory(uploadsDirectory)
                        .setDeleteUploadedFilesOnEnd(true)
                        // Up to twice the upload limit is read, so a post that is too large still brings what
                        // was typed and the form can be shown again with it; beyond that, a plain 413 page.
                        .setBodyLimit(2 * limits.maxUploadBytes()))
                .handler(this::submit)
                .failureHandler(this::failure);
    }

    /** The HTML 404/405 pages for browsers, in the language they ask for. */
    static BrowserPages browserPages(FormConfig form, SlaConfig sla) {
        ResultPages pages = new ResultPages(sla);
        return (ctx, status) -> send(ctx, status, pages.notFound(FormLanguage.choose(ctx.queryParams().get("lang"),
                ctx.request().getHeader("Accept-Language"), form.defaultLanguage()), status == 405));
    }

    private void show(RoutingContext ctx) {
        FormLanguage language = language(ctx);
        String cookie = cookie(ctx).orElseGet(FormToken::randomValue);
        ctx.response().putHeader("Vary", "Accept-Language");
        send(ctx, 200, freshForm(ctx, language, FormPage.View.empty(), cookie));
    }

    private void toForm(RoutingContext ctx) {
        String lang = FormLanguage.ofTag(ctx.queryParams().get("lang")).map(l -> "?lang=" + l.tag()).orElse("");
        ctx.response().setStatusCode(303).putHeader("Location", "/" + lang).putHeader("Cache-Control", "no-store")
                .end();
    }

    /** GET /form/receipt/{token}: the receipt a post was redirected to; the same page on every reload. */
    private void receipt(RoutingContext ctx) {
        String token = ctx.pathParam("token");
        if (!FormToken.isWellFormedCookie(token)) {
            send(ctx, 404, pages.notFound(language(ctx), false));
            return;
        }
        store.receiptByToken(token).onSuccess(found -> {
            if (found.isEmpty()) {
                send(ctx, 404, pages.notFound(language(ctx), false));
                return;
            }
            FormLanguage language = FormLanguage.choose(ctx.queryParams().get("lang"), null, found.get().language());
            // The address is the key to the page: never indexed, never sent on as a Referer (no-referrer).
            ctx.response().putHeader("X-Robots-Tag", "noindex, nofollow");
            send(ctx, 200, pages.receipt(language, found.get()));
        }).onFailure(ctx::fail);
    }

    /** A client over its limit of posts gets a page saying when to try again; nothing is read or stored. */
    private void limit(RoutingContext ctx) {
        Optional<HttpProblem> limited = limiter.anonymous(ctx, "/form");
        if (limited.isEmpty()) {
            ctx.next();
            return;
        }
        String retryAfter = limited.get().headers().get("Retry-After");
        ctx.response().putHeader("Retry-After", retryAfter).putHeader("Connection", "close");
        send(ctx, 429, pages.message(language(ctx), "tooMany.title", "tooMany.body", "back.form", retryAfter));
    }

    private void submit(RoutingContext ctx) {
        ctx.put(CutOffBodyCheck.BODY_READ, true);
        FormLanguage language = language(ctx);
        Instant receivedAt = clock.instant();
        String contentType = ctx.request().getHeader("Content-Type");
        if (!CONTENT_TYPES.contains(mediaType(contentType))) {
            ctx.fail(HttpProblem.unsupportedMediaType("send the form as " + String.join(" or ", CONTENT_TYPES)));
            return;
        }
        FormInput input = FormInput.of(ctx.request().formAttributes());
        Optional<String> cookie = cookie(ctx);
        FormToken.Verdict verdict = tokens.check(input.one(FormInput.TOKEN), cookie.orElse(null),
                input.one(FormInput.CSRF), receivedAt);
        List<FileUpload> uploads = Uploads.chosen(ctx.fileUploads());
        if (!verdict.valid()) {
            LOG.debug("form post refused: token missing, expired, forged, or cookie mismatch");
            refuse(ctx, language, input, uploads, verdict, cookie);
            return;
        }
        String nonce = verdict.nonce();
        evidence.of(ctx.vertx().fileSystem(), input, uploads, cookie.get(), receivedAt).onSuccess(files -> {
            Submission submission = submission(ctx, nonce, receivedAt, contentType, input, files.attachments());
            if (input.one(FormInput.HONEYPOT) != null) {
                suppress(ctx, language, submission);
            } else {
                take(ctx, language, input, files, submission, cookie.get(), nonce);
            }
        }).onFailure(ctx::fail);
    }

    /** A bot filled the hidden field: kept for operators, told nothing it could learn from. */
    private void suppress(RoutingContext ctx, FormLanguage language, Submission submission) {
        intake.record(submission, IntakeOutcome.SUPPRESSED, "honeypot field filled in", null)
                .onSuccess(result -> send(ctx, 200, pages.message(language, "thanks.title", "thanks.body",
                        "receipt.another")))
                .onFailure(ctx::fail);
    }

    private void take(RoutingContext ctx, FormLanguage language, FormInput input, FormEvidence.Files files,
                      Submission submission, String cookie, String nonce) {
        FormReader.Result read = reader.read(input, files.attachments(), submission.receivedAt());
        if (!read.valid() || !files.problems().isEmpty()) {
            Map<String, Problem> errors = new LinkedHashMap<>(read.errors());
            errors.putAll(files.problems());
            // Kept as rejected without the nonce, so the corrected form can still be sent with it.
            Submission rejected = new Submission(submission.channel(), submission.transport(), null,
                    submission.receivedAt(), submission.contentType(), submission.headers(), submission.body());
            Problem notice = files.tooLarge() ? tooLargeNotice() : null;
            intake.record(rejected, IntakeOutcome.REJECTED, "invalid fields: " + errors.keySet(), null)
                    .compose(ignored -> evidence.hold(files, cookie, submission.receivedAt()))
                    .onSuccess(kept -> send(ctx, files.tooLarge() ? 413 : 422,
                            freshForm(ctx, language, new FormPage.View(input, errors, kept, notice), cookie)))
                    .onFailure(ctx::fail);
            return;
        }
        intake.submit(submission, read.draft())
                .onSuccess(result -> answer(ctx, language, result, nonce, read.draft()))
                .onFailure(failure -> {
                    if (failure instanceof KeyReusedException) {
                        alreadySent(ctx, language, nonce);
                    } else {
                        ctx.fail(failure);
                    }
                });
    }

    private void answer(RoutingContext ctx, FormLanguage language, IntakeResult result, String nonce,
                        ComplaintDraft draft) {
        if (result.reference() == null) {
            // Quarantined: stored and queued for a person, but there is no case number to give yet.
            send(ctx, 202, pages.message(language, "review.title", "review.body", "receipt.another"));
            return;
        }
        boolean created = result.outcome() == IntakeOutcome.CREATED;
        boolean acknowledged = delivery.canSend(draft.complainant().email() != null ? "email" : "sms",
                ReceiptNotice.PURPOSE);
        Receipt receipt = new Receipt(result.reference(), draft.kind(), !created, acknowledged, language.tag());
        String token = tokens.receiptToken(nonce);
        // POST/redirect/GET: the receipt has an address of its own, safe to reload and bookmark.
        store.saveReceipt(token, nonce, receipt, clock.instant())
                .onSuccess(v -> ctx.response().setStatusCode(303)
                        .putHeader("Location", receiptPath(token, language))
                        .putHeader("Cache-Control", "no-store")
                        .end())
                .onFailure(e -> {
                    // The case is committed: show its receipt here rather than an error.
                    LOG.warn("form receipt page not stored, receipt shown inline: {}", e.toString());
                    send(ctx, created && !result.redelivery() ? 201 : 200, pages.receipt(language, receipt));
                });
    }

    /** The same rendered form came back with other content (edited after Back): say what it became. */
    private void alreadySent(RoutingContext ctx, FormLanguage language, String nonce) {
        store.receiptByNonce(nonce)
                .onSuccess(found -> send(ctx, 409, pages.alreadySent(language, found.orElse(null),
                        receiptPath(tokens.receiptToken(nonce), language))))
                .onFailure(e -> send(ctx, 409, pages.alreadySent(language, null, null)));
    }

    private static String receiptPath(String token, FormLanguage language) {
        return "/form/receipt/" + token + "?lang=" + language.tag();
    }

    /**
     * A post whose token is not valid: the form again with everything typed and a fresh token. Files come
     * along only when the token is authentic and merely expired: then they are this browser's own.
     */
    private void refuse(RoutingContext ctx, FormLanguage language, FormInput input, List<FileUpload> uploads,
                        FormToken.Verdict verdict, Optional<String> cookie) {
        Messages m = Messages.of(language);
        String browser = cookie.orElseGet(FormToken::randomValue);
        if (!verdict.expired()) {
            Map<String, Problem> errors = new LinkedHashMap<>();
            if (!uploads.isEmpty() || !input.all(FormInput.KEPT).isEmpty()) {
                errors.put(FormInput.ATTACHMENTS, new Problem("notice.filesNotKept"));
            }
            send(ctx, 403, freshForm(ctx, language, new FormPage.View(input, errors, List.of(),
                    new Problem("notice.forbidden")), browser));
            return;
        }
        Problem notice = new Problem("notice.expired", ResultPages.duration(m, form.tokenTtl()));
        evidence.of(ctx.vertx().fileSystem(), input, uploads, browser, clock.instant())
                .compose(files -> evidence.hold(files, browser, clock.instant()).map(kept -> new FormPage.View(input,
                        files.problems(), kept, notice)))
                .onSuccess(view -> send(ctx, 403, freshForm(ctx, language, view, browser)))
                .onFailure(ctx::fail);
    }

    /**
     * Oversized bodies and an unavailable database get a page a person can act on; the rest is problem+json.
     * While the database is away the form is shown again with what was typed (files cannot be held then).
     */
    private void failure(RoutingContext ctx) {
        if (ctx.get(CutOffBodyCheck.CUT_OFF) != null && !(ctx.failure() instanceof HttpProblem)) {
            return; // the upload's copy to disk failing after the cut-off body was answered
        }
        if (ctx.response().headWritten()) {
            ctx.next();
            return;
        }
        FormLanguage language = language(ctx);
        int status = ctx.failure() instanceof HttpProblem p ? p.status() : ctx.statusCode();
        if (status == 400 && fieldTooLong(ctx.failure())) {
            // Too large, like a body over the limit on every other route: 413, kept as rejected with what was read.
            LOG.debug("form post refused: a field is longer than {} bytes", fieldLimitBytes);
            intake.record(unreadable(ctx), IntakeOutcome.REJECTED, "a form field is longer than " + fieldLimitBytes
                    + " bytes", null).onComplete(ignored -> send(ctx, 413, pages.message(language, "tooLong.title",
                    "tooLong.body", "back.form", ResultPages.size(fieldLimitBytes))));
        } else if (status == 413) {
            send(ctx, 413, pages.message(language, "tooLarge.title", "tooLarge.body", "back.form",
                    limits.maxAttachments(), ResultPages.size(limits.maxAttachmentBytes()),
                    ResultPages.size(limits.maxUploadBytes())));
        } else if (status == 400) {
            // A body that could not be read (cut off, a field over the limit, a broken encoding): kept as rejected
            // with whatever fields were read, and answered with a page a person can act on.
            String reason = ctx.failure() == null ? "the form body could not be read"
                    : "the form body could not be read: " + ctx.failure().getMessage();
            LOG.debug("form post refused: {}", reason);
            intake.record(unreadable(ctx), IntakeOutcome.REJECTED, reason, null)
                    .onComplete(ignored -> send(ctx, 400, pages.message(language, "unreadable.title",
                            "unreadable.body", "back.form")));
        } else if (ctx.failure() != null && SqlErrors.isUnavailable(ctx.failure())) {
            LOG.warn("form post refused, database unavailable: {}", ctx.failure().toString());
            ctx.response().putHeader("Retry-After", String.valueOf(retryAfterSeconds));
            FormInput input = FormInput.of(ctx.request().formAttributes());
            Map<String, Problem> errors = new LinkedHashMap<>();
            if (!Uploads.chosen(ctx.fileUploads()).isEmpty() || !input.all(FormInput.KEPT).isEmpty()) {
                errors.put(FormInput.ATTACHMENTS, new Problem("notice.filesNotKept"));
            }
            send(ctx, 503, freshForm(ctx, language, new FormPage.View(input, errors, List.of(),
                    new Problem("notice.unavailable", retryAfterSeconds)), cookie(ctx).orElseGet(FormToken::randomValue)));
        } else {
            ctx.next();
        }
    }

    /** Netty's form decoder refuses a field over the limit with this IOException and no other mark. */
    private static boolean fieldTooLong(Throwable failure) {
        return failure instanceof java.io.IOException e && e.getMessage() != null
                && e.getMessage().startsWith("Size exceed allowed maximum capacity");
    }

    private Problem tooLargeNotice() {
        return new Problem("tooLarge.notice", limits.maxAttachments(), ResultPages.size(limits.maxAttachmentBytes()),
                ResultPages.size(limits.maxUploadBytes()));
    }

    /**
     * The submission as stored. An urlencoded body is kept byte for byte. A multipart body is not available:
     * BodyHandler streams file parts to disk and never buffers the raw request. So the fields are stored
     * re-serialised as urlencoded, followed by one {@code attachment=} entry per file (name, type, size,
     * SHA-256); the bytes themselves are stored as attachment rows. The header {@code X-Shouli-Body} says so.
     * The reconstruction is deterministic, which also makes a double-posted multipart form (a new random
     * boundary each time) a byte-identical redelivery.
     */
    private static Submission submission(RoutingContext ctx, String nonce, Instant receivedAt, String contentType,
                                         FormInput input, List<AttachmentDraft> attachments) {
        return submission(ctx, "form", nonce, receivedAt, contentType, input, attachments);
    }

    /** As above, for a post of another channel this module serves (material added from the status page). */
    static Submission submission(RoutingContext ctx, String channel, String nonce, Instant receivedAt,
                                 String contentType, FormInput input, List<AttachmentDraft> attachments) {
        Map<String, String> headers = new LinkedHashMap<>(IntakeRoutes.storableHeaders(ctx.request()));
        byte[] body;
        if ("multipart/form-data".equals(mediaType(contentType))) {
            StringBuilder text = new StringBuilder(input.toUrlencoded());
            for (AttachmentDraft a : attachments) {
                FormInput file = FormInput.of(List.of(Map.entry("attachment", a.name() + "; type=" + a.contentType()
                        + "; size=" + a.size() + "; sha256=" + Hashes.sha256Hex(a.content()))));
                text.append(text.isEmpty() ? "" : "&").append(file.toUrlencoded());
            }
            body = text.toString().getBytes(StandardCharsets.UTF_8);
            headers.put("X-Shouli-Body", "reconstructed; application/x-www-form-urlencoded fields, then one "
                    + "attachment entry per file; file bytes are stored as attachments");
        } else {
            body = ctx.body().buffer() == null ? new byte[0] : ctx.body().buffer().getBytes();
        }
        return new Submission(channel, "http", nonce, receivedAt, contentType, headers, body);
    }

    /** What can be kept of a body that could not be read: the fields decoded before it broke off. */
    private Submission unreadable(RoutingContext ctx) {
        Map<String, String> headers = new LinkedHashMap<>(IntakeRoutes.storableHeaders(ctx.request()));
        headers.put("X-Shouli-Body", "incomplete; the application/x-www-form-urlencoded fields read before the "
                + "body could not be read further");
        FormInput read;
        try {
            read = FormInput.of(ctx.request().formAttributes());
        } catch (RuntimeException e) {
            read = FormInput.empty();
        }
        return new Submission("form", "http", null, clock.instant(), ctx.request().getHeader("Content-Type"), headers,
                read.toUrlencoded().getBytes(StandardCharsets.UTF_8));
    }

    /** A form with a new token; the browser's double-submit cookie is (re)set alongside it. */
    private String freshForm(RoutingContext ctx, FormLanguage language, FormPage.View view, String cookie) {
        ctx.response().addCookie(Cookie.cookie(COOKIE, cookie)
                .setPath("/")
                .setHttpOnly(true)
                .setSameSite(CookieSameSite.STRICT)
                .setSecure(ctx.request().isSSL())
                .setMaxAge(form.tokenTtl().toSeconds()));
        return formPage.render(language, view, tokens.issue(cookie, clock.instant()), cookie);
    }

    private static Optional<String> cookie(RoutingContext ctx) {
        Cookie c = ctx.request().getCookie(COOKIE);
        return c != null && FormToken.isWellFormedCookie(c.getValue()) ? Optional.of(c.getValue()) : Optional.empty();
    }

    private FormLanguage language(RoutingContext ctx) {
        return FormLanguage.choose(ctx.queryParams().get("lang"), ctx.request().getHeader("Accept-Language"),
                form.defaultLanguage());
    }

    /** Every page: UTF-8, never cached (forms carry a token), no framing, no scripts, no sniffing. */
    static void send(RoutingContext ctx, int status, String html) {
        ctx.response()
                .setStatusCode(status)
                .putHeader("Content-Type", "text/html; charset=utf-8")
                .putHeader("Cache-Control", "no-store")
                .putHeader("Content-Security-Policy", "default-src 'none'; style-src " + Html.CSS_HASH
                        + "; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'")
                .putHeader("X-Content-Type-Options", "nosniff")
                .putHeader("X-Frame-Options", "DENY")
                .putHeader("Referrer-Policy", "no-referrer")
                .end(html);
    }

    private static String mediaType(String contentType) {
        return contentType == null ? "" : contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
    }
}
