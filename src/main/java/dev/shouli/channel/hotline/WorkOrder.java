package dev.shouli.channel.hotline;

import dev.shouli.core.domain.ComplaintDraft;
import dev.shouli.core.domain.Verdict;

/**
 * One message about a 12345 work order, understood.
 *
 * @param reason     why it was revoked or reassigned, or the urge's note; null when not given
 * @param evaluation the platform's 回访 result on an {@code evaluation} message; null on every other kind
 */
public record WorkOrder(TicketKey key, ComplaintDraft draft, String reason, Evaluation evaluation) {

    /**
     * The caller's verdict as the platform's 回访 found it.
     *
     * @param reopens whether the platform sends the ticket back to the unit (重新交办)
     */
    public record Evaluation(Verdict verdict, String comment, boolean reopens) {
    }
}
