package dev.shouli.channel.hotline;

import dev.shouli.domain.ComplaintDraft;

/**
 * One message about a 12345 work order, understood.
 *
 * @param reason why it was revoked or reassigned, or the urge's note; null when not given
 */
public record WorkOrder(TicketKey key, ComplaintDraft draft, String reason) {
}
