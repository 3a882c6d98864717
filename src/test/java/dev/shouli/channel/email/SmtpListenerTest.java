package dev.shouli.channel.email;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shouli.Gateway;
import dev.shouli.core.db.DatabaseEndpoint;
import dev.shouli.support.TestDatabase;
import dev.shouli.support.TestGateway;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The SMTP listener with a real jakarta.mail client: 250 after commit, 550 for strangers, 552 when too large. */
class SmtpListenerTest {

    private static DatabaseEndpoint db;
    private static Gateway gateway;
    private static SmtpClient client;
    private static int smtpPort;

    @BeforeAll
    static void start() {
        int port = SmtpClient.freePort();
        smtpPort = port;
        db = TestDatabase.freshDatabase();
        gateway = TestGateway.start(db, Map.of(
                "SHOULI_SMTP_ENABLED", "true",
                "SHOULI_SMTP_HOST", "127.0.0.1",
                "SHOULI_SMTP_PORT", String.valueOf(port),
                "SHOULI_SMTP_RECIPIENTS", "complaints@example.cn,@tousu.example.cn",
                "SHOULI_EMAIL_MAX_MESSAGE_BYTES", "20000"), Clock.systemUTC());
        client = new SmtpClient(port);
    }

    @AfterAll
    static void stop() {
        TestGateway.stop(gateway);
    }

    @Test
    void mailForAConfiguredAddressIsStoredBeforeItIsAccepted() throws Exception {
        MimeMessage m = client.message("smtp-user@example.cn", "complaints@example.cn", "空调投诉",
                "投诉对象：某某电器。空调漏水，要求维修。");
        client.send(m);

        assertThat(TestDatabase.queryLong(db, "SELECT count(*) FROM submission WHERE transport = 'smtp'"
                + " AND external_id = '" + m.getMessageID() + "' AND outcome = 'created'")).isEqualTo(1);
        assertThat(TestDatabase.queryLong(db, "SELECT count(*) FROM complaint_case WHERE complainant_email ="
                + " 'smtp-user@example.cn' AND respondent_name = '某某电器'")).isEqualTo(1);
    }

    /**
     * Whoever speaks SMTP to us can put any From in a message: the 250 line must not tell them which case the mail
     * made or joined (a merge would name someone else's reference). Spoken by hand, to read the line itself.
     */
    @Test
    void theAcceptingLineNamesNoCase() throws Exception {
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", smtpPort)) {
            socket.setSoTimeout(30_000);
            var in = new java.io.BufferedReader(new java.io.InputStreamReader(socket.getInputStream(),
                    java.nio.charset.StandardCharsets.US_ASCII));
            var out = socket.getOutputStream();
            assertThat(reply(in)).startsWith("220");
            for (String command : new String[] {"EHLO tester.example", "MAIL FROM:<forged@example.cn>",
                    "RCPT TO:<complaints@example.cn>", "DATA"}) {
                out.write((command + "\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                out.flush();
                assertThat(reply(in)).as(command).matches("(250|354).*");
            }
            out.write(("From: someone@example.cn\r\nTo: complaints@example.cn\r\nSubject: noise\r\n"
                    + "Message-ID: <line-" + System.nanoTime() + "@example.cn>\r\n\r\nloud music every night\r\n.\r\n")
                    .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            out.flush();

            String accepted = reply(in);

            assertThat(accepted).isEqualTo("250 2.0.0 accepted");
        }
        assertThat(TestDatabase.queryLong(db, "SELECT count(*) FROM complaint_case WHERE complainant_email ="
                + " 'someone@example.cn'")).isEqualTo(1);
    }

    /** The last line of a (possibly multi-line) SMTP reply. */
    private static String reply(java.io.BufferedReader in) throws java.io.IOException {
        String line = in.readLine();
        while (line != null && line.length() > 3 && line.charAt(3) == '-') {
            line = in.readLine();
        }
        return line;
    }

    @Test
    void anyAddressOfAConfiguredDomainIsAccepted() throws Exception {
        client.send(client.message("domain-user@example.cn", "anyone@tousu.example.cn", "domain", "物业不作为。"));

        assertThat(TestDatabase.queryLong(db, "SELECT count(*) FROM complaint_case WHERE complainant_email ="
                + " 'domain-user@example.cn'")).isEqualTo(1);
    }

    @Test
    void anotherRecipientIsRefusedWith550() {
        assertThatThrownBy(() -> client.send(client.message("x@example.cn", "someone@elsewhere.example", "s", "t")))
                .isInstanceOf(MessagingException.class)
                .satisfies(e -> assertThat(causes(e)).contains("550"));
    }

    @Test
    void aMessageOverTheSizeLimitIsRefusedWith552() {
        assertThatThrownBy(() -> client.send(client.message("big@example.cn", "complaints@example.cn", "big",
                "大".repeat(20_000))))
                .isInstanceOf(MessagingException.class)
                .satisfies(e -> assertThat(causes(e)).contains("552"));
        assertThat(TestDatabase.queryLong(db, "SELECT count(*) FROM submission WHERE headers->>'x-shouli-from-address'"
                + " = 'big@example.cn'")).isZero();
    }

    @Test
    void anAutoReplyIsAcceptedButSuppressed() throws Exception {
        MimeMessage m = client.message("away@example.cn", "complaints@example.cn", "Automatic reply: hi", "away");
        m.setHeader("Auto-Submitted", "auto-replied");
        client.send(m);

        assertThat(TestDatabase.queryLong(db, "SELECT count(*) FROM submission WHERE external_id = '"
                + m.getMessageID() + "' AND outcome = 'suppressed' AND case_id IS NULL")).isEqualTo(1);
    }

    static String causes(Throwable e) {
        StringBuilder s = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            s.append(t.getMessage()).append(" | ");
            if (t instanceof jakarta.mail.SendFailedException sf && sf.getNextException() != null
                    && sf.getNextException() != t.getCause()) {
                s.append(causes(sf.getNextException()));
            }
        }
        return s.toString();
    }
}
