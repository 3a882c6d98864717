package dev.shouli.channel.email;

import java.util.List;

/**
 * How a message reached us: the transport ({@code smtp}, {@code imap}, {@code http}), the SMTP envelope
 * sender and recipients when there is one, and the IMAP mailbox and UID when it was polled.
 *
 * @param mailFrom the SMTP MAIL FROM ("" for a bounce's null sender), null when unknown
 */
public record Envelope(String transport, String mailFrom, List<String> recipients, String mailbox) {

    public Envelope {
        recipients = recipients == null ? List.of() : List.copyOf(recipients);
    }

    public static Envelope http() {
        return new Envelope("http", null, List.of(), null);
    }
}
