package dev.shouli.core.cases;

import dev.shouli.core.outbox.NoticeDelivery;

/**
 * How something written for a complainant reaches them: on the channel the case came from when it can carry it
 * (e-mail; SMS through the configured provider), else by e-mail or SMS when the case has that contact. A hotline
 * caller is answered through the platform (the resolve action's result), never directly. When nothing can carry
 * it, {@code refusal} says why, so the desk is told before it writes rather than after (and can record a phone
 * reply instead).
 *
 * @param channel the outbox channel ({@code email}, {@code sms}); null when it cannot be delivered
 * @param refusal null when deliverable, else {@link #VIA_HOTLINE}, {@link #NO_CONTACT}, {@link #NO_MAILER},
 *                {@link #NO_SMS_PROVIDER} or {@link #SMS_TEMPLATES_ONLY}
 */
public record ReplyRoute(String channel, String to, String refusal) {

    public static final String VIA_HOTLINE = "via-hotline";
    public static final String NO_CONTACT = "no-contact";
    public static final String NO_MAILER = "no-mailer";
    public static final String NO_SMS_PROVIDER = "no-sms-provider";
    /** An SMS provider is configured, but it sends only approved templates and has none for this (Aliyun). */
    public static final String SMS_TEMPLATES_ONLY = "sms-templates-only";

    public boolean deliverable() {
        return channel != null;
    }

    /** The route of a notice of {@code purpose} to the complainant of a case on {@code caseChannel}. */
    public static ReplyRoute of(String caseChannel, String email, String phone, String purpose,
                                NoticeDelivery delivery) {
        String c = caseChannel == null ? "" : caseChannel;
        if (c.startsWith("hotline:")) {
            return new ReplyRoute(null, null, VIA_HOTLINE);
        }
        boolean mail = email != null && delivery.canSend("email", purpose);
        boolean sms = phone != null && delivery.canSend("sms", purpose);
        if ("sms".equals(c) && sms) {
            return new ReplyRoute("sms", phone, null);
        }
        if (mail) {
            return new ReplyRoute("email", email, null);
        }
        if (sms) {
            return new ReplyRoute("sms", phone, null);
        }
        String why = email != null ? NO_MAILER : phone == null ? NO_CONTACT
                : delivery.configured("sms") ? SMS_TEMPLATES_ONLY : NO_SMS_PROVIDER;
        return new ReplyRoute(null, null, why);
    }
}
