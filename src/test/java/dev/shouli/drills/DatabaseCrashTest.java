package dev.shouli.drills;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shouli.Gateway;
import dev.shouli.core.db.DatabaseEndpoint;
import dev.shouli.core.db.EmbeddedDatabase;
import dev.shouli.drills.IntakeLoad.Attempt;
import dev.shouli.support.Http;
import dev.shouli.support.TestGateway;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * PostgreSQL stops under load as if it crashed — an immediate shutdown (SIGQUIT to the postmaster, what
 * {@code pg_ctl stop -m immediate} sends: no checkpoint, every backend gone at once) — and comes back on the same
 * data directory and port after a while. Meanwhile JSON intakes keep coming and mail arrives by SMTP. The gateway
 * (in this JVM, on a PostgreSQL of the drill's own) must:
 * <ul>
 *   <li>while the database is down, answer only 503 with Retry-After, and 451 to SMTP;</li>
 *   <li>never answer anything but 201 or 503, never 500;</li>
 *   <li>have written nothing by halves: every case with its submission, deadlines and queued receipt, every
 *       acknowledged submission stored, every refused one either absent (its resend makes it, 201) or whole
 *       (committed as the database went, resend 200);</li>
 *   <li>take intakes again by itself once the database is back: no restart, no operator.</li>
 * </ul>
 * {@code -Ddrill.outageRounds=N} (default 1), {@code -Ddrill.downMillis} (2000) and {@code -Ddrill.clients} (8) make
 * the longer version ({@code bench/drills.sh}).
 */
class DatabaseCrashTest {

    private static final int ROUNDS = Integer.getInteger("drill.outageRounds", 1);
    private static final long DOWN_MILLIS = Long.getLong("drill.downMillis", 2000);
    private static final int CLIENTS = Integer.getInteger("drill.clients", 8);
    private static final int ACKS_BEFORE_CRASH = 20;

    @Test
    void whileTheDatabaseIsDownOnly503And451AreAnsweredNothingIsHalfWrittenAndIntakeRecoversByItself(
            @TempDir Path dir) throws Exception {
        int dbPort = GatewayKillTest.freePort();
        int smtpPort = GatewayKillTest.freePort();
        Path data = dir.resolve("postgres");
        EmbeddedDatabase database = EmbeddedDatabase.start(data, dbPort, false);
        DatabaseEndpoint db = database.endpoint();
        Gateway gateway = TestGateway.start(db, Map.of("SHOULI_DEDUP_ENABLED", "true",
                "SHOULI_SMTP_ENABLED", "true", "SHOULI_SMTP_HOST", "127.0.0.1",
                "SHOULI_SMTP_PORT", String.valueOf(smtpPort), "SHOULI_SMTP_RECIPIENTS", "@example.cn"), Clock.systemUTC());
        Http http = new Http(gateway.port());
        long acknowledgedInAll = 0;
        long refusedInAll = 0;
        long worstRecovery = 0;
        try {
            for (int round = 1; round <= ROUNDS; round++) {
                String run = "outage-" + ProcessHandle.current().pid() + "-" + round;
                IntakeLoad load = new IntakeLoad(gateway.port(), run).start(CLIENTS);
                long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
                while (load.acknowledged() < ACKS_BEFORE_CRASH && System.nanoTime() < giveUp) {
                    Thread.sleep(5);
                }

                crash(data);
                database.close(); // releases the data directory; its own stop finds the server gone
                long downFrom = System.nanoTime();
                List<Integer> smtpWhileDown = new ArrayList<>();
                List<Integer> readyWhileDown = new ArrayList<>();
                String mailId = run + "@drill.example.cn";
                while (System.nanoTime() < downFrom + TimeUnit.MILLISECONDS.toNanos(DOWN_MILLIS)) {
                    smtpWhileDown.add(SmtpProbe.send(smtpPort, "resident@example.cn", "complaints@example.cn",
                            mailId, "小区停水两天了，要求物业解释。"));
                    readyWhileDown.add(http.get("/health/ready").statusCode());
                    Thread.sleep(200);
                }
                long downUntil = System.nanoTime();

                database = EmbeddedDatabase.start(data, dbPort, false);
                long upAt = System.nanoTime();
                giveUp = upAt + TimeUnit.SECONDS.toNanos(60);
                while (load.firstAcknowledgedSentSince(upAt).isEmpty() && System.nanoTime() < giveUp) {
                    Thread.sleep(10);
                }
                Thread.sleep(300);
                List<Attempt> attempts = load.stop();
                long recoveryMillis = load.firstAcknowledgedSentSince(upAt)
                        .map(a -> TimeUnit.NANOSECONDS.toMillis(a.answeredNanos() - upAt)).orElse(-1L);
                List<Attempt> whileDown = attempts.stream()
                        .filter(a -> a.sentNanos() >= downFrom && a.answeredNanos() <= downUntil).toList();
                List<Attempt> refused = attempts.stream().filter(a -> a.status() == 503).toList();
                Map<String, String> stored = StoreChecks.storedReferences(db,
                        attempts.stream().map(Attempt::key).toList());

                assertThat(attempts).as("answers: %s", IntakeLoad.byStatus(attempts))
                        .allMatch(a -> a.status() == 201 || a.status() == 503);
                assertThat(refused).as("every 503 says when to retry").allMatch(a -> a.retryAfter() != null);
                assertThat(whileDown).as("sent and answered while the database was down").isNotEmpty()
                        .allMatch(a -> a.status() == 503);
                assertThat(smtpWhileDown).as("SMTP while the database was down").isNotEmpty().containsOnly(451);
                assertThat(readyWhileDown).as("readiness while the database was down").containsOnly(503);
                assertThat(recoveryMillis).as("intake took submissions again by itself").isNotNegative();
                assertThat(stored.keySet()).as("every acknowledged submission is stored").containsAll(
                        attempts.stream().filter(Attempt::acknowledged).map(Attempt::key).toList());
                assertThat(StoreChecks.halfWritten(db)).as("nothing half-written").allSatisfy((check, n) ->
                        assertThat(n).as(check).isZero());
                List<Attempt> resent = load.resend(refused);
                int committedAsItWent = 0;
                for (int i = 0; i < refused.size(); i++) {
                    boolean whole = stored.containsKey(refused.get(i).key());
                    committedAsItWent += whole ? 1 : 0;
                    assertThat(resent.get(i).status()).as("resend of refused %s", refused.get(i).key())
                            .isEqualTo(whole ? 200 : 201);
                }
                assertThat(SmtpProbe.send(smtpPort, "resident@example.cn", "complaints@example.cn", mailId,
                        "小区停水两天了，要求物业解释。")).as("the MTA's retry once the database is back").isEqualTo(250);

                acknowledgedInAll += attempts.stream().filter(Attempt::acknowledged).count();
                refusedInAll += refused.size();
                worstRecovery = Math.max(worstRecovery, recoveryMillis);
                System.out.printf("outage round %d: down %d ms; answers %s (%d sent and answered while down, all"
                                + " 503); SMTP while down %s; %d acknowledged, all stored; %d refused, %d of them had"
                                + " committed as it went (resend 200), the rest made by their resend (201); intake back"
                                + " %d ms after the database; half-written %s%n", round,
                        TimeUnit.NANOSECONDS.toMillis(downUntil - downFrom), IntakeLoad.byStatus(attempts),
                        whileDown.size(), smtpWhileDown.size() + "×451", attempts.stream().filter(Attempt::acknowledged).count(),
                        refused.size(), committedAsItWent, recoveryMillis, StoreChecks.halfWritten(db));
            }
            System.out.printf("outage drill: %d rounds, %d acknowledged, all stored; %d refused with 503, none"
                    + " half-written; intake back at most %d ms after the database%n", ROUNDS, acknowledgedInAll,
                    refusedInAll, worstRecovery);
        } finally {
            TestGateway.stop(gateway);
            database.close();
        }
    }

    /** SIGQUIT to the postmaster: PostgreSQL's immediate shutdown. Returns once it has exited. */
    private static void crash(Path data) throws Exception {
        long pid = Long.parseLong(Files.readAllLines(data.resolve("postmaster.pid")).get(0).strip());
        ProcessHandle postmaster = ProcessHandle.of(pid).orElseThrow();
        Process kill = new ProcessBuilder("kill", "-QUIT", String.valueOf(pid)).start();
        assertThat(kill.waitFor()).as("kill -QUIT %d", pid).isZero();
        postmaster.onExit().get(30, TimeUnit.SECONDS);
    }
}
