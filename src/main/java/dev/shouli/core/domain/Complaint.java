package dev.shouli.core.domain;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * The one normalised record every channel produces (docs/architecture.md, "The normalised record").
 *
 * @param sourceDeadlines deadlines set by the source (hotline tickets), winning over policy; may be null
 */
public record Complaint(ComplaintKind kind, String channel, Instant receivedAt, OffsetDateTime occurredAt,
                        Complainant complainant, Respondent respondent, Demand demand, String subject,
                        String description, String language, String category, Urgency urgency,
                        Product product, Location location, List<AttachmentDraft> attachments,
                        Deadlines sourceDeadlines) {

    public Complaint {
        attachments = attachments == null ? List.of() : List.copyOf(attachments);
    }
}
