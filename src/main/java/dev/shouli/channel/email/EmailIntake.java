package dev.shouli.channel.email;

import dev.shouli.domain.ComplaintDraft;
import dev.shouli.domain.IntakeOutcome;
import dev.shouli.domain.Submission;
import dev.shouli.intake.IntakeResult;
import dev.shouli.intake.IntakeService;
import dev.shouli.store.IntakeStore;
import io.vertx.core.Future;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The one way raw mail enters intake, whichever transport brought it (SMTP, IMAP, webhook): parse, decide
 * whether a person wrote it, and hand it to {@link IntakeService}. Unparseable mail is stored and
 * quarantined; automatic mail is stored as suppressed. The future completes only after commit.
 */
public final class EmailIntake {

    public static final String CHANNEL = "email";
    /** Headers kept beside the raw bytes; the thread matcher reads them. */
    static final String[] KEPT_HEADERS = {"message-id", "in-reply-to", "references", "subject", "from", "to", "date",
            "auto-submitted"};
    static final String HEADER_FROM_ADDRESS = "x-shouli-from-address";

    private final IntakeService intake;
    private final EmailParser parser;
    private final AutomatedMail automated;
    private final EmailAdapter adapter;

    EmailIntake(IntakeService intake, EmailParser parser, AutomatedMail automated, EmailAdapter adapter) {
        this.intake = intake;
        this.parser = parser;
        this.automated = automated;
        this.adapter = adapter;
    }

    public Future<IntakeResult> accept(byte[] raw, Envelope envelope, Instant receivedAt) {
        return accept(raw, envelope, receivedAt, null);
    }

    /**
     * A quarantined message taken in again after a fix (desk console): the same path, under the redelivery key
     * {@code key} the caller chose (derived from the original's), so the original stays as it arrived and a
     * second re-run of it is answered like a redelivery.
     */
    public Future<IntakeResult> acceptAgain(byte[] raw, Instant receivedAt, String key) {
        return accept(raw, new Envelope("rerun", null, java.util.List.of(), null), receivedAt, key);
    }

    /** @param key the redelivery key; null: the Message-ID, or a digest of the bytes when there is none */
    private Future<IntakeResult> accept(byte[] raw, Envelope envelope, Instant receivedAt, String key) {
        ParsedEmail mail;
        try {
            mail = parser.parse(raw);
        } catch (MalformedEmailException e) {
            Submission s = submission(raw, envelope, receivedAt, key != null ? key : syntheticId(raw), Map.of());
            return intake.record(s, IntakeOutcome.QUARANTINED, e.getMessage(), String.valueOf(e.getCause()));
        }
        String externalId = key != null ? key : mail.messageId() != null ? mail.messageId() : syntheticId(raw);
        Map<String, String> headers = keptHeaders(mail, envelope);
        Submission submission = submission(raw, envelope, receivedAt, externalId, headers);
        Optional<String> suppressed = automated.reason(mail, envelope.mailFrom());
        Future<IntakeResult> result;
        if (suppressed.isPresent()) {
            result = intake.record(submission, IntakeOutcome.SUPPRESSED, suppressed.get(), null);
        } else {
            ComplaintDraft draft;
            try {
                draft = adapter.draft(mail, receivedAt);
            } catch (RuntimeException e) {
                return intake.record(submission, IntakeOutcome.QUARANTINED, "cannot read the message: " + e.getMessage(),
                        e.toString());
            }
            result = intake.submit(submission, draft);
        }
        // The same Message-ID with other bytes is the same mail by another path (other Received headers):
        // kept under its own key and answered as a duplicate, never as a client error.
        return result.recover(failure -> failure instanceof IntakeService.KeyReusedException
                ? intake.record(submission(raw, envelope, receivedAt,
                        externalId + "#" + IntakeStore.sha256(raw).substring(0, 16), headers),
                        IntakeOutcome.DUPLICATE, "this Message-ID was already received", null)
                : Future.failedFuture(failure));
    }

    private static Submission submission(byte[] raw, Envelope envelope, Instant receivedAt, String externalId,
                                         Map<String, String> headers) {
        return new Submission(CHANNEL, envelope.transport(), externalId, receivedAt, "message/rfc822", headers, raw);
    }

    private static Map<String, String> keptHeaders(ParsedEmail mail, Envelope envelope) {
        Map<String, String> h = new LinkedHashMap<>();
        for (String name : KEPT_HEADERS) {
            String v = mail.header(name);
            if (v != null) {
                h.put(name, v);
            }
        }
        if (mail.from() != null) {
            h.put(HEADER_FROM_ADDRESS, mail.from().address());
        }
        if (envelope.mailFrom() != null) {
            h.put("x-envelope-from", envelope.mailFrom());
        }
        if (!envelope.recipients().isEmpty()) {
            h.put("x-envelope-to", String.join(", ", envelope.recipients()));
        }
        if (envelope.mailbox() != null) {
            h.put("x-mailbox", envelope.mailbox());
        }
        return h;
    }

    /** Mail without a Message-ID is keyed by its content, so a redelivery of the same bytes is recognised. */
    static String syntheticId(byte[] raw) {
        return "<sha256." + IntakeStore.sha256(raw) + "@shouli.synthetic>";
    }
}
