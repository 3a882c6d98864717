package dev.shouli.core.outbox;

import java.util.List;

/**
 * Operational mail to staff — a breached deadline, a dissatisfied answer escalated — to a list of addresses
 * ({@code to}, comma-separated), with {@code subject} and {@code text} as written by the part that raised it. Not
 * in a complainant's thread, and not held to the caps on automatic mail to complainants.
 */
public final class StaffNotice implements NoticeTemplate {

    public static final String PURPOSE = "notice";

    @Override
    public String purpose() {
        return PURPOSE;
    }

    @Override
    public String autoSubmitted() {
        return "auto-generated";
    }

    @Override
    public boolean threaded() {
        return false;
    }

    @Override
    public boolean capped() {
        return false;
    }

    @Override
    public MailText mail(Notice n) {
        return new MailText(n.param("subject"), n.param("text"));
    }

    @Override
    public List<String> sms(Notice n, String senderName) {
        return List.of(n.param("text"));
    }
}
