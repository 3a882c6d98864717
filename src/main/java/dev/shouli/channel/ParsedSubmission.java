package dev.shouli.channel;

import dev.shouli.core.domain.ComplaintDraft;

/** What an adapter understood: the redelivery key (may be null) and the draft. */
public record ParsedSubmission(String externalId, ComplaintDraft draft) {
}
