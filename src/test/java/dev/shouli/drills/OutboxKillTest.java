package dev.shouli.drills;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import dev.shouli.core.db.DatabaseEndpoint;
import dev.shouli.support.TestDatabase;
import jakarta.mail.internet.MimeMessage;
import java.net.ServerSocket;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Exactly once across a kill -9 of the sending instance: a gateway in a JVM of its own sends a queue of receipts to a
 * real SMTP server (GreenMail), is killed with SIGKILL in the middle of them, and is started again to send the rest.
 * No mail may arrive twice. Every receipt either arrives once, or — if the kill fell between recording it as sent and
 * ending its data, a window of a fraction of a millisecond — is left sent with the result "handed over", never
 * silently lost: the drill counts those, and checks whether each arrived.
 *
 * <p>{@code -Ddrill.outboxKillRounds=N} (default 1) and {@code -Ddrill.outboxMails} (1,500 per round) make the longer
 * version ({@code bench/drills.sh}).
 */
class OutboxKillTest {

    private static final int ROUNDS = Integer.getInteger("drill.outboxKillRounds", 1);
    private static final int MAILS = Integer.getInteger("drill.outboxMails", 1_500);

    @Test
    void noMailIsSentTwiceWhenTheSendingInstanceIsKilled() throws Exception {
        int smtpPort = freePort();
        GreenMail smtp = new GreenMail(new ServerSetup(smtpPort, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        smtp.start();
        DatabaseEndpoint db = TestDatabase.freshDatabase();
        ChildGateway gateway = new ChildGateway(db, freePort(), "outbox-kill-" + ProcessHandle.current().pid(), Map.of(
                "SHOULI_MAILER_HOST", "127.0.0.1",
                "SHOULI_MAILER_PORT", String.valueOf(smtpPort),
                "SHOULI_MAILER_START_TLS", "DISABLED",
                "SHOULI_OUTBOX_POLL_INTERVAL", "200ms",
                // What the killed instance had claimed is taken over once its lease runs out: 10 s, not the
                // default 2 minutes, so the drill does not wait them out (fencing keeps a slow owner harmless).
                "SHOULI_OUTBOX_LEASE", "10s")).start();
        long inDoubtInAll = 0;
        try {
            for (int round = 1; round <= ROUNDS; round++) {
                String tag = "r" + round + "-" + System.nanoTime();
                smtp.purgeEmailFromAllMailboxes();
                // Receipts without a case, each to an address of its own (the daily cap counts per address).
                TestDatabase.execute(db, "INSERT INTO outbox (kind, channel, payload, idempotency_key)"
                        + " SELECT 'receipt', 'email', jsonb_build_object('to', 'p' || g || '." + tag + "@example.cn',"
                        + " 'reference', 'K" + tag + "-' || g, 'language', 'zh-Hans'), 'receipt:" + tag + ":' || g"
                        + " FROM generate_series(1, " + MAILS + ") g");
                long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
                while (smtp.getReceivedMessages().length < MAILS / 3 && System.nanoTime() < giveUp) {
                    Thread.sleep(2);
                }
                int beforeKill = smtp.getReceivedMessages().length;
                gateway.kill();
                assertThat(beforeKill).as("sending when killed").isBetween(1, MAILS - 1);

                gateway.start();
                giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
                while (unsettled(db, tag) > 0 && System.nanoTime() < giveUp) {
                    Thread.sleep(100);
                }
                assertThat(unsettled(db, tag)).as("every receipt settled after the restart").isZero();

                Map<String, Integer> arrived = new HashMap<>();
                for (MimeMessage m : smtp.getReceivedMessages()) {
                    arrived.merge(m.getHeader("X-Shouli-Reference", null), 1, Integer::sum);
                }
                long inDoubt = TestDatabase.queryLong(db, "SELECT count(*) FROM outbox WHERE idempotency_key LIKE"
                        + " 'receipt:" + tag + ":%' AND result LIKE 'handed over%'");
                long inDoubtArrived = TestDatabase.queryStrings(db, "SELECT payload ->> 'reference' FROM outbox WHERE"
                        + " idempotency_key LIKE 'receipt:" + tag + ":%' AND result LIKE 'handed over%'").stream()
                        .filter(arrived::containsKey).count();
                assertThat(arrived.values()).as("no mail arrived twice").allMatch(n -> n == 1);
                assertThat(arrived.size() + (inDoubt - inDoubtArrived)).as("every receipt arrived or is marked in doubt")
                        .isEqualTo(MAILS);
                assertThat(TestDatabase.queryLong(db, "SELECT count(*) FROM outbox WHERE idempotency_key LIKE"
                        + " 'receipt:" + tag + ":%' AND status = 'sent'")).isEqualTo(MAILS);
                inDoubtInAll += inDoubt - inDoubtArrived;
                System.out.printf("outbox kill round %d: %d of %d mails had arrived when the sender was killed; after"
                                + " the restart %d arrived, none twice; %d handed over without the server's answer"
                                + " recorded, %d of them arrived, %d did not (lost, marked in doubt)%n", round,
                        beforeKill, MAILS, arrived.size(), inDoubt, inDoubtArrived, inDoubt - inDoubtArrived);
            }
            System.out.printf("outbox kill drill: %d rounds of %d mails, none sent twice, %d lost and marked in doubt%n",
                    ROUNDS, MAILS, inDoubtInAll);
        } finally {
            gateway.stop();
            smtp.stop();
        }
    }

    private static long unsettled(DatabaseEndpoint db, String tag) {
        return TestDatabase.queryLong(db, "SELECT count(*) FROM outbox WHERE idempotency_key LIKE 'receipt:" + tag
                + ":%' AND status <> 'sent'");
    }

    private static int freePort() throws java.io.IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
