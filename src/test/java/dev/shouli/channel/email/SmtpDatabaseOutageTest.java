package dev.shouli.channel.email;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shouli.Gateway;
import dev.shouli.core.db.DatabaseEndpoint;
import dev.shouli.core.db.EmbeddedDatabase;
import dev.shouli.support.TestDatabase;
import dev.shouli.support.TestGateway;
import jakarta.mail.MessagingException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** While PostgreSQL is down the listener answers 451 so the sending MTA retries; afterwards it accepts again. */
class SmtpDatabaseOutageTest {

    @Test
    void answers451WhileTheDatabaseIsDownAndAcceptsTheRetryOnceItIsBack(@TempDir Path dir) throws Exception {
        int dbPort = SmtpClient.freePort();
        int smtpPort = SmtpClient.freePort();
        Path data = dir.resolve("postgres");
        EmbeddedDatabase database = EmbeddedDatabase.start(data, dbPort, false);
        DatabaseEndpoint endpoint = database.endpoint();
        Gateway gateway = TestGateway.start(endpoint, Map.of(
                "SHOULI_SMTP_ENABLED", "true",
                "SHOULI_SMTP_HOST", "127.0.0.1",
                "SHOULI_SMTP_PORT", String.valueOf(smtpPort),
                "SHOULI_SMTP_RECIPIENTS", "@example.cn"), Clock.systemUTC());
        try {
            SmtpClient client = new SmtpClient(smtpPort);
            var message = client.message("outage@example.cn", "complaints@example.cn", "停水", "小区停水两天，要求解释。");

            database.close();
            assertThatThrownBy(() -> client.send(message))
                    .isInstanceOf(MessagingException.class)
                    .satisfies(e -> assertThat(SmtpListenerTest.causes(e)).contains("451"));

            database = EmbeddedDatabase.start(data, dbPort, false);
            client.send(message);

            assertThat(TestDatabase.queryLong(endpoint, "SELECT count(*) FROM complaint_case"
                    + " WHERE complainant_email = 'outage@example.cn'")).isEqualTo(1);
        } finally {
            TestGateway.stop(gateway);
            database.close();
        }
    }
}
