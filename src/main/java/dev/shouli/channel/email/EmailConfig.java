package dev.shouli.channel.email;

import dev.shouli.core.config.ConfigException;
import dev.shouli.core.config.ConfigTree;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The email channel: parsing limits, who our staff and our own addresses are, the SMTP listener, the IMAP
 * mailboxes, and the SMTP server acknowledgements go out through. Passwords and tokens come only from the
 * environment.
 *
 * @param webhookToken            bearer token for {@code POST /intake/email}; null disables the endpoint
 * @param staffAddresses          staff whose forwards carry a customer's mail: the complainant is the original sender
 * @param autoMailsPerAddressPerDay automatic mails (receipts) one address gets per day at most: the loop guard
 */
public record EmailConfig(String webhookToken, String fromAddress, String fromName, String messageIdDomain,
                          List<String> staffAddresses, long maxMessageBytes, int maxMimeDepth, int maxMimeParts,
                          int maxAttachments, long maxAttachmentBytes, long maxAttachmentBytesTotal,
                          int autoMailsPerAddressPerDay, SmtpListener smtp, Imap imap, Mailer mailer) {

    /**
     * @param recipients addresses ({@code complaints@example.cn}) and domains ({@code @example.cn}) we accept
     *                   mail for; anything else is refused with 550
     * @param tlsKeystore PKCS#12 file with the certificate for STARTTLS; null: no STARTTLS
     */
    public record SmtpListener(boolean enabled, String host, int port, List<String> recipients, Path tlsKeystore,
                               String tlsPassword, SmtpLimits limits) {
        @Override
        public String toString() {
            return "SmtpListener[" + host + ":" + port + ", enabled=" + enabled + "]";
        }
    }

    /**
     * What one SMTP client (remote address) may hold and send (docs/hostile-input.md, "Connections and clients").
     *
     * @param idleTimeout                a session that sends nothing this long is closed
     * @param dataTimeout                a message (DATA) must have arrived this soon after it began
     * @param maxConnections             sessions at once, all clients together
     * @param maxConnectionsPerClient    sessions one client holds at once
     * @param messagesPerClientPerMinute messages one client may start per minute (per gateway process); beyond, 451
     */
    public record SmtpLimits(Duration idleTimeout, Duration dataTimeout, int maxConnections,
                             int maxConnectionsPerClient, int messagesPerClientPerMinute) {
    }

    /** @param mailboxes from SHOULI_IMAP_MAILBOXES (they carry passwords) */
    public record Imap(Duration pollInterval, boolean idle, List<Mailbox> mailboxes) {
    }

    /**
     * One polled mailbox, from {@code imap[s]://user:password@host:port/FOLDER?moveTo=Processed&starttls=true}.
     *
     * @param name   stable identity of the mailbox in the database (user@host/folder)
     * @param moveTo folder processed messages are moved to after commit; null leaves them in place
     */
    public record Mailbox(String name, String protocol, String host, int port, String user, String password,
                          String folder, String moveTo, boolean startTls) {
        @Override
        public String toString() {
            return "Mailbox[" + name + "]";
        }
    }

    /** The SMTP server receipts and notices are sent through; {@code host} null: none, nothing is sent. */
    public record Mailer(String host, int port, String startTls, String username, String password) {
        public boolean configured() {
            return host != null;
        }

        @Override
        public String toString() {
            return configured() ? "Mailer[" + host + ":" + port + "]" : "Mailer[none]";
        }
    }

    public static EmailConfig from(ConfigTree c, Map<String, String> env) {
        SmtpListener smtp = new SmtpListener(
                c.bool("smtp.enabled"),
                c.string("smtp.host"),
                c.intValue("smtp.port", 0, 65535),
                lower(ConfigTree.splitList(c.optionalString("smtp.recipients"))),
                c.optionalString("smtp.tlsKeystore") == null ? null : Path.of(c.optionalString("smtp.tlsKeystore")),
                blankToNull(env.get("SHOULI_SMTP_TLS_PASSWORD")),
                new SmtpLimits(c.duration("smtp.idleTimeout"), c.duration("smtp.dataTimeout"),
                        c.intValue("smtp.maxConnections", 1, 100_000),
                        c.intValue("smtp.maxConnectionsPerClient", 1, 100_000),
                        c.intValue("smtp.messagesPerClientPerMinute", 0, 1_000_000)));
        Imap imap = new Imap(c.duration("imap.pollInterval"), c.bool("imap.idle"),
                mailboxes(env.get("SHOULI_IMAP_MAILBOXES")));
        Mailer mailer = new Mailer(
                c.optionalString("mailer.host"),
                c.intValue("mailer.port", 1, 65535),
                c.oneOf("mailer.startTls", List.of("DISABLED", "OPTIONAL", "REQUIRED")),
                blankToNull(env.get("SHOULI_MAILER_USERNAME")),
                blankToNull(env.get("SHOULI_MAILER_PASSWORD")));
        String token = blankToNull(env.get("SHOULI_EMAIL_WEBHOOK_TOKEN"));
        if (token != null && token.length() < 16) {
            throw new ConfigException("invalid value for SHOULI_EMAIL_WEBHOOK_TOKEN: a token must be at least 16 characters");
        }
        return new EmailConfig(token,
                c.matching("email.fromAddress", "[^@\\s<>]+@[^@\\s<>]+", "an address such as complaints@example.cn")
                        .toLowerCase(Locale.ROOT),
                c.string("email.fromName").replaceAll("[\\r\\n]", " "),
                c.matching("email.messageIdDomain", "[A-Za-z0-9.-]+", "a domain name"),
                lower(ConfigTree.splitList(c.optionalString("email.staffAddresses"))),
                c.longValue("email.maxMessageBytes", 1024, 1L << 30),
                c.intValue("email.maxMimeDepth", 1, 100),
                c.intValue("email.maxMimeParts", 1, 10_000),
                c.intValue("email.maxAttachments", 0, 1000),
                c.longValue("email.maxAttachmentBytes", 1, 1L << 30),
                c.longValue("email.maxAttachmentBytesTotal", 1, 1L << 31),
                c.intValue("email.autoMailsPerAddressPerDay", 0, 1000),
                smtp, imap, mailer);
    }

    static List<Mailbox> mailboxes(String value) {
        List<Mailbox> out = new ArrayList<>();
        for (String entry : ConfigTree.splitList(value)) {
            URI uri;
            try {
                uri = URI.create(entry);
            } catch (IllegalArgumentException e) {
                throw new ConfigException("invalid mailbox in SHOULI_IMAP_MAILBOXES: not a URL");
            }
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            String info = uri.getRawUserInfo();
            if (!scheme.equals("imap") && !scheme.equals("imaps") || uri.getHost() == null || info == null
                    || !info.contains(":")) {
                throw new ConfigException("invalid mailbox in SHOULI_IMAP_MAILBOXES: expected "
                        + "imap[s]://user:password@host:port/FOLDER");
            }
            String user = decode(info.substring(0, info.indexOf(':')));
            String password = decode(info.substring(info.indexOf(':') + 1));
            String folder = uri.getPath() == null || uri.getPath().length() <= 1 ? "INBOX" : uri.getPath().substring(1);
            String moveTo = null;
            boolean startTls = false;
            if (uri.getQuery() != null) {
                for (String param : uri.getQuery().split("&")) {
                    String[] kv = param.split("=", 2);
                    if (kv[0].equals("moveTo") && kv.length == 2 && !kv[1].isBlank()) {
                        moveTo = kv[1];
                    } else if (kv[0].equals("starttls")) {
                        startTls = kv.length == 1 || Boolean.parseBoolean(kv[1]);
                    }
                }
            }
            int port = uri.getPort() > 0 ? uri.getPort() : scheme.equals("imaps") ? 993 : 143;
            out.add(new Mailbox(user + "@" + uri.getHost() + ":" + port + "/" + folder, scheme, uri.getHost(), port,
                    user, password, folder, moveTo, startTls));
        }
        return List.copyOf(out);
    }

    private static String decode(String s) {
        return java.net.URLDecoder.decode(s, java.nio.charset.StandardCharsets.UTF_8);
    }

    private static List<String> lower(List<String> values) {
        return values.stream().map(v -> v.toLowerCase(Locale.ROOT)).toList();
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    @Override
    public String toString() {
        return "EmailConfig[from=" + fromAddress + ", " + smtp + ", mailboxes=" + imap.mailboxes() + ", " + mailer + "]";
    }
}
