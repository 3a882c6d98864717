package dev.shouli.channel.form;

import dev.shouli.channel.form.FormReader.Problem;
import dev.shouli.channel.form.StatusStore.Deadline;
import dev.shouli.channel.form.StatusStore.Note;
import dev.shouli.channel.form.StatusStore.StatusCase;
import dev.shouli.core.db.RateLimitStore;
import dev.shouli.core.domain.CaseReference;
import dev.shouli.core.domain.FullWidth;
import dev.shouli.core.domain.Hashes;
import dev.shouli.core.intake.Emails;
import dev.shouli.core.intake.PhoneNumbers;
import io.vertx.core.Future;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * "Check my case": a reference and a proof of contact (the last 4 digits of the phone on the case, the whole
 * phone number, or the email address) give the case's public side. A wrong reference and a wrong contact get
 * the same answer after the same work: the case row is read either way and the contact is compared in constant
 * time against it or against a dummy; nothing else is read before the contact matched. Every lookup counts
 * against the client's and the reference's limits, in PostgreSQL, before anything is compared.
 */
final class StatusLookup {

    /** How the person proved the contact. */
    enum ContactKind { LAST4, PHONE, EMAIL }

    record Contact(ContactKind kind, String value) {
    }

    /** A well-formed question, or the problems with it (keys reference and contact). */
    record Query(String reference, Contact contact, Map<String, Problem> errors) {
        boolean valid() {
            return errors.isEmpty();
        }
    }

    /** What a person may see of their case. */
    record View(StatusCase c, Deadline next, boolean waiting, List<Note> notes, Note result) {
    }

    /** The outcome: a view, no match (wrong reference or wrong contact, never said which), or too many tries. */
    record Answer(View view, long retryAfterSeconds) {
        static final Answer NO_MATCH = new Answer(null, 0);

        boolean limited() {
            return retryAfterSeconds > 0;
        }
    }

    /** Compared against when no case has the reference, so that path does the same work. */
    private static final StatusCase NOBODY = new StatusCase(0, "", "", "", Instant.EPOCH, "+860000000000",
            "nobody@shouli.invalid", false, null, null, null, null, null);

    private static final Set<String> OPEN_STATES = Set.of("on_time", "warning", "breached");
    private static final Set<String> FINISHED = Set.of("resolved", "closed", "returned", "merged");

    private final StatusStore store;
    private final RateLimitStore limits;
    private final StatusConfig config;
    private final PhoneNumbers phones;

    StatusLookup(StatusStore store, RateLimitStore limits, StatusConfig config, PhoneNumbers phones) {
        this.store = store;
        this.limits = limits;
        this.config = config;
        this.phones = phones;
    }

    /** Reads what was typed: any case, spaces, full-width characters; 4 digits, a phone number or an email. */
    Query parse(String referenceText, String contactText) {
        Map<String, Problem> errors = new LinkedHashMap<>();
        String reference = null;
        if (referenceText == null || referenceText.isBlank()) {
            errors.put("reference", new Problem("status.error.reference"));
        } else {
            try {
                // The check letter catches a mistyped digit; saying so tells nothing about any case.
                reference = CaseReference.parse(referenceText).toString();
            } catch (CaseReference.InvalidReferenceException e) {
                errors.put("reference", new Problem("status.error.referenceFormat"));
            }
        }
        Contact contact = contact(contactText);
        if (contact == null) {
            errors.put("contact", new Problem("status.error.contact"));
        }
        return new Query(reference, contact, errors);
    }

    private Contact contact(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        String value = FullWidth.toHalfWidth(text).strip();
        if (value.contains("@")) {
            return Emails.normalise(value).map(e -> new Contact(ContactKind.EMAIL, e)).orElse(null);
        }
        String digits = value.replaceAll("[\\s-]", "");
        if (digits.matches("\\d{4}")) {
            return new Contact(ContactKind.LAST4, digits);
        }
        return phones.toE164(value).map(p -> new Contact(ContactKind.PHONE, p)).orElse(null);
    }

    Future<Answer> lookup(Query query, String client, Instant now) {
        return limited(query.reference(), client, now).compose(retryAfter -> {
            if (retryAfter > 0) {
                return Future.succeededFuture(new Answer(null, retryAfter));
            }
            return store.byReference(query.reference()).compose(found -> {
                boolean matches = matches(found.orElse(NOBODY), query.contact()) && found.isPresent();
                if (!matches) {
                    return Future.succeededFuture(Answer.NO_MATCH);
                }
                StatusCase c = found.get();
                return store.deadlines(c.id()).compose(deadlines -> store.notes(c.id())
                        .map(notes -> new Answer(view(c, deadlines, notes), 0)));
            });
        });
    }

    /** Counts the lookup on every limit; the seconds until the last exceeded window ends, or 0. */
    private Future<Long> limited(String reference, String client, Instant now) {
        Future<RateLimitStore.Count> perClient = limits.hit("status:client:" + Hashes.sha256Hex(client).substring(0, 32),
                config.clientWindow(), now);
        Future<RateLimitStore.Count> perReference = limits.hit("status:reference:" + reference,
                config.referenceWindow(), now);
        Future<RateLimitStore.Count> perReferenceDay = limits.hit("status:reference-day:" + reference,
                Duration.ofDays(1), now);
        return Future.all(perClient, perReference, perReferenceDay).map(all -> {
            long wait = 0;
            wait = Math.max(wait, over(perClient.result(), config.clientLimit(), now));
            wait = Math.max(wait, over(perReference.result(), config.referenceLimit(), now));
            wait = Math.max(wait, over(perReferenceDay.result(), config.referenceDailyLimit(), now));
            return wait;
        });
    }

    private static long over(RateLimitStore.Count count, int limit, Instant now) {
        return count.hits() > limit ? Math.max(1, Duration.between(now, count.windowEnd()).toSeconds()) : 0;
    }

    /** Constant time: both sides are hashed to 32 bytes and compared with MessageDigest.isEqual. */
    static boolean matches(StatusCase c, Contact given) {
        String expected = switch (given.kind()) {
            case LAST4 -> c.phone() == null || c.phone().length() < 4 ? "" : c.phone().substring(c.phone().length() - 4);
            case PHONE -> c.phone() == null ? "" : c.phone();
            case EMAIL -> c.email() == null ? "" : c.email();
        };
        // An empty expected value never matches: "" is not a contact anybody can give.
        byte[] want = Hashes.sha256(expected.getBytes(StandardCharsets.UTF_8));
        byte[] got = Hashes.sha256(given.value().getBytes(StandardCharsets.UTF_8));
        return MessageDigest.isEqual(want, got) & !expected.isEmpty();
    }

    private static View view(StatusCase c, List<Deadline> deadlines, List<Note> notes) {
        boolean finished = FINISHED.contains(c.status());
        boolean waiting = !finished && c.waitingSince() != null;
        Deadline next = finished || waiting ? null : deadlines.stream()
                .filter(d -> OPEN_STATES.contains(d.state())).findFirst().orElse(null);
        List<Note> publicNotes = notes.stream().filter(n -> !n.result()).toList();
        Note result = !finished ? null : notes.stream().filter(Note::result).reduce((a, b) -> b).orElse(null);
        return new View(c, next, waiting, publicNotes, result);
    }
}
