package dev.shouli.channel.email;

import dev.shouli.core.outbox.HandOver;
import dev.shouli.core.outbox.OutboxHandler.NotSent;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.ClientSSLOptions;
import io.vertx.ext.mail.MailMessage;
import io.vertx.ext.mail.mailencoder.MailEncoder;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import java.util.List;
import java.util.Locale;

/**
 * Sends our automatic mail through the configured SMTP server over a pool of kept-open connections
 * ({@link SmtpPool}), the message encoded as vertx-mail-client encodes it. Our own SMTP dialogue, not the library's:
 * the library sends a message in one go, and a mail must be recorded as sent before the line that ends its data
 * ({@link SmtpSession}), or a kill -9 at the wrong moment sends it twice. Every recipient is a bare, validated address
 * and every header value we set is free of line breaks, so nothing a complainant wrote (a name, a subject) can add a
 * header or a recipient.
 *
 * <p>Without a mailer ({@code mailer.host} empty, the zero-setup default) nothing is sent: every mail fails with
 * {@link NotSent} carrying the message as it would have gone out, so it is recorded as unsent, not retried.
 */
final class MailSender {

    static final String NOT_CONFIGURED = "not sent: no mailer configured (set mailer.host, SHOULI_MAILER_HOST)";

    /** How long the mailer may take to answer a command, the end of a message included. */
    private static final long TIMEOUT_MILLIS = 60_000;

    /** Null when no mailer is configured. */
    private final SmtpPool client;
    private final String from;
    private final String envelopeFrom;
    private final String ownHostname;

    /**
     * @param connections the most SMTP connections open at once (outbox.concurrency); STARTTLS checks the mailer's
     *                    certificate against the JVM's trusted authorities and its name against {@code mailer.host}
     */
    MailSender(Vertx vertx, EmailConfig config, int connections) {
        this(vertx, config, connections, new ClientSSLOptions().setHostnameVerificationAlgorithm("HTTPS"));
    }

    /** @param tls how STARTTLS checks the mailer's certificate (the JVM's trusted authorities, unless a test says) */
    MailSender(Vertx vertx, EmailConfig config, int connections, ClientSSLOptions tls) {
        EmailConfig.Mailer m = config.mailer();
        this.from = config.fromName().isBlank() ? config.fromAddress()
                : "\"" + oneLine(config.fromName()).replace("\"", "") + "\" <" + config.fromAddress() + ">";
        this.envelopeFrom = bareAddress(config.fromAddress());
        this.ownHostname = config.messageIdDomain();
        this.client = m.configured()
                ? new SmtpPool(vertx, new SmtpSession.Settings(m.host(), m.port(), m.startTls(), m.username(),
                        m.password(), ownHostname, TIMEOUT_MILLIS, tls), connections)
                : null;
    }

    boolean configured() {
        return client != null;
    }

    /**
     * @param messageId our Message-ID (with angle brackets), recorded before sending so replies thread
     * @param extra     further headers (In-Reply-To, References, Auto-Submitted); values are made one line
     * @param handOver  records the mail as sent before the server can have it (see {@link SmtpSession})
     */
    Future<String> send(List<String> to, String subject, String text, String messageId, MultiMap extra,
                        HandOver handOver) {
        MailMessage message = message(to, subject, text, messageId, extra);
        if (client == null) {
            return Future.failedFuture(notSent(message));
        }
        return client.send(envelopeFrom, message.getTo(),
                SmtpSession.dotStuffed(new MailEncoder(message, ownHostname).encode()), handOver).map(reply -> messageId);
    }

    /**
     * What an unconfigured sender records instead of sending: the reason and the mail as it would have gone out. The
     * Message-ID is left out when there is none yet (a receipt recorded unsent at intake has no outbox id to name).
     */
    NotSent notSent(List<String> to, String subject, String text, String messageId, MultiMap extra) {
        return notSent(message(to, subject, text, messageId, extra));
    }

    private MailMessage message(List<String> to, String subject, String text, String messageId, MultiMap extra) {
        MultiMap headers = MultiMap.caseInsensitiveMultiMap();
        if (messageId != null) {
            headers.set("Message-ID", oneLine(messageId));
        }
        extra.forEach(e -> headers.add(e.getKey(), oneLine(e.getValue())));
        return new MailMessage()
                .setFrom(from)
                .setTo(to.stream().map(MailSender::bareAddress).toList())
                .setSubject(oneLine(subject))
                .setText(text)
                .setHeaders(headers);
    }

    private static NotSent notSent(MailMessage message) {
        JsonObject shown = new JsonObject();
        message.getHeaders().forEach(e -> shown.put(e.getKey(), e.getValue()));
        return new NotSent(NOT_CONFIGURED, new JsonObject()
                .put("from", message.getFrom())
                .put("to", new JsonArray(message.getTo()))
                .put("subject", message.getSubject())
                .put("headers", shown)
                .put("text", message.getText()));
    }

    /** The address alone, checked strictly; a refused address never becomes deliverable by retrying. */
    static String bareAddress(String address) {
        if (address == null || address.chars().anyMatch(c -> c < 0x20 || c == 0x7F)) {
            throw new IllegalArgumentException("not a deliverable address");
        }
        try {
            InternetAddress parsed = new InternetAddress(address.strip(), true);
            if (parsed.getPersonal() != null || parsed.isGroup()) {
                throw new IllegalArgumentException("a bare address is expected");
            }
            return parsed.getAddress().toLowerCase(Locale.ROOT);
        } catch (AddressException e) {
            throw new IllegalArgumentException("not a deliverable address: " + e.getMessage());
        }
    }

    static String oneLine(String s) {
        return s == null ? "" : s.replaceAll("[\\r\\n\\x00-\\x1F\\x7F]+", " ").strip();
    }

    Future<Void> close() {
        return client == null ? Future.succeededFuture() : client.close();
    }
}
