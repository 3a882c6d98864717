package dev.shouli.drills;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shouli.core.db.DatabaseEndpoint;
import dev.shouli.drills.IntakeLoad.Attempt;
import dev.shouli.support.TestDatabase;
import java.net.ServerSocket;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The durability promise under a crash: a gateway in a JVM of its own takes concurrent intakes on a database of its
 * own, is killed with SIGKILL in the middle of them, and is started again. Every submission that was answered 2xx
 * before the kill is stored, and its resend gets the stored answer (200, the same body and reference). A submission
 * whose answer the kill swallowed may or may not have committed; its resend says which (200 stored, 201 not), and it
 * is never half there.
 *
 * <p>{@code -Ddrill.killRounds=N} (default 1), {@code -Ddrill.acksBeforeKill} (30) and {@code -Ddrill.clients} (8)
 * make the longer version ({@code bench/drills.sh}).
 */
class GatewayKillTest {

    private static final int ROUNDS = Integer.getInteger("drill.killRounds", 1);
    private static final int ACKS_BEFORE_KILL = Integer.getInteger("drill.acksBeforeKill", 30);
    private static final int CLIENTS = Integer.getInteger("drill.clients", 8);

    @Test
    void everyAcknowledgedSubmissionSurvivesAKillAndItsResendGetsTheStoredAnswer() throws Exception {
        DatabaseEndpoint db = TestDatabase.freshDatabase();
        ChildGateway gateway = new ChildGateway(db, freePort(), "kill-drill-" + ProcessHandle.current().pid()).start();
        int acknowledgedInAll = 0;
        int unansweredInAll = 0;
        try {
            for (int round = 1; round <= ROUNDS; round++) {
                IntakeLoad load = new IntakeLoad(gateway.port(), "kill-" + ProcessHandle.current().pid() + "-" + round)
                        .start(CLIENTS);
                long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
                while (load.acknowledged() < ACKS_BEFORE_KILL && System.nanoTime() < giveUp) {
                    Thread.sleep(5);
                }
                // Requests in flight stay in flight; only new ones would find the port closed, which proves nothing.
                load.stopSending();
                gateway.kill();
                List<Attempt> attempts = load.stop();
                List<Attempt> acknowledged = attempts.stream().filter(Attempt::acknowledged).toList();
                List<Attempt> unanswered = attempts.stream().filter(a -> a.status() < 0).toList();
                Map<String, String> stored = StoreChecks.storedReferences(db,
                        attempts.stream().map(Attempt::key).toList());

                assertThat(acknowledged).as("acknowledged before the kill").hasSizeGreaterThanOrEqualTo(ACKS_BEFORE_KILL);
                assertThat(attempts).as("answered before the kill: accepted, or not answered at all")
                        .allMatch(a -> a.acknowledged() || a.status() < 0);
                assertThat(stored.keySet()).as("every acknowledged submission is stored")
                        .containsAll(acknowledged.stream().map(Attempt::key).toList());
                assertThat(StoreChecks.halfWritten(db)).as("nothing half-written").allSatisfy((check, n) ->
                        assertThat(n).as(check).isZero());

                long killedAt = System.nanoTime();
                gateway.start();
                long restartMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killedAt);
                List<Attempt> resentAcknowledged = load.resend(acknowledged);
                for (int i = 0; i < acknowledged.size(); i++) {
                    Attempt first = acknowledged.get(i);
                    assertThat(resentAcknowledged.get(i).status()).as("resend of %s", first.key()).isEqualTo(200);
                    assertThat(resentAcknowledged.get(i).answer()).as("resend of %s", first.key())
                            .isEqualTo(first.answer());
                }
                List<Attempt> resentUnanswered = load.resend(unanswered);
                int committedUnanswered = 0;
                for (int i = 0; i < unanswered.size(); i++) {
                    boolean wasStored = stored.containsKey(unanswered.get(i).key());
                    committedUnanswered += wasStored ? 1 : 0;
                    assertThat(resentUnanswered.get(i).status()).as("resend of unanswered %s", unanswered.get(i).key())
                            .isEqualTo(wasStored ? 200 : 201);
                }
                acknowledgedInAll += acknowledged.size();
                unansweredInAll += unanswered.size();
                System.out.printf("kill round %d: %d acknowledged, %d of them stored, resends 200 with the stored"
                                + " answer; %d unanswered at the kill (%d had committed); answers %s; ready again %d ms"
                                + " after the kill%n", round, acknowledged.size(),
                        acknowledged.stream().filter(a -> stored.containsKey(a.key())).count(), unanswered.size(),
                        committedUnanswered, IntakeLoad.byStatus(attempts), restartMillis);
            }
            System.out.printf("kill drill: %d rounds, %d acknowledged, all stored and answered again; %d unanswered at"
                    + " the kills, none half-written%n", ROUNDS, acknowledgedInAll, unansweredInAll);
        } finally {
            gateway.stop();
        }
    }

    static int freePort() throws java.io.IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
