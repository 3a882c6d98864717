package dev.shouli.channel.email;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import dev.shouli.Gateway;
import dev.shouli.core.db.DatabaseEndpoint;
import dev.shouli.support.TestDatabase;
import dev.shouli.support.TestGateway;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.time.Clock;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Polling a real IMAP server (GreenMail): catch-up after downtime, one poller per mailbox across instances. */
class ImapPollerTest {

    private GreenMail greenMail;
    private GreenMailUser user;
    private DatabaseEndpoint db;
    private Map<String, String> env;

    @BeforeEach
    void start() {
        int port = SmtpClient.freePort();
        greenMail = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_IMAP));
        greenMail.start();
        user = greenMail.setUser("box@example.cn", "box", "secret-password");
        db = TestDatabase.freshDatabase();
        env = Map.of("SHOULI_IMAP_MAILBOXES", "imap://box:secret-password@127.0.0.1:" + port + "/INBOX",
                "SHOULI_IMAP_POLL_INTERVAL", "300ms");
    }

    @AfterEach
    void stop() {
        greenMail.stop();
    }

    private void deliver(int n) throws Exception {
        MimeMessage m = new MimeMessage(Session.getInstance(new Properties()));
        m.setFrom(new InternetAddress("imap-user" + n + "@example.cn"));
        m.setRecipient(Message.RecipientType.TO, new InternetAddress("box@example.cn"));
        m.setSubject("投诉 " + n, "UTF-8");
        m.setText("第" + n + "封：外卖送错了，要求退款。", "UTF-8");
        m.setHeader("Message-ID", "<imap-" + n + "@example.cn>");
        user.deliver(m);
    }

    private long cases() {
        return TestDatabase.queryLong(db, "SELECT count(*) FROM complaint_case");
    }

    private void awaitCases(long expected) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (cases() < expected && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertThat(cases()).isEqualTo(expected);
    }

    @Test
    void catchesUpOnEverythingThatArrivedWhileItWasDown() throws Exception {
        deliver(1);
        deliver(2);
        Gateway first = TestGateway.start(db, env, Clock.systemUTC());
        try {
            awaitCases(2);
        } finally {
            TestGateway.stop(first);
        }
        deliver(3);
        deliver(4);
        deliver(5);

        Gateway second = TestGateway.start(db, env, Clock.systemUTC());
        try {
            awaitCases(5);
        } finally {
            TestGateway.stop(second);
        }
        assertThat(TestDatabase.queryLong(db, "SELECT last_uid FROM email_mailbox")).isEqualTo(5);
        assertThat(TestDatabase.queryLong(db, "SELECT count(*) FROM submission WHERE transport = 'imap'")).isEqualTo(5);
        assertThat(TestDatabase.queryLong(db, "SELECT count(*) FROM email_mailbox_gap")).isZero();
    }

    @Test
    void twoInstancesPollingOneMailboxMakeNoDuplicatesAndOnlyOneHoldsIt() throws Exception {
        Gateway a = TestGateway.start(db, env, Clock.systemUTC());
        Gateway b = TestGateway.start(db, env, Clock.systemUTC());
        try {
            for (int i = 1; i <= 6; i++) {
                deliver(i);
            }
            awaitCases(6);

            assertThat(TestDatabase.queryLong(db, "SELECT count(*) FROM submission")).isEqualTo(6);
            assertThat(TestDatabase.queryLong(db, "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory'"
                    + " AND granted AND database = (SELECT oid FROM pg_database WHERE datname = current_database())"))
                    .isEqualTo(1);
        } finally {
            TestGateway.stop(a);
            TestGateway.stop(b);
        }
    }

    @Test
    void neverRelyOnTheSeenFlag() throws Exception {
        deliver(1);
        Gateway gateway = TestGateway.start(db, env, Clock.systemUTC());
        try {
            awaitCases(1);
        } finally {
            TestGateway.stop(gateway);
        }
        // Read-only polling leaves the flags as they were: the mailbox's owner still sees it as new.
        assertThat(greenMail.getReceivedMessages()[0].isSet(jakarta.mail.Flags.Flag.SEEN)).isFalse();
    }

    @Test
    void aChangedUidValidityIsReportedAsAGapAndTheFolderIsReadAgainWithoutDuplicates() throws Exception {
        deliver(1);
        deliver(2);
        Gateway first = TestGateway.start(db, env, Clock.systemUTC());
        try {
            awaitCases(2);
        } finally {
            TestGateway.stop(first);
        }
        // As if the server had rebuilt the folder: the stored UIDs no longer mean anything.
        TestDatabase.execute(db, "UPDATE email_mailbox SET uid_validity = uid_validity + 1");
        deliver(3);

        Gateway second = TestGateway.start(db, env, Clock.systemUTC());
        try {
            awaitCases(3);
        } finally {
            TestGateway.stop(second);
        }
        assertThat(TestDatabase.queryLong(db, "SELECT count(*) FROM email_mailbox_gap WHERE reason LIKE"
                + " 'UIDVALIDITY changed%'")).isEqualTo(1);
        assertThat(TestDatabase.queryLong(db, "SELECT count(*) FROM submission")).isEqualTo(3);
        assertThat(TestDatabase.queryLong(db, "SELECT last_uid FROM email_mailbox")).isEqualTo(3);
    }
}
