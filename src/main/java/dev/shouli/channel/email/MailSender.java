package dev.shouli.channel.email;

import dev.shouli.core.outbox.OutboxHandler.NotSent;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mail.LoginOption;
import io.vertx.ext.mail.MailClient;
import io.vertx.ext.mail.MailConfig;
import io.vertx.ext.mail.MailMessage;
import io.vertx.ext.mail.StartTLSOptions;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import java.util.List;
import java.util.Locale;

/**
 * Sends our automatic mail through the configured SMTP server with vertx-mail-client. Every recipient is
 * a bare, validated address and every header value we set is free of line breaks, so nothing a
 * complainant wrote (a name, a subject) can add a header or a recipient.
 *
 * <p>Without a mailer ({@code mailer.host} empty, the zero-setup default) nothing is sent: every mail fails with
 * {@link NotSent} carrying the message as it would have gone out, so it is recorded as unsent, not retried.
 */
final class MailSender {

    static final String NOT_CONFIGURED = "not sent: no mailer configured (set mailer.host, SHOULI_MAILER_HOST)";

    /** Null when no mailer is configured. */
    private final MailClient client;
    private final String from;

    MailSender(Vertx vertx, EmailConfig config) {
        EmailConfig.Mailer m = config.mailer();
        this.from = config.fromName().isBlank() ? config.fromAddress()
                : "\"" + oneLine(config.fromName()).replace("\"", "") + "\" <" + config.fromAddress() + ">";
        if (!m.configured()) {
            this.client = null;
            return;
        }
        MailConfig mailConfig = new MailConfig()
                .setHostname(m.host())
                .setPort(m.port())
                .setStarttls(StartTLSOptions.valueOf(m.startTls()))
                .setKeepAlive(true)
                .setOwnHostname(config.messageIdDomain());
        if (m.username() != null) {
            mailConfig.setUsername(m.username()).setPassword(m.password()).setLogin(LoginOption.REQUIRED);
        } else {
            mailConfig.setLogin(LoginOption.DISABLED);
        }
        this.client = MailClient.create(vertx, mailConfig);
    }

    boolean configured() {
        return client != null;
    }

    /**
     * @param messageId our Message-ID (with angle brackets), recorded before sending so replies thread
     * @param extra     further headers (In-Reply-To, References, Auto-Submitted); values are made one line
     */
    Future<String> send(List<String> to, String subject, String text, String messageId, MultiMap extra) {
        MultiMap headers = MultiMap.caseInsensitiveMultiMap();
        headers.set("Message-ID", oneLine(messageId));
        extra.forEach(e -> headers.add(e.getKey(), oneLine(e.getValue())));
        MailMessage message = new MailMessage()
                .setFrom(from)
                .setTo(to.stream().map(MailSender::bareAddress).toList())
                .setSubject(oneLine(subject))
                .setText(text)
                .setHeaders(headers);
        if (client == null) {
            JsonObject shown = new JsonObject();
            headers.forEach(e -> shown.put(e.getKey(), e.getValue()));
            return Future.failedFuture(new NotSent(NOT_CONFIGURED, new JsonObject()
                    .put("from", message.getFrom())
                    .put("to", new JsonArray(message.getTo()))
                    .put("subject", message.getSubject())
                    .put("headers", shown)
                    .put("text", text)));
        }
        return client.sendMail(message).map(result -> messageId);
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
