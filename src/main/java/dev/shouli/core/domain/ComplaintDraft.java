package dev.shouli.core.domain;

import java.time.OffsetDateTime;
import java.util.List;

/**
 * What a channel adapter understood of a submission, before normalisation. Fields may be raw
 * (an unformatted phone number, mixed-case email); intake normalises them.
 *
 * @param sourceDeadlines deadlines the source itself set (a hotline ticket's sign-for and reply limits);
 *                        they win over our policy. Null, or null parts, where the source sets none.
 */
public record ComplaintDraft(String kind, String subject, String description, String language,
                             OffsetDateTime occurredAt, Complainant complainant, Respondent respondent,
                             Demand demand, String category, String urgency, Product product,
                             Location location, List<AttachmentDraft> attachments, Deadlines sourceDeadlines) {

    /** A draft without deadlines of the source's own — every channel but the hotline ones. */
    public ComplaintDraft(String kind, String subject, String description, String language,
                          OffsetDateTime occurredAt, Complainant complainant, Respondent respondent,
                          Demand demand, String category, String urgency, Product product,
                          Location location, List<AttachmentDraft> attachments) {
        this(kind, subject, description, language, occurredAt, complainant, respondent, demand, category, urgency,
                product, location, attachments, null);
    }

    public ComplaintDraft {
        complainant = complainant == null ? Complainant.empty() : complainant;
        respondent = respondent == null ? Respondent.empty() : respondent;
        demand = demand == null ? Demand.empty() : demand;
        product = product == null ? Product.empty() : product;
        location = location == null ? Location.empty() : location;
        attachments = attachments == null ? List.of() : List.copyOf(attachments);
    }
}
