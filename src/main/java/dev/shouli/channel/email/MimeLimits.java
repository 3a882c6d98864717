package dev.shouli.channel.email;

/**
 * Limits that keep a hostile or broken message from costing more than it is worth.
 *
 * @param maxDepth                nesting of multiparts and attached messages; deeper is quarantined
 * @param maxParts                MIME parts in the whole message; more is quarantined
 * @param maxAttachments          attachments kept per message; the rest are listed as skipped
 * @param maxAttachmentBytes      bytes per attachment; a larger one is skipped
 * @param maxTotalAttachmentBytes bytes of all kept attachments together
 */
record MimeLimits(int maxDepth, int maxParts, int maxAttachments, long maxAttachmentBytes,
                  long maxTotalAttachmentBytes) {
}
