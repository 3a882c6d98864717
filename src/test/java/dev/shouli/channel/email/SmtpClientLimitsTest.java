package dev.shouli.channel.email;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shouli.Gateway;
import dev.shouli.support.TestDatabase;
import dev.shouli.support.TestGateway;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What one SMTP client may hold and send: sessions at once, messages a minute, and time. Each test speaks from its
 * own loopback address, so each is a client of its own.
 */
class SmtpClientLimitsTest {

    private static Gateway gateway;
    private static int port;

    @BeforeAll
    static void start() {
        port = SmtpClient.freePort();
        gateway = TestGateway.start(TestDatabase.freshDatabase(), Map.of(
                "SHOULI_SMTP_ENABLED", "true",
                "SHOULI_SMTP_HOST", "127.0.0.1",
                "SHOULI_SMTP_PORT", String.valueOf(port),
                "SHOULI_SMTP_RECIPIENTS", "complaints@example.cn",
                "SHOULI_SMTP_MAX_CONNECTIONS_PER_CLIENT", "2",
                "SHOULI_SMTP_MESSAGES_PER_CLIENT_PER_MINUTE", "3",
                "SHOULI_SMTP_IDLE_TIMEOUT", "2s",
                "SHOULI_SMTP_DATA_TIMEOUT", "3s"), Clock.systemUTC());
    }

    @AfterAll
    static void stop() {
        TestGateway.stop(gateway);
    }

    /** One SMTP session spoken by hand from {@code from} (a loopback address). */
    private record Session(Socket socket, BufferedReader in, OutputStream out) implements AutoCloseable {
        static Session open(String from) throws IOException {
            Socket socket = new Socket(InetAddress.getByName("127.0.0.1"), port, InetAddress.getByName(from), 0);
            socket.setSoTimeout(15_000);
            return new Session(socket, new BufferedReader(new InputStreamReader(socket.getInputStream(),
                    StandardCharsets.US_ASCII)), socket.getOutputStream());
        }

        String reply() throws IOException {
            String line = in.readLine();
            while (line != null && line.length() > 3 && line.charAt(3) == '-') {
                line = in.readLine();
            }
            return line;
        }

        String say(String command) throws IOException {
            out.write((command + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            return reply();
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    @Test
    void aClientHoldingItsMostSessionsIsAnswered421() throws Exception {
        try (Session first = Session.open("127.0.0.11"); Session second = Session.open("127.0.0.11")) {
            assertThat(first.reply()).startsWith("220");
            assertThat(second.reply()).startsWith("220");
            try (Session third = Session.open("127.0.0.11")) {
                assertThat(third.reply()).startsWith("421");
            }
            try (Session other = Session.open("127.0.0.12")) {
                assertThat(other.reply()).as("another client").startsWith("220");
            }
        }
    }

    @Test
    void aClientBeyondItsMessagesPerMinuteIsAskedToRetryLater() throws Exception {
        try (Session s = Session.open("127.0.0.13")) {
            s.reply();
            s.say("EHLO tester.example");
            for (int i = 0; i < 3; i++) {
                assertThat(s.say("MAIL FROM:<a@example.cn>")).startsWith("250");
                s.say("RSET");
            }

            assertThat(s.say("MAIL FROM:<a@example.cn>")).startsWith("451").contains("4.7.1");
        }
    }

    @Test
    void aSessionThatSendsNothingIsClosed() throws Exception {
        try (Session s = Session.open("127.0.0.14")) {
            s.reply();
            long started = System.nanoTime();

            String last = s.reply();
            while (last != null) {
                last = s.reply(); // a goodbye line, then the end of the stream
            }

            assertThat((System.nanoTime() - started) / 1_000_000).isBetween(1_500L, 10_000L);
        }
    }

    @Test
    void aMessageDribbledPastTheDataTimeoutIsNotAccepted() throws Exception {
        try (Session s = Session.open("127.0.0.15")) {
            s.reply();
            s.say("EHLO tester.example");
            s.say("MAIL FROM:<slow@example.cn>");
            s.say("RCPT TO:<complaints@example.cn>");
            assertThat(s.say("DATA")).startsWith("354");
            String answer = null;
            try {
                for (int i = 0; i < 12; i++) {
                    s.out().write(("X-Line-" + i + ": slow\r\n").getBytes(StandardCharsets.US_ASCII));
                    s.out().flush();
                    Thread.sleep(500);
                }
                s.out().write("\r\nbody\r\n.\r\n".getBytes(StandardCharsets.US_ASCII));
                s.out().flush();
                answer = s.reply();
            } catch (IOException closed) {
                // the listener ended the session: not accepted
            }
            assertThat(answer).satisfiesAnyOf(a -> assertThat(a).isNull(), a -> assertThat(a).doesNotStartWith("250"));
        }
    }
}
