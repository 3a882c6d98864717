package dev.shouli.channel.email;

import dev.shouli.core.db.SqlErrors;
import dev.shouli.core.http.ClientRate;
import dev.shouli.core.intake.IntakeResult;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.file.Files;
import java.security.KeyStore;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.subethamail.smtp.MessageContext;
import org.subethamail.smtp.MessageHandler;
import org.subethamail.smtp.RejectException;
import org.subethamail.smtp.server.SMTPServer;

/**
 * The inbound SMTP listener (subethasmtp). Mail is accepted only for configured recipients (550 otherwise)
 * and up to the size limit (552); each client holds a few sessions at once (421 beyond), begins a limited number of
 * messages a minute (451 beyond), and must keep sending: an idle session is closed, and a message must arrive
 * within the data timeout. {@code 250} is answered only after the intake transaction committed; when
 * the database cannot take it the answer is {@code 451} and the sending MTA keeps the mail and retries.
 * Each SMTP session runs on a subethasmtp thread, which is where we block on the intake future — never on
 * a Vert.x event loop.
 *
 * <p>The {@code 250} line names no case: whoever speaks SMTP to us can put any From in a message, and a mail
 * that joined someone else's case must not tell its sender that case exists, nor its reference (docs/architecture.md,
 * "Who has proven a contact").
 * A new case, a merge and an append all answer {@code 250 2.0.0 accepted}; the complainant learns their
 * reference from the receipt we mail to the From address.
 */
public final class SmtpListener extends VerticleBase {

    private static final Logger LOG = LoggerFactory.getLogger(SmtpListener.class);
    /** Longer than the pool's connection timeout, so a database outage shows as "unavailable", not as this. */
    private static final long INTAKE_TIMEOUT_SECONDS = 60;

    private final EmailIntake intake;
    private final EmailConfig config;
    private final Clock clock;
    private final ClientRate messages;
    private SMTPServer server;

    public SmtpListener(EmailIntake intake, EmailConfig config, Clock clock) {
        this.intake = intake;
        this.config = config;
        this.clock = clock;
        this.messages = new ClientRate(config.smtp().limits().messagesPerClientPerMinute(), clock);
    }

    @Override
    public Future<?> start() {
        return vertx.executeBlocking(() -> {
            EmailConfig.SmtpListener c = config.smtp();
            SMTPServer.Builder builder = SMTPServer.port(c.port())
                    .bindAddress(InetAddress.getByName(c.host()))
                    .hostName(config.messageIdDomain())
                    .softwareName("Shouli")
                    .maxMessageSize((int) Math.min(Integer.MAX_VALUE, config.maxMessageBytes()))
                    .maxConnections(c.limits().maxConnections())
                    .connectionTimeout((int) c.limits().idleTimeout().toMillis(), TimeUnit.MILLISECONDS)
                    .sessionHandler(new SmtpClients(c.limits().maxConnectionsPerClient()))
                    .messageHandlerFactory(Session::new);
            if (c.tlsKeystore() != null) {
                builder.enableTLS().startTlsSocketFactory(sslContext(c));
            }
            server = builder.build();
            server.start();
            LOG.info("SMTP listener on {}:{} for {}", c.host(), server.getPortAllocated(), c.recipients());
            return null;
        });
    }

    @Override
    public Future<?> stop() {
        return vertx.executeBlocking(() -> {
            if (server != null) {
                server.stop();
            }
            return null;
        });
    }

    /** The port actually bound (useful when configured as 0). */
    public int port() {
        return server.getPortAllocated();
    }

    private static SSLContext sslContext(EmailConfig.SmtpListener c) throws Exception {
        KeyStore keys = KeyStore.getInstance("PKCS12");
        char[] password = c.tlsPassword() == null ? new char[0] : c.tlsPassword().toCharArray();
        try (InputStream in = Files.newInputStream(c.tlsKeystore())) {
            keys.load(in, password);
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keys, password);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(kmf.getKeyManagers(), null, null);
        return context;
    }

    boolean accepts(String recipient) {
        String r = recipient.strip().toLowerCase(Locale.ROOT);
        int at = r.lastIndexOf('@');
        String domain = at < 0 ? "" : r.substring(at);
        return config.smtp().recipients().stream().anyMatch(allowed -> allowed.equals(r) || allowed.equals(domain));
    }

    /** One SMTP transaction. */
    /** The same word for every outcome that made or joined a case; the others concern this message only. */
    static String answer(IntakeResult result) {
        return switch (result.outcome()) {
            case CREATED, MERGED, APPENDED -> "accepted";
            default -> result.outcome().code();
        };
    }

    private final class Session implements MessageHandler {

        private final String client;
        private String mailFrom;
        private final List<String> recipients = new ArrayList<>();

        Session(MessageContext context) {
            this.client = SmtpClients.client(context.getRemoteAddress());
        }

        @Override
        public void from(String from) throws RejectException {
            long retryAfter = messages.take(client);
            if (retryAfter > 0) {
                throw new RejectException(451, "4.7.1 too many messages from your address; try again in "
                        + retryAfter + " seconds");
            }
            this.mailFrom = from == null ? "" : from;
        }

        @Override
        public void recipient(String recipient) throws RejectException {
            if (!accepts(recipient)) {
                throw new RejectException(550, "5.1.1 <" + recipient.replaceAll("[\\r\\n]", "")
                        + ">: no such recipient here");
            }
            recipients.add(recipient.toLowerCase(Locale.ROOT));
        }

        @Override
        public String data(InputStream data) throws RejectException, IOException {
            InputStream timed = new DeadlineInputStream(data, config.smtp().limits().dataTimeout());
            byte[] raw = timed.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, config.maxMessageBytes() + 1));
            if (raw.length > config.maxMessageBytes()) {
                throw new RejectException(552, "5.3.4 message larger than " + config.maxMessageBytes() + " bytes");
            }
            Envelope envelope = new Envelope("smtp", mailFrom, recipients, null);
            try {
                IntakeResult result = intake.accept(raw, envelope, clock.instant()).toCompletionStage()
                        .toCompletableFuture().get(INTAKE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
                return "2.0.0 " + answer(result);
            } catch (ExecutionException e) {
                if (!SqlErrors.isUnavailable(e.getCause())) {
                    LOG.error("SMTP intake failed; asking the sender to retry", e.getCause());
                }
                throw new RejectException(451, "4.3.0 cannot store the message now; please try again later");
            } catch (TimeoutException e) {
                throw new RejectException(451, "4.3.0 storing the message took too long; please try again later");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new RejectException(451, "4.3.0 shutting down; please try again later");
            }
        }

        @Override
        public void done() {
        }
    }
}
