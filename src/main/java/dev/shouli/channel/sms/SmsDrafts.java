package dev.shouli.channel.sms;

import dev.shouli.core.domain.Complainant;
import dev.shouli.core.domain.ComplaintDraft;
import dev.shouli.core.domain.Demand;
import dev.shouli.core.domain.Product;
import dev.shouli.core.intake.extract.Extraction;
import dev.shouli.core.intake.extract.FreeTextExtractor;
import java.time.Instant;

/**
 * An SMS text becomes a draft the way an email body does: the sender's number is the complainant, the text
 * the description, and the shared {@link FreeTextExtractor} finds respondent, demand, amount, order number
 * and time where the text states them. What it cannot find stays empty.
 */
public final class SmsDrafts {

    private final FreeTextExtractor extractor;

    public SmsDrafts(FreeTextExtractor extractor) {
        this.extractor = extractor;
    }

    public ComplaintDraft draft(String text, String from, Instant receivedAt) {
        Extraction found = extractor.extract(text, receivedAt);
        // An address in the text is not taken as the complainant's: the receipt goes back by SMS, the channel
        // they used, and the text stays in the description for the desk.
        Complainant complainant = new Complainant(null, from, null, null, null, false);
        Demand demand = new Demand(found.demandText(), found.demandTypes(), found.amount(), found.currency());
        Product product = found.orderNumbers().isEmpty() ? null
                : new Product(null, null, null, null, null, found.orderNumbers().get(0));
        return new ComplaintDraft(null, null, text, null, found.occurredAt(), complainant, found.respondent(), demand,
                null, null, product, null, null);
    }
}
