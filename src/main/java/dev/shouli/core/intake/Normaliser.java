package dev.shouli.core.intake;

import dev.shouli.core.domain.Complainant;
import dev.shouli.core.domain.Complaint;
import dev.shouli.core.domain.ComplaintDraft;
import dev.shouli.core.domain.ComplaintKind;
import dev.shouli.core.domain.Demand;
import dev.shouli.core.domain.Location;
import dev.shouli.core.domain.Product;
import dev.shouli.core.domain.Respondent;
import dev.shouli.core.domain.Submission;
import dev.shouli.core.domain.Urgency;

/**
 * Turns what a channel understood into the canonical record: E.164 phones, canonical emails, clean text,
 * a language tag, demand types recognised from the demand text. What cannot be found stays empty rather
 * than guessed; the raw submission is always kept beside it.
 */
public final class Normaliser {

    private final PhoneNumbers phones;

    public Normaliser(PhoneNumbers phones) {
        this.phones = phones;
    }

    public Complaint normalise(Submission submission, ComplaintDraft d) {
        ComplaintKind kind = d.kind() == null ? ComplaintKind.COMPLAINT : ComplaintKind.parse(d.kind())
                .orElseThrow(() -> new NormalisationException("unknown kind '" + d.kind() + "'"));
        Urgency urgency = d.urgency() == null ? Urgency.NORMAL : Urgency.parse(d.urgency())
                .orElseThrow(() -> new NormalisationException("unknown urgency '" + d.urgency() + "'"));
        String subject = Text.cleanLine(d.subject());
        String description = Text.clean(d.description());
        Demand demand = demand(d.demand());
        if (subject == null && description == null && demand.text() == null) {
            throw new NormalisationException("nothing to act on: no subject, description or demand text");
        }
        String language = d.language() != null ? d.language()
                : LanguageGuess.guess(String.join(" ", nonNull(subject), nonNull(description), nonNull(demand.text())));
        return new Complaint(kind, submission.channel(), submission.receivedAt(), d.occurredAt(),
                complainant(d.complainant()), respondent(d.respondent()), demand, subject, description, language,
                Text.cleanLine(d.category()), urgency, product(d.product()), location(d.location()),
                d.attachments(), d.sourceDeadlines());
    }

    private Complainant complainant(Complainant c) {
        return new Complainant(Text.cleanLine(c.name()), phones.toE164(c.phone()).orElse(null),
                Emails.normalise(c.email()).orElse(null), Text.cleanLine(c.address()),
                Text.cleanLine(c.customerId()), c.confidential());
    }

    private static Respondent respondent(Respondent r) {
        return new Respondent(Text.cleanLine(Text.toHalfWidth(r.organisation())), Text.cleanLine(r.branch()),
                Text.cleanLine(r.address()), Text.cleanLine(r.staff()));
    }

    private static Demand demand(Demand d) {
        String text = Text.clean(d.text());
        var types = d.types().isEmpty() ? DemandTypes.recognise(text) : d.types();
        String currency = d.currency() == null && d.amount() != null ? "CNY" : d.currency();
        return new Demand(text, types, d.amount(), currency);
    }

    private static Product product(Product p) {
        return new Product(Text.cleanLine(p.purchasedAt()), Text.cleanLine(p.brand()), Text.cleanLine(p.model()),
                p.quantity(), p.price(), Text.cleanLine(Text.toHalfWidth(p.orderNumber())));
    }

    private static Location location(Location l) {
        return new Location(Text.cleanLine(l.address()), l.latitude(), l.longitude());
    }

    private static String nonNull(String s) {
        return s == null ? "" : s;
    }
}
