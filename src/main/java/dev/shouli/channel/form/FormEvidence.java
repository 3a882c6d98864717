package dev.shouli.channel.form;

import dev.shouli.channel.form.FormReader.Problem;
import dev.shouli.channel.form.FormStore.HeldUpload;
import dev.shouli.core.config.CoreConfig.IntakeConfig;
import dev.shouli.core.domain.AttachmentDraft;
import io.vertx.core.Future;
import io.vertx.core.file.FileSystem;
import io.vertx.ext.web.FileUpload;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The evidence files of a post, across the form's second chances. A browser cannot re-fill a file input, so
 * when a form is shown again (invalid fields, expired, too many files) its files are held in PostgreSQL — every
 * instance sees them — bound to the browser's double-submit cookie, and the new form sends their tokens back
 * as ticked boxes ({@link FormInput#KEPT}).
 */
final class FormEvidence {

    /**
     * The files of one post: those held from an earlier post of this form that are still ticked, then the new
     * uploads that fit the limits and are images or PDF — with a problem for each new file that was not taken.
     */
    record Files(List<Held> held, List<AttachmentDraft> fresh, Map<String, Problem> problems, boolean tooLarge) {
        List<AttachmentDraft> attachments() {
            List<AttachmentDraft> all = new ArrayList<>();
            held.forEach(h -> all.add(h.draft()));
            all.addAll(fresh);
            return all;
        }
    }

    /** A file held from an earlier post, with the token the form sent for it. */
    record Held(String token, HeldUpload upload) {
        AttachmentDraft draft() {
            return new AttachmentDraft(upload.name(), upload.contentType(), upload.content());
        }
    }

    private final FormStore store;
    private final IntakeConfig limits;
    private final Duration holdFor;

    /** @param holdFor how long a form shown again may be sent: its files are held that long */
    FormEvidence(FormStore store, IntakeConfig limits, Duration holdFor) {
        this.store = store;
        this.limits = limits;
        this.holdFor = holdFor;
    }

    Future<Files> of(FileSystem fs, FormInput input, List<FileUpload> uploads, String cookie, Instant now) {
        List<String> keptTokens = input.all(FormInput.KEPT).stream().filter(FormToken::isWellFormedCookie)
                .distinct().limit(limits.maxAttachments()).toList();
        return store.held(keptTokens, cookie, now).compose(found -> {
            // In the order the form listed them.
            List<Held> held = new ArrayList<>();
            for (String t : keptTokens) {
                String hash = FormStore.sha256(t);
                found.stream().filter(h -> h.tokenSha256().equals(hash)).findFirst()
                        .ifPresent(h -> held.add(new Held(t, h)));
            }
            Uploads.Screened screened = Uploads.screen(uploads, held.stream().map(Held::draft).toList(),
                    limits.maxAttachments(), limits.maxAttachmentBytes(), limits.maxUploadBytes());
            return Uploads.read(fs, screened.accepted()).map(read -> {
                Map<String, Problem> problems = new LinkedHashMap<>();
                screened.problems().values().forEach(p -> Uploads.add(problems, p));
                read.problems().values().forEach(p -> Uploads.add(problems, p));
                return new Files(held, read.files(), problems, !screened.problems().isEmpty());
            });
        });
    }

    /** Holds the new files of a form shown again beside those held before; the form lists them all. */
    Future<List<FormPage.KeptFile>> hold(Files files, String cookie, Instant now) {
        List<FormPage.KeptFile> kept = new ArrayList<>();
        files.held().forEach(h -> kept.add(new FormPage.KeptFile(h.token(), h.upload().name(), h.upload().size())));
        Future<Void> chain = Future.succeededFuture();
        for (AttachmentDraft file : files.fresh()) {
            String token = FormToken.randomValue();
            chain = chain.compose(v -> store.hold(token, cookie, file.name(), file.contentType(), file.content(), now,
                    now.plus(holdFor)));
            kept.add(new FormPage.KeptFile(token, file.name(), file.size()));
        }
        return chain.map(v -> kept);
    }
}
