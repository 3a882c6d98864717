package dev.shouli.channel.email;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import dev.shouli.core.outbox.HandOver;
import dev.shouli.core.outbox.OutboxHandler.PermanentFailure;
import dev.shouli.core.outbox.OutboxHandler.Unconfirmed;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.ClientSSLOptions;
import io.vertx.core.net.NetServer;
import io.vertx.core.parsetools.RecordParser;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.subethamail.smtp.server.SMTPServer;

/** The gateway's own SMTP client: real servers (GreenMail, subethasmtp) and a scripted one for what they cannot do. */
class SmtpPoolTest {

    private static final long TIMEOUT = 3_000;

    private Vertx vertx;
    private final List<AutoCloseable> servers = new ArrayList<>();

    @BeforeEach
    void setUp() {
        vertx = Vertx.vertx();
    }

    @AfterEach
    void tearDown() throws Exception {
        for (AutoCloseable s : servers) {
            s.close();
        }
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private static <T> T await(Future<T> future) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
    }

    private static Throwable failure(Future<?> future) throws Exception {
        try {
            await(future);
        } catch (ExecutionException e) {
            return e.getCause();
        }
        throw new AssertionError("expected the send to fail");
    }

    private GreenMail greenMail() {
        GreenMail mail = new GreenMail(new ServerSetup(SmtpClient.freePort(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        mail.start();
        servers.add(mail::stop);
        return mail;
    }

    private SmtpPool pool(int port, String startTls, String user, String password, int size) {
        return new SmtpPool(vertx, new SmtpSession.Settings("127.0.0.1", port, startTls, user, password,
                "shouli.invalid", TIMEOUT, new ClientSSLOptions().setTrustAll(true).setHostnameVerificationAlgorithm("")), size);
    }

    private static Buffer message(String to, String body) {
        return SmtpSession.dotStuffed("From: complaints@shouli.invalid\r\nTo: " + to
                + "\r\nSubject: test\r\nMessage-ID: <t." + System.nanoTime() + "@shouli.invalid>\r\n\r\n" + body + "\r\n");
    }

    @Test
    void linesStartingWithADotArriveAsWritten() throws Exception {
        GreenMail mail = greenMail();
        SmtpPool pool = pool(mail.getSmtp().getPort(), "DISABLED", null, null, 2);

        await(pool.send("complaints@shouli.invalid", List.of("li@example.cn"),
                message("li@example.cn", ".\r\n..two dots\r\n.one dot"), HandOver.NONE));

        MimeMessage received = mail.getReceivedMessages()[0];
        assertThat(((String) received.getContent()).replace("\r\n", "\n")).startsWith(".\n..two dots\n.one dot");
    }

    @Test
    void aMailWhoseHandOverFailsNeverReachesTheServer() throws Exception {
        GreenMail mail = greenMail();
        SmtpPool pool = pool(mail.getSmtp().getPort(), "DISABLED", null, null, 2);

        Throwable refused = failure(pool.send("complaints@shouli.invalid", List.of("li@example.cn"),
                message("li@example.cn", "Your reference is TS20261207-000001A."),
                () -> Future.failedFuture(new IllegalStateException("another instance has taken it over"))));
        await(pool.send("complaints@shouli.invalid", List.of("wang@example.cn"),
                message("wang@example.cn", "The next one goes out."), HandOver.NONE));

        assertThat(refused).hasMessageContaining("taken it over");
        assertThat(mail.getReceivedMessages()).as("only the second mail").hasSize(1);
        assertThat(mail.getReceivedMessages()[0].getAllRecipients()[0].toString()).isEqualTo("wang@example.cn");
    }

    @Test
    void theHandOverIsRecordedAfterTheDataAndBeforeItsEnd() throws Exception {
        Scripted server = scripted();
        SmtpPool pool = pool(server.port(), "DISABLED", null, null, 1);
        List<String> seenAtHandOver = new ArrayList<>();

        await(pool.send("complaints@shouli.invalid", List.of("li@example.cn"), message("li@example.cn", "text"),
                () -> {
                    seenAtHandOver.addAll(server.lines);
                    return Future.succeededFuture();
                }));

        assertThat(seenAtHandOver).contains("DATA").doesNotContain(".");
        assertThat(server.lines).contains(".");
    }

    @Test
    void connectionsAreKeptOpenAndReused() throws Exception {
        Scripted server = scripted();
        SmtpPool pool = pool(server.port(), "DISABLED", null, null, 2);

        List<Future<String>> sends = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            sends.add(pool.send("complaints@shouli.invalid", List.of("p" + i + "@example.cn"),
                    message("p" + i + "@example.cn", "text " + i), HandOver.NONE));
        }
        await(Future.all(sends));

        assertThat(server.messages.get()).isEqualTo(20);
        assertThat(server.connections.get()).as("at most the pool's size").isBetween(1, 2);
    }

    @Test
    void noAnswerToTheEndOfTheDataLeavesTheMailUnconfirmed() throws Exception {
        Scripted server = scripted();
        server.silentAtEndOfData = true;
        SmtpPool pool = pool(server.port(), "DISABLED", null, null, 1);

        Throwable failure = failure(pool.send("complaints@shouli.invalid", List.of("li@example.cn"),
                message("li@example.cn", "text"), HandOver.NONE));

        assertThat(failure).isInstanceOf(Unconfirmed.class);
    }

    @Test
    void aRecipientRefusedForGoodIsAPermanentFailureAndTheConnectionCarriesOn() throws Exception {
        Scripted server = scripted();
        server.refuse = "nobody@example.cn";
        SmtpPool pool = pool(server.port(), "DISABLED", null, null, 1);

        Throwable failure = failure(pool.send("complaints@shouli.invalid", List.of("nobody@example.cn"),
                message("nobody@example.cn", "text"), HandOver.NONE));
        await(pool.send("complaints@shouli.invalid", List.of("li@example.cn"), message("li@example.cn", "text"),
                HandOver.NONE));

        assertThat(failure).isInstanceOf(PermanentFailure.class).hasMessageContaining("550");
        assertThat(server.lines).contains("RSET");
        assertThat(server.connections.get()).isEqualTo(1);
    }

    @Test
    void aConnectionTheServerClosedWhileIdleIsReplacedWithoutLosingTheMail() throws Exception {
        Scripted server = scripted();
        SmtpPool pool = pool(server.port(), "DISABLED", null, null, 1);
        await(pool.send("complaints@shouli.invalid", List.of("li@example.cn"), message("li@example.cn", "one"),
                HandOver.NONE));

        server.closeAll();
        Thread.sleep(200);
        await(pool.send("complaints@shouli.invalid", List.of("li@example.cn"), message("li@example.cn", "two"),
                HandOver.NONE));

        assertThat(server.messages.get()).isEqualTo(2);
        assertThat(server.connections.get()).isEqualTo(2);
    }

    @Test
    void itLogsInWithTheConfiguredUser() throws Exception {
        GreenMail mail = greenMail();
        mail.setUser("sender@shouli.invalid", "relay-user", "relay-password-1");
        SmtpPool pool = pool(mail.getSmtp().getPort(), "DISABLED", "relay-user", "relay-password-1", 1);

        await(pool.send("complaints@shouli.invalid", List.of("li@example.cn"), message("li@example.cn", "text"),
                HandOver.NONE));

        assertThat(mail.getReceivedMessages()).hasSize(1);
    }

    @Test
    void aWrongPasswordFailsTheSendWithoutSendingAnything() throws Exception {
        GreenMail mail = greenMail();
        mail.setUser("sender@shouli.invalid", "relay-user", "relay-password-1");
        SmtpPool pool = pool(mail.getSmtp().getPort(), "DISABLED", "relay-user", "wrong-password", 1);

        Throwable failure = failure(pool.send("complaints@shouli.invalid", List.of("li@example.cn"),
                message("li@example.cn", "text"), HandOver.NONE));

        assertThat(failure).hasMessageContaining("AUTH");
        assertThat(failure).isNotInstanceOf(PermanentFailure.class);
        assertThat(mail.getReceivedMessages()).isEmpty();
    }

    @Test
    void startTlsRequiredFailsAgainstAServerWithoutIt() throws Exception {
        GreenMail mail = greenMail();
        SmtpPool pool = pool(mail.getSmtp().getPort(), "REQUIRED", null, null, 1);

        Throwable failure = failure(pool.send("complaints@shouli.invalid", List.of("li@example.cn"),
                message("li@example.cn", "text"), HandOver.NONE));

        assertThat(failure).hasMessageContaining("STARTTLS");
        assertThat(mail.getReceivedMessages()).isEmpty();
    }

    @Test
    void mailGoesOverStartTlsWhenTheServerOffersIt(@TempDir Path dir) throws Exception {
        List<String> received = new CopyOnWriteArrayList<>();
        SMTPServer server = SMTPServer.port(SmtpClient.freePort())
                .bindAddress(InetAddress.getByName("127.0.0.1"))
                .enableTLS()
                .requireTLS()
                .startTlsSocketFactory(selfSigned(dir))
                .messageHandler((context, from, to, data) -> received.add(new String(data, StandardCharsets.UTF_8)))
                .build();
        server.start();
        servers.add(server::stop);
        SmtpPool pool = pool(server.getPortAllocated(), "REQUIRED", null, null, 1);

        await(pool.send("complaints@shouli.invalid", List.of("li@example.cn"), message("li@example.cn", "密文"),
                HandOver.NONE));

        assertThat(received).hasSize(1);
        assertThat(received.get(0)).contains("To: li@example.cn");
    }

    private static SSLContext selfSigned(Path dir) throws Exception {
        Path keystore = dir.resolve("smtp.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "smtp", "-keyalg", "RSA", "-keysize", "2048", "-dname", "CN=localhost",
                "-validity", "2", "-storetype", "PKCS12", "-keystore", keystore.toString(),
                "-storepass", "changeit-123", "-keypass", "changeit-123").redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        assertThat(keytool.waitFor(60, TimeUnit.SECONDS)).isTrue();
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            keys.load(in, "changeit-123".toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keys, "changeit-123".toCharArray());
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(kmf.getKeyManagers(), null, null);
        return context;
    }

    private Scripted scripted() throws Exception {
        Scripted s = new Scripted(vertx);
        servers.add(s);
        return s;
    }

    /** An SMTP server that says yes to everything unless told otherwise, and keeps count. */
    private static final class Scripted implements AutoCloseable {
        final List<String> lines = Collections.synchronizedList(new ArrayList<>());
        final AtomicInteger connections = new AtomicInteger();
        final AtomicInteger messages = new AtomicInteger();
        final List<io.vertx.core.net.NetSocket> open = new CopyOnWriteArrayList<>();
        volatile boolean silentAtEndOfData;
        volatile String refuse;
        private final NetServer server;

        Scripted(Vertx vertx) throws Exception {
            server = vertx.createNetServer().connectHandler(socket -> {
                connections.incrementAndGet();
                open.add(socket);
                boolean[] inData = {false};
                ByteArrayOutputStream data = new ByteArrayOutputStream();
                socket.handler(RecordParser.newDelimited("\r\n", line -> {
                    String l = line.toString(StandardCharsets.UTF_8);
                    if (inData[0]) {
                        if (!l.equals(".")) {
                            data.writeBytes(line.getBytes());
                            return;
                        }
                        lines.add(".");
                        inData[0] = false;
                        if (!silentAtEndOfData) {
                            messages.incrementAndGet();
                            socket.write("250 2.0.0 queued\r\n");
                        }
                        return;
                    }
                    lines.add(l);
                    String verb = l.length() >= 4 ? l.substring(0, 4).toUpperCase() : l.toUpperCase();
                    switch (verb) {
                        case "EHLO" -> socket.write("250-scripted\r\n250 8BITMIME\r\n");
                        case "DATA" -> {
                            inData[0] = true;
                            socket.write("354 go ahead\r\n");
                        }
                        case "RCPT" -> socket.write(refuse != null && l.contains(refuse)
                                ? "550 5.1.1 no such user\r\n" : "250 2.1.5 ok\r\n");
                        case "QUIT" -> socket.write("221 bye\r\n").onComplete(v -> socket.close());
                        default -> socket.write("250 ok\r\n");
                    }
                }));
                socket.closeHandler(v -> open.remove(socket));
                socket.write("220 scripted ESMTP\r\n");
            }).listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }

        int port() {
            return server.actualPort();
        }

        void closeAll() {
            open.forEach(io.vertx.core.net.NetSocket::close);
        }

        @Override
        public void close() throws Exception {
            server.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }
}
