package dev.shouli.channel.email;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shouli.Gateway;
import dev.shouli.core.db.DatabaseEndpoint;
import dev.shouli.support.TestDatabase;
import dev.shouli.support.TestGateway;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** With a certificate configured, the listener offers STARTTLS and takes mail over it. */
class SmtpStartTlsTest {

    @Test
    void mailIsAcceptedOverStartTls(@TempDir Path dir) throws Exception {
        Path keystore = dir.resolve("smtp.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "smtp", "-keyalg", "RSA", "-keysize", "2048", "-dname", "CN=localhost",
                "-validity", "2", "-storetype", "PKCS12", "-keystore", keystore.toString(),
                "-storepass", "changeit-123", "-keypass", "changeit-123").inheritIO().start();
        assertThat(keytool.waitFor(60, TimeUnit.SECONDS)).isTrue();
        int port = SmtpClient.freePort();
        DatabaseEndpoint db = TestDatabase.freshDatabase();
        Gateway gateway = TestGateway.start(db, Map.of(
                "SHOULI_SMTP_ENABLED", "true",
                "SHOULI_SMTP_HOST", "127.0.0.1",
                "SHOULI_SMTP_PORT", String.valueOf(port),
                "SHOULI_SMTP_RECIPIENTS", "@example.cn",
                "SHOULI_SMTP_TLS_KEYSTORE", keystore.toString(),
                "SHOULI_SMTP_TLS_PASSWORD", "changeit-123"), Clock.systemUTC());
        try {
            Properties p = new Properties();
            p.setProperty("mail.smtp.host", "127.0.0.1");
            p.setProperty("mail.smtp.port", String.valueOf(port));
            p.setProperty("mail.smtp.starttls.enable", "true");
            p.setProperty("mail.smtp.starttls.required", "true");
            p.setProperty("mail.smtp.ssl.trust", "*");
            p.setProperty("mail.smtp.ssl.checkserveridentity", "false");
            MimeMessage m = new MimeMessage(Session.getInstance(p));
            m.setFrom(new InternetAddress("tls@example.cn"));
            m.setRecipient(Message.RecipientType.TO, new InternetAddress("complaints@example.cn"));
            m.setSubject("加密投诉", "UTF-8");
            m.setText("通过 STARTTLS 发送的投诉：要求退款。", "UTF-8");

            Transport.send(m);

            assertThat(TestDatabase.queryLong(db, "SELECT count(*) FROM complaint_case WHERE complainant_email"
                    + " = 'tls@example.cn'")).isEqualTo(1);
        } finally {
            TestGateway.stop(gateway);
        }
    }
}
