package dev.shouli.domain;

import java.time.OffsetDateTime;
import java.util.List;

/**
 * What a channel adapter understood of a submission, before normalisation. Fields may be raw
 * (an unformatted phone number, mixed-case email); {@link dev.shouli.intake.Normaliser} makes them canonical.
 */
public record ComplaintDraft(String kind, String subject, String description, String language,
                             OffsetDateTime occurredAt, Complainant complainant, Respondent respondent,
                             Demand demand, String category, String urgency, Product product,
                             Location location, List<AttachmentDraft> attachments) {

    public ComplaintDraft {
        complainant = complainant == null ? Complainant.empty() : complainant;
        respondent = respondent == null ? Respondent.empty() : respondent;
        demand = demand == null ? Demand.empty() : demand;
        product = product == null ? Product.empty() : product;
        location = location == null ? Location.empty() : location;
        attachments = attachments == null ? List.of() : List.copyOf(attachments);
    }
}
