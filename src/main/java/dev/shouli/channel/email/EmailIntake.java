package dev.shouli.channel.email;

import dev.shouli.core.domain.ComplaintDraft;
import dev.shouli.core.domain.Hashes;
import dev.shouli.core.domain.IntakeOutcome;
import dev.shouli.core.domain.KeyReusedException;
import dev.shouli.core.domain.Submission;
import dev.shouli.core.intake.IntakeResult;
import dev.shouli.core.intake.IntakeService;
import dev.shouli.core.intake.ParseWorkers;
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
            "auto-submitted", "precedence", "list-id"};
    /** Kept with a list mail's submission: why it gets no receipt ({@link EmailMessageHook} withholds it). */
    static final String HEADER_NO_RECEIPT = "x-shouli-no-receipt";
    static final String HEADER_FROM_ADDRESS = "x-shouli-from-address";

    private final IntakeService intake;
    private final EmailParser parser;
    private final AutomatedMail automated;
    private final EmailAdapter adapter;
    private final ParseWorkers workers;

    EmailIntake(IntakeService intake, EmailParser parser, AutomatedMail automated, EmailAdapter adapter,
                ParseWorkers workers) {
        this.intake = intake;
        this.parser = parser;
        this.automated = automated;
        this.adapter = adapter;
        this.workers = workers;
    }

    /**
     * What reading a message on a parse worker came to: suppressed, a draft (maybe without receipt), or unreadable.
     */
    private record Reading(ParsedEmail mail, String suppressed, ComplaintDraft draft, String noReceipt,
                           String unreadable, String error) {
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
        // MIME parsing and free-text extraction cost CPU in proportion to what anyone sends: never on an event loop.
        String source = ParseWorkers.source(CHANNEL, envelope.transport());
        return workers.run(source, () -> read(raw, envelope, receivedAt)).transform(ar -> {
            if (ar.failed()) {
                if (!ParseWorkers.isOverBudget(ar.cause())) {
                    return Future.failedFuture(ar.cause());
                }
                // Not understood in time, but kept: stored verbatim under a key of its bytes, for a person.
                return intake.record(submission(raw, envelope, receivedAt, key != null ? key : syntheticId(raw),
                        Map.of()), IntakeOutcome.QUARANTINED, ar.cause().getMessage(), null);
            }
            return take(raw, envelope, receivedAt, ar.result(), key);
        });
    }

    /** The CPU-heavy part: parse, recognise automatic mail, extract the record from the text. */
    private Reading read(byte[] raw, Envelope envelope, Instant receivedAt) {
        Optional<Reading> report = reportFromHeaders(raw, envelope);
        if (report.isPresent()) {
            return report.get();
        }
        ParsedEmail mail;
        try {
            mail = parser.parse(raw);
        } catch (MalformedEmailException e) {
            return new Reading(null, null, null, null, e.getMessage(),
                    e.getCause() == null ? null : e.getCause().toString());
        }
        Optional<String> suppressed = automated.reason(mail, envelope.mailFrom());
        if (suppressed.isPresent()) {
            return new Reading(mail, suppressed.get(), null, null, null, null);
        }
        try {
            return new Reading(mail, null, adapter.draft(mail, receivedAt), AutomatedMail.noReceipt(mail).orElse(null),
                    null, null);
        } catch (RuntimeException e) {
            if (ParseWorkers.isOverBudget(e)) {
                throw e;
            }
            return new Reading(mail, null, null, null, "cannot read the message: " + e.getMessage(), e.toString());
        }
    }

    /** Reports and bounces are told by their headers, before a body that is often cut off is parsed at all. */
    private Optional<Reading> reportFromHeaders(byte[] raw, Envelope envelope) {
        ParsedEmail headers;
        try {
            headers = parser.parseHeaders(raw);
        } catch (MalformedEmailException e) {
            return Optional.empty(); // the full parse says what is wrong
        }
        return AutomatedMail.reportFromHeaders(headers.contentType(), headers.header("return-path"),
                headers.header("auto-submitted"), envelope.mailFrom())
                .map(reason -> new Reading(headers, reason, null, null, null, null));
    }

    private Future<IntakeResult> take(byte[] raw, Envelope envelope, Instant receivedAt, Reading reading, String key) {
        ParsedEmail mail = reading.mail();
        if (mail == null) {
            Submission s = submission(raw, envelope, receivedAt, key != null ? key : syntheticId(raw), Map.of());
            return intake.record(s, IntakeOutcome.QUARANTINED, reading.unreadable(), reading.error());
        }
        String externalId = key != null ? key : mail.messageId() != null ? mail.messageId() : syntheticId(raw);
        Map<String, String> headers = keptHeaders(mail, envelope);
        if (reading.noReceipt() != null) {
            headers.put(HEADER_NO_RECEIPT, reading.noReceipt());
        }
        Submission submission = submission(raw, envelope, receivedAt, externalId, headers);
        Future<IntakeResult> result;
        if (reading.suppressed() != null) {
            result = intake.record(submission, IntakeOutcome.SUPPRESSED, reading.suppressed(), null);
        } else if (reading.draft() == null) {
            return intake.record(submission, IntakeOutcome.QUARANTINED, reading.unreadable(), reading.error());
        } else {
            result = intake.submit(submission, reading.draft());
        }
        // The same Message-ID with other bytes is the same mail by another path (other Received headers):
        // kept under its own key and answered as a duplicate, never as a client error.
        return result.recover(failure -> failure instanceof KeyReusedException
                ? intake.record(submission(raw, envelope, receivedAt,
                        externalId + "#" + Hashes.sha256Hex(raw).substring(0, 16), headers),
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
        return "<sha256." + Hashes.sha256Hex(raw) + "@shouli.synthetic>";
    }
}
