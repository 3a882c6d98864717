package dev.shouli.channel.form;

import dev.shouli.channel.form.FormReader.Problem;
import dev.shouli.core.config.CoreConfig.IntakeConfig;
import dev.shouli.core.domain.AttachmentDraft;
import dev.shouli.core.domain.ComplaintDraft;
import dev.shouli.core.domain.IntakeOutcome;
import dev.shouli.core.domain.KeyReusedException;
import dev.shouli.core.domain.Submission;
import dev.shouli.core.http.HttpProblem;
import dev.shouli.core.http.Routes;
import dev.shouli.core.intake.IntakeService;
import io.vertx.ext.web.FileUpload;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code POST /status/add}: text and files a person adds to their open case from the status page, after proving its
 * contact there (the {@link ProofToken} the page handed them). It becomes a follow-up on that case through the one
 * intake path ({@link StatusFollowUpMatcher}), with its evidence, and counts as new citizen input for the desk.
 * Double-posting it (a second click, a reload) is one follow-up: the token's nonce is its redelivery key.
 */
final class StatusAdditions implements Routes {

    static final String PATH = "/status/add";
    static final String TEXT = "text";
    static final String TOKEN = "proof";
    /** A follow-up is a few paragraphs, not a document (the form's own description allows more). */
    static final int MAX_TEXT = 5000;

    private final IntakeService intake;
    private final IntakeConfig limits;
    private final String uploadsDirectory;
    private final ProofToken proofs;
    private final StatusPage page;
    private final Clock clock;

    StatusAdditions(IntakeService intake, IntakeConfig limits, String uploadsDirectory, ProofToken proofs,
                    StatusPage page, Clock clock) {
        this.intake = intake;
        this.limits = limits;
        this.uploadsDirectory = uploadsDirectory;
        this.proofs = proofs;
        this.page = page;
        this.clock = clock;
    }

    @Override
    public void register(Router router) {
        router.post(PATH).handler(new CutOffBodyCheck());
        router.post(PATH)
                .handler(BodyHandler.create()
                        .setUploadsDirectory(uploadsDirectory)
                        .setDeleteUploadedFilesOnEnd(true)
                        .setBodyLimit(limits.maxUploadBytes()))
                .handler(this::add);
    }

    private void add(RoutingContext ctx) {
        ctx.put(CutOffBodyCheck.BODY_READ, true);
        FormLanguage language = FormLanguage.choose(ctx.queryParams().get("lang"),
                ctx.request().getHeader("Accept-Language"), FormLanguage.ZH_CN.tag());
        Instant now = clock.instant();
        FormInput input = FormInput.of(ctx.request().formAttributes());
        Optional<ProofToken.Proof> proof = proofs.verify(input.one(TOKEN), now);
        if (proof.isEmpty()) {
            FormRoutes.send(ctx, 403, page.additionRefused(language));
            return;
        }
        String reference = proof.get().reference();
        String text = input.one(TEXT) == null ? "" : input.one(TEXT).strip();
        List<FileUpload> uploads = Uploads.chosen(ctx.fileUploads());
        Uploads.Screened screened = Uploads.screen(uploads, List.of(), limits.maxAttachments(),
                limits.maxAttachmentBytes(), limits.maxUploadBytes());
        if (text.isEmpty() && uploads.isEmpty() || text.length() > MAX_TEXT || !screened.problems().isEmpty()) {
            Problem problem = text.length() > MAX_TEXT ? new Problem("status.add.tooLong", MAX_TEXT)
                    : !screened.problems().isEmpty() ? screened.problems().values().iterator().next()
                    : new Problem("status.add.empty");
            FormRoutes.send(ctx, 422, page.additionForm(language, reference, input.one(TOKEN), text, problem));
            return;
        }
        Uploads.read(ctx.vertx().fileSystem(), screened.accepted()).onSuccess(read -> {
            if (!read.problems().isEmpty()) {
                FormRoutes.send(ctx, 422, page.additionForm(language, reference, input.one(TOKEN), text,
                        read.problems().values().iterator().next()));
                return;
            }
            take(ctx, language, reference, proof.get().nonce(), input, text, read.files(), now);
        }).onFailure(ctx::fail);
    }

    private void take(RoutingContext ctx, FormLanguage language, String reference, String nonce, FormInput input,
                      String text, List<AttachmentDraft> files, Instant now) {
        Submission posted = FormRoutes.submission(ctx, StatusFollowUpMatcher.CHANNEL, "status:" + nonce, now,
                ctx.request().getHeader("Content-Type"), input.without(TOKEN), files);
        // Named by this route once the proof was checked; the matcher puts the submission on this case only.
        Map<String, String> headers = new java.util.LinkedHashMap<>(posted.headers());
        headers.put(StatusFollowUpMatcher.CASE_HEADER, reference);
        Submission submission = new Submission(posted.channel(), posted.transport(), posted.externalId(),
                posted.receivedAt(), posted.contentType(), headers, posted.body());
        ComplaintDraft draft = new ComplaintDraft(null, null,
                text.isEmpty() ? "（补充材料 / additional material）" : text, null, null, null, null, null, null, null,
                null, null, files);
        intake.submit(submission, draft).onSuccess(result -> {
            FormRoutes.send(ctx, result.outcome() == IntakeOutcome.APPENDED ? 200 : 202, page.added(language,
                    reference));
        }).onFailure(failure -> {
            if (failure instanceof KeyReusedException) {
                FormRoutes.send(ctx, 200, page.added(language, reference));
            } else if (failure instanceof HttpProblem p && p.status() == 409) {
                // The case is gone (erased) since the proof was given: nothing was added, to it or to another.
                FormRoutes.send(ctx, 409, page.additionRefused(language));
            } else {
                ctx.fail(failure);
            }
        });
    }
}
