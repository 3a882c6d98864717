package dev.shouli.channel.email;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Tells mail no person wrote from mail a person may have written. Only what is provably automatic is suppressed (no
 * case, never answered — answering an auto-reply is how mail loops start): {@code Auto-Submitted} other than
 * {@code no}, delivery, disposition and feedback reports (DSN, MDN, ARF) and bounces, the headers auto-responders
 * put on their answers, and our own mail coming back. Markers of bulk, list and campaign mail ({@code Precedence:
 * bulk}, {@code List-Id}, {@code Feedback-ID}, {@code X-Campaign}, …) and auto-reply subjects prove nothing about
 * who wrote the text: Tencent's QQ mail puts {@code Feedback-ID} on every message its users send, and a person may
 * start a subject with "Automatic response". Such mail makes a case like any other, but gets no receipt
 * ({@link #noReceipt}), so no loop can start from it either.
 */
final class AutomatedMail {

    /** Headers auto-responders put on their answers: their presence proves the mail automatic. */
    private static final List<String> AUTO_REPLY_HEADERS = List.of(
            "x-autoreply", "x-autorespond", "x-auto-reply", "x-autoreply-from", "x-mail-autoreply",
            "x-fc-machinegenerated");
    /** RFC 3834 and older conventions for auto-responses. */
    private static final Set<String> AUTO_REPLY_PRECEDENCE = Set.of("auto_reply", "auto-reply");
    /**
     * Bulk, list and campaign markers, and headers Exchange puts on mail its rules forwarded: they say how a mail
     * travelled, not that no person wrote it. Such mail makes a case without a receipt.
     */
    private static final List<String> BULK_HEADERS = List.of(
            "list-id", "list-unsubscribe", "feedback-id", "x-campaign", "x-campaignid", "x-mailgun-tag",
            "x-auto-response-suppress", "x-ms-exchange-generated-message-source", "x-ms-exchange-inbox-rules-loop");
    /** RFC 3834: not to be answered automatically, but possibly written by a person (a post to a list). */
    private static final Set<String> BULK_PRECEDENCE = Set.of("bulk", "list", "junk");
    private static final Set<String> DAEMON_LOCAL_PARTS = Set.of("mailer-daemon", "postmaster", "mail-daemon",
            "maildaemon", "mail-delivery-subsystem", "mailerdaemon", "bounce", "bounces", "nobody");

    /** Subjects that mail clients put on their automatic answers (Foxmail, QQ, 163, Outlook, Gmail). */
    private static final Pattern AUTO_REPLY_SUBJECT = Pattern.compile(
            "^\\s*(?:自动回复|自動回覆|自動回复|自动答复|自動答覆|假期自动回复|休假自动回复|外出自动回复"
                    + "|auto(?:matic)?[ -]?(?:reply|response|antwort)|out of (?:the )?office|abwesenheitsnotiz"
                    + "|réponse automatique|vacation reply)",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern BOUNCE_SUBJECT = Pattern.compile(
            "(?:undeliver(?:ed|able)|delivery (?:status notification|failure|has failed)|mail delivery failed"
                    + "|returned mail|failure notice|delivery notification|系统退信|系統退信|退信|投递失败|投遞失敗"
                    + "|发送失败|發送失敗|无法投递|無法投遞)",
            Pattern.CASE_INSENSITIVE);
    /** Bodies of bounces that do not use multipart/report: SMTP status lines and DSN fields. */
    private static final Pattern BOUNCE_BODY = Pattern.compile(
            "(?:^|\\n)[ \\t]*+(?:Diagnostic-Code:|Final-Recipient:|Status:\\s*5\\.\\d)|\\b5[05]\\d[ -]5\\.\\d\\.\\d\\b"
                    + "|This is the mail system at host|could not be delivered to one or more recipients"
                    + "|I'm sorry to have to inform you that your message could not",
            Pattern.CASE_INSENSITIVE);

    private final Set<String> ownAddresses;
    private final String messageIdDomain;

    /**
     * @param ownAddresses    the addresses we send from: mail from them is ours coming back
     * @param messageIdDomain the domain of the Message-IDs we generate
     */
    AutomatedMail(Set<String> ownAddresses, String messageIdDomain) {
        this.ownAddresses = ownAddresses;
        this.messageIdDomain = messageIdDomain.toLowerCase(Locale.ROOT);
    }

    /** Why this message must be suppressed, or empty for mail a person wrote. */
    Optional<String> reason(ParsedEmail mail, String envelopeSender) {
        String ours = ours(mail);
        if (ours != null) {
            return Optional.of(ours);
        }
        String bounce = bounce(mail, envelopeSender);
        if (bounce != null) {
            return Optional.of(bounce);
        }
        return Optional.ofNullable(automatic(mail));
    }

    /**
     * Why no receipt may go to this mail although it makes a case: it came through a list, as bulk or campaign mail
     * (which RFC 3834 says not to answer automatically), forwarded by a rule, or under an auto-reply subject. Empty
     * for mail that may be answered.
     */
    static Optional<String> noReceipt(ParsedEmail mail) {
        String precedence = mail.header("precedence");
        if (precedence != null && BULK_PRECEDENCE.contains(precedence.strip().toLowerCase(Locale.ROOT))) {
            return Optional.of("list mail (Precedence: " + precedence.strip() + "): no automatic receipt (RFC 3834)");
        }
        for (String header : BULK_HEADERS) {
            if (mail.hasHeader(header)) {
                return Optional.of("bulk or list mail (" + header + "): no automatic receipt (RFC 3834)");
            }
        }
        if (mail.subject() != null && AUTO_REPLY_SUBJECT.matcher(mail.subject()).find()) {
            return Optional.of("auto-reply subject: no automatic receipt");
        }
        return Optional.empty();
    }

    /**
     * Delivery and feedback reports and bounces recognised from the headers alone, before the body is parsed: a
     * report often carries the returned message cut off (exim truncates it), which no body parser reads.
     */
    static Optional<String> reportFromHeaders(String contentType, String returnPath, String autoSubmitted,
                                              String envelopeSender) {
        String type = contentType == null ? "" : contentType.toLowerCase(Locale.ROOT);
        if (type.startsWith("multipart/report")) {
            String kind = type.contains("feedback-report") ? "feedback report (ARF)"
                    : type.contains("disposition-notification") ? "read receipt (MDN)"
                    : type.contains("delivery-status") ? "delivery report" : "report";
            return Optional.of(kind + " (multipart/report)");
        }
        if (envelopeSender != null && (envelopeSender.isBlank() || envelopeSender.equals("<>"))) {
            return Optional.of("bounce (empty envelope sender)");
        }
        if (returnPath != null && returnPath.replaceAll("\\s", "").equals("<>")) {
            return Optional.of("bounce (empty Return-Path)");
        }
        if (autoSubmitted != null && !autoSubmitted.strip().toLowerCase(Locale.ROOT).startsWith("no")) {
            return Optional.of("automatic mail (Auto-Submitted: " + autoSubmitted.strip() + ")");
        }
        return Optional.empty();
    }

    private String ours(ParsedEmail mail) {
        if (mail.hasHeader("x-shouli-reference")) {
            return "our own mail came back (X-Shouli-Reference)";
        }
        if (mail.messageId() != null && mail.messageId().toLowerCase(Locale.ROOT).endsWith("@" + messageIdDomain + ">")) {
            return "our own mail came back (Message-ID " + mail.messageId() + ")";
        }
        if (mail.from() != null && ownAddresses.contains(mail.from().address())) {
            return "our own mail came back (From " + mail.from().address() + ")";
        }
        return null;
    }

    private static String bounce(ParsedEmail mail, String envelopeSender) {
        if ("multipart/report".equals(mail.contentType())) {
            return "delivery report (multipart/report)";
        }
        if (envelopeSender != null && (envelopeSender.isBlank() || envelopeSender.equals("<>"))) {
            return "bounce (empty envelope sender)";
        }
        String returnPath = mail.header("return-path");
        if (returnPath != null && returnPath.replaceAll("\\s", "").equals("<>")) {
            return "bounce (empty Return-Path)";
        }
        if (mail.from() != null && DAEMON_LOCAL_PARTS.contains(mail.from().localPart())) {
            return "bounce (from " + mail.from().localPart() + ")";
        }
        String subject = mail.subject() == null ? "" : mail.subject();
        if (BOUNCE_SUBJECT.matcher(subject).find() && mail.text() != null && BOUNCE_BODY.matcher(mail.text()).find()) {
            return "bounce (recognised by content)";
        }
        return null;
    }

    private static String automatic(ParsedEmail mail) {
        String autoSubmitted = mail.header("auto-submitted");
        if (autoSubmitted != null && !autoSubmitted.strip().toLowerCase(Locale.ROOT).startsWith("no")) {
            return "automatic mail (Auto-Submitted: " + autoSubmitted.strip() + ")";
        }
        String precedence = mail.header("precedence");
        if (precedence != null && AUTO_REPLY_PRECEDENCE.contains(precedence.strip().toLowerCase(Locale.ROOT))) {
            return "automatic mail (Precedence: " + precedence.strip() + ")";
        }
        for (String header : AUTO_REPLY_HEADERS) {
            if (mail.hasHeader(header)) {
                return "automatic mail (" + header + ")";
            }
        }
        // X-Autogenerated: Reply is an auto-responder's; Forward, Group and Mirror carry a person's mail on.
        String generated = mail.header("x-autogenerated");
        if (generated != null && generated.strip().equalsIgnoreCase("reply")) {
            return "automatic mail (X-Autogenerated: Reply)";
        }
        return null;
    }
}
