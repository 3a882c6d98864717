package dev.shouli.channel.email;

import dev.shouli.core.domain.AttachmentDraft;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One message as the parser understood it. Header values are decoded (charsets, encoded-words).
 *
 * @param headers          every header by lower-case name, first occurrence, decoded
 * @param text             the body as plain text (HTML turned into text), null when there is none
 * @param fromHtml         whether {@code text} came from an HTML part
 * @param attachments      attachments within the configured limits
 * @param skippedAttachments names of attachments left out by a limit (still in the raw message)
 * @param attachedMessages messages attached as message/rfc822 (forwarded mail), parsed
 */
record ParsedEmail(String messageId, List<String> inReplyTo, List<String> references, String subject,
                   MailAddress from, List<MailAddress> to, MailAddress sender, Instant date, String contentType,
                   Map<String, String> headers, String text, boolean fromHtml, List<AttachmentDraft> attachments,
                   List<String> skippedAttachments, List<ParsedEmail> attachedMessages) {

    String header(String name) {
        return headers.get(name.toLowerCase(java.util.Locale.ROOT));
    }

    boolean hasHeader(String name) {
        return headers.containsKey(name.toLowerCase(java.util.Locale.ROOT));
    }
}
