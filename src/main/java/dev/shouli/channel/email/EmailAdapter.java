package dev.shouli.channel.email;

import dev.shouli.core.domain.Complainant;
import dev.shouli.core.domain.ComplaintDraft;
import dev.shouli.core.domain.Demand;
import dev.shouli.core.domain.Product;
import dev.shouli.core.intake.Text;
import dev.shouli.core.intake.extract.Extraction;
import dev.shouli.core.intake.extract.FreeTextExtractor;
import java.time.Instant;
import java.util.Optional;

/**
 * A parsed message to the draft of a complaint: the complainant is the sender (or, for a staff forward, the
 * original sender), the description is the new text without quoted history, and the free-text extractor
 * fills respondent, demand, amount, order number and time where the text states them.
 */
final class EmailAdapter {

    private final ForwardedMail forwards;
    private final FreeTextExtractor extractor;

    EmailAdapter(ForwardedMail forwards, FreeTextExtractor extractor) {
        this.forwards = forwards;
        this.extractor = extractor;
    }

    ComplaintDraft draft(ParsedEmail mail, Instant receivedAt) {
        Optional<ForwardedMail.Original> original = forwards.original(mail);
        MailAddress from = original.map(ForwardedMail.Original::from).orElse(mail.from());
        String subject = original.map(ForwardedMail.Original::subject).orElse(mail.subject());
        String text = original.map(ForwardedMail.Original::text).orElse(mail.text());
        String description = QuotedHistory.strip(Text.clean(text));
        if (mail.skippedAttachments().size() > 0) {
            description = (description == null ? "" : description + "\n\n")
                    + "[attachments not stored: " + String.join("; ", mail.skippedAttachments()) + "]";
        }
        Extraction found = extractor.extract(join(subject, description), receivedAt);
        String phone = found.phones().isEmpty() ? null : found.phones().get(0);
        Complainant complainant = new Complainant(from == null ? null : from.name(), phone,
                from == null ? null : from.address(), null, null, false);
        Demand demand = new Demand(found.demandText(), found.demandTypes(), found.amount(), found.currency());
        Product product = found.orderNumbers().isEmpty() ? null
                : new Product(null, null, null, null, null, found.orderNumbers().get(0));
        return new ComplaintDraft(null, subject, description, null, found.occurredAt(), complainant,
                found.respondent(), demand, null, null, product, null, mail.attachments());
    }

    private static String join(String subject, String description) {
        return (subject == null ? "" : subject) + "\n" + (description == null ? "" : description);
    }
}
