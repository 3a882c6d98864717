package dev.shouli.channel.email;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A customer's mail forwarded by one of our staff: as an attached message/rfc822, or inline below a
 * "Forwarded message" block. The complaint is the customer's, so the complainant is the original sender;
 * a forward of a forward is followed until a sender who is not staff.
 */
final class ForwardedMail {

    /** The original, as far as it could be found. */
    record Original(MailAddress from, String subject, String text) {
    }

    private static final Pattern INLINE_MARKER = Pattern.compile(
            "(?m)^[ \\t>]*-{2,}\\s*(?:Forwarded message|Original Message|Begin forwarded message|转发邮件|轉寄郵件|转发的邮件"
                    + "|轉發的郵件|原始邮件|原始郵件)\\s*-{2,}[ \\t]*$|(?m)^[ \\t]*Begin forwarded message:[ \\t]*$",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern FROM_LINE = Pattern.compile(
            "(?m)^[ \\t>]*(?:From|发件人|發件人|寄件者|寄件人)\\s*[:：]\\s*(.+)$", Pattern.CASE_INSENSITIVE);
    private static final Pattern SUBJECT_LINE = Pattern.compile(
            "(?m)^[ \\t>]*(?:Subject|主题|主題)\\s*[:：]\\s*(.*)$", Pattern.CASE_INSENSITIVE);
    private static final Pattern HEADER_LINE = Pattern.compile(
            "^[ \\t>]*(?:From|To|Cc|Date|Sent|Subject|发件人|發件人|寄件者|寄件人|收件人|抄送|日期|时间|時間|发送时间|發送時間|寄件日期|主题|主題)\\s*[:：].*$",
            Pattern.CASE_INSENSITIVE);

    private final Set<String> staff;

    ForwardedMail(Set<String> staff) {
        this.staff = staff;
    }

    boolean isStaff(MailAddress from) {
        return from != null && staff.contains(from.address());
    }

    /** The customer's original when {@code mail} is a staff forward of it; empty otherwise. */
    Optional<Original> original(ParsedEmail mail) {
        if (!isStaff(mail.from())) {
            return Optional.empty();
        }
        Original current = null;
        ParsedEmail attached = mail;
        // Attached originals first: they carry real headers.
        while (isStaff(attached.from()) && !attached.attachedMessages().isEmpty()) {
            attached = attached.attachedMessages().get(0);
            current = new Original(attached.from(), attached.subject(), attached.text());
        }
        String text = current == null ? mail.text() : current.text();
        MailAddress from = current == null ? mail.from() : current.from();
        String subject = current == null ? mail.subject() : current.subject();
        // Then inline forwards, possibly nested.
        while (isStaff(from) && text != null) {
            Optional<Original> inline = inline(text);
            if (inline.isEmpty()) {
                break;
            }
            current = inline.get();
            from = current.from();
            subject = current.subject() == null ? subject : current.subject();
            text = current.text();
            current = new Original(from, subject, text);
        }
        return current == null || isStaff(current.from()) ? Optional.empty() : Optional.of(current);
    }

    private static Optional<Original> inline(String text) {
        Matcher marker = INLINE_MARKER.matcher(text);
        if (!marker.find()) {
            return Optional.empty();
        }
        String rest = text.substring(marker.end());
        Matcher from = FROM_LINE.matcher(rest);
        if (!from.find()) {
            return Optional.empty();
        }
        List<MailAddress> addresses = EmailParser.addresses(from.group(1).strip());
        if (addresses.isEmpty()) {
            return Optional.empty();
        }
        Matcher subject = SUBJECT_LINE.matcher(rest);
        String subjectText = subject.find() ? subject.group(1).strip() : null;
        // The original's body starts after the header block that follows the marker.
        String[] lines = rest.split("\n", -1);
        int i = 0;
        while (i < lines.length && (lines[i].isBlank() && i == 0 || HEADER_LINE.matcher(lines[i]).matches())) {
            i++;
        }
        String body = String.join("\n", java.util.Arrays.asList(lines).subList(i, lines.length))
                .replaceAll("(?m)^> ?", "").strip();
        return Optional.of(new Original(addresses.get(0), subjectText, body));
    }
}
