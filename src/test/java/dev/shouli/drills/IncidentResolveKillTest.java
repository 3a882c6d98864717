package dev.shouli.drills;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import dev.shouli.channel.sms.FakeSmsApi;
import dev.shouli.core.db.DatabaseEndpoint;
import dev.shouli.drills.ListSampler.Sample;
import dev.shouli.drills.MassComplaint.Member;
import dev.shouli.support.Http;
import dev.shouli.support.Incidents;
import dev.shouli.support.TestDatabase;
import dev.shouli.support.TestGateway;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import jakarta.mail.internet.MimeMessage;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * 并案处理 across a kill -9: five hundred people complain about one trader through the JSON API, each with a contact
 * of their own — most an e-mail address, some a mobile only, some both, a few none — and the linker makes them one
 * incident. A supervisor acknowledges it (a case is resolved from acknowledged or in progress, never from new; the
 * acknowledgement tells nobody anything), then resolves it with one action and one public note. Half-way through
 * that batch, the moment a message arrives (so the rest of its burst is on its way), the gateway — a JVM of its own
 * — is killed with SIGKILL and started again. Every member must end resolved (or be listed as refused, with the
 * reason), see the result and the note on their status page, and — counted where the messages arrive, a real SMTP
 * server (GreenMail) and a Vonage fake on loopback — get exactly one message by e-mail or SMS if they have either:
 * none twice, none missing. A message cut off by the kill after it was recorded as handed over (mail) or while its
 * send was under way (SMS) is not sent again but left "handed over" or "in doubt" for an operator; the drill counts
 * those separately, and checks whether each arrived. Meanwhile two desk agents' case lists are asked for again and
 * again, and the drill reports their latency and how long the messages took.
 *
 * <p>{@code -Ddrill.incidentCases=N} (default 500) and {@code -Ddrill.clients} (8 intake clients) change the size,
 * {@code -Ddrill.outboxLease} the outbox lease; {@code bench/drills.sh} runs it with the other drills.
 */
class IncidentResolveKillTest {

    private static final int CASES = Integer.getInteger("drill.incidentCases", 500);
    private static final int CLIENTS = Integer.getInteger("drill.clients", 8);
    /**
     * How long an outbox item claimed by the killed instance waits before another takes it over (outbox.lease):
     * as shipped unless given.
     */
    private static final String LEASE = System.getProperty("drill.outboxLease");
    private static final String RESULT = "经查，佳惠超市已下架全部过期牛奶，并为每位购买者退款。";
    private static final String NOTE = "市场监管局已责令佳惠超市整改，您的投诉 {reference} 已办结，退款三个工作日内到账。";
    private static final String SUPERVISOR = "supervisor";
    /** The outbox kind of a desk's public note or result told to the complainant (PublicNoteNotice). */
    private static final String PUBLIC_NOTE = "public-note";

    @Test
    void resolvingAnIncidentTellsEveryMemberOnceAcrossAKillOfTheGateway() throws Exception {
        int smtpPort = GatewayKillTest.freePort();
        GreenMail smtp = new GreenMail(new ServerSetup(smtpPort, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        smtp.start();
        Vertx fakeVertx = Vertx.vertx();
        FakeSmsApi vonage = new FakeSmsApi(fakeVertx, r -> new FakeSmsApi.Answer(200, new JsonObject()
                .put("message-count", "1").put("messages", new JsonArray().add(new JsonObject()
                        .put("to", r.field("to")).put("status", "0")
                        .put("message-id", "MSG-" + r.field("client-ref"))))));
        DatabaseEndpoint db = TestDatabase.freshDatabase();
        Map<String, String> env = new HashMap<>();
        env.put("SHOULI_MAILER_HOST", "127.0.0.1");
        env.put("SHOULI_MAILER_PORT", String.valueOf(smtpPort));
        env.put("SHOULI_MAILER_START_TLS", "DISABLED");
        env.put("SHOULI_CHANNELS_SMS_SEND_PROVIDER", "vonage");
        env.put("SHOULI_CHANNELS_SMS_VONAGE_API_BASE_URL", vonage.baseUrl());
        env.put("SHOULI_CHANNELS_SMS_VONAGE_FROM", "Shouli");
        env.put("SHOULI_VONAGE_API_KEY", "drill-key");
        env.put("SHOULI_VONAGE_API_SECRET", "drill-secret");
        env.put("SHOULI_DESK_TOKENS", SUPERVISOR + ":" + TestGateway.DESK_TOKEN);
        // The drill asks for every member's status page from one address, which stands for five hundred people.
        env.put("SHOULI_STATUS_CLIENT_LIMIT", "100000");
        if (LEASE != null) {
            env.put("SHOULI_OUTBOX_LEASE", LEASE);
        }
        ChildGateway gateway = new ChildGateway(db, GatewayKillTest.freePort(),
                "incident-kill-" + ProcessHandle.current().pid(), env).start();
        Http http = new Http(gateway.port());
        List<ListSampler> desks = new ArrayList<>();
        Arrivals arrivals = null;
        try {
            long intakeStarted = System.nanoTime();
            List<Member> members = MassComplaint.intake(http, CASES, CLIENTS);
            double intakeSeconds = seconds(intakeStarted);
            Incidents.awaitLinked(db);
            double linkedSeconds = seconds(intakeStarted);
            long incident = MassComplaint.theIncident(http, members);
            awaitSettled(db, "receipt", 120);

            long ackStarted = System.nanoTime();
            long ackBatch = startAction(http, incident, "acknowledge", new JsonObject());
            JsonObject acknowledged = awaitFinished(http, ackBatch, 120);
            double ackSeconds = seconds(ackStarted);
            assertThat(acknowledged.getInteger("done")).as("acknowledged").isEqualTo(CASES);

            int mailsBefore = smtp.getReceivedMessages().length;
            int smsBefore = vonage.received.size();
            Supplier<Integer> arrived = () -> smtp.getReceivedMessages().length + vonage.received.size();
            arrivals = new Arrivals(arrived).start();
            // Two desk agents with their lists open: everything, and the acknowledged cases still to do.
            desks.add(new ListSampler(gateway.port(), "/api/v1/cases").start());
            desks.add(new ListSampler(gateway.port(), "/api/v1/cases?status=acknowledged").start());
            // A few seconds of the list on its own, to compare with.
            Thread.sleep(3_000);

            long actionAt = System.nanoTime();
            long batch = startAction(http, incident, "resolve",
                    new JsonObject().put("result", RESULT).put("publicNote", NOTE));
            JsonObject before = awaitProgress(http, batch, CASES / 2, 120);
            // The outbox sends what the batch queued in bursts; a kill between two would prove little. So strike the
            // moment a message of a burst arrives, while the rest of it is on its way.
            awaitMore(arrived, arrived.get(), 10);
            gateway.kill();
            long killedAt = System.nanoTime();
            long claimedAtKill = TestDatabase.queryLong(db, "SELECT count(*) FROM outbox WHERE kind = '" + PUBLIC_NOTE
                    + "' AND status = 'sending'");
            long settledAtKill = TestDatabase.queryLong(db, "SELECT count(*) FROM case_batch_item WHERE batch_id = "
                    + batch + " AND state <> 'pending'");
            int mailsAtKill = smtp.getReceivedMessages().length - mailsBefore;
            int smsAtKill = vonage.received.size() - smsBefore;
            assertThat(settledAtKill).as("cases done when killed").isBetween(1L, CASES - 1L);

            gateway.start();
            long restartedAt = System.nanoTime();
            double restartSeconds = seconds(killedAt);
            JsonObject progress = awaitFinished(http, batch, 180);
            long batchFinishedAt = System.nanoTime();
            // Bounded by the outbox lease: an item the killed instance had claimed waits that long for another.
            awaitSettled(db, PUBLIC_NOTE, 300);
            double settledSeconds = seconds(actionAt);
            Thread.sleep(1_000);
            List<Sample> samples = new ArrayList<>();
            for (ListSampler desk : desks) {
                samples.addAll(desk.stop());
            }
            desks.clear();
            arrivals.stop();
            Arrivals watched = arrivals;
            arrivals = null;

            Map<String, Member> byReference = members.stream()
                    .collect(Collectors.toMap(Member::reference, m -> m));
            Map<String, Integer> mails = notesByMail(smtp, byReference);
            Map<String, Integer> sms = notesBySms(vonage, byReference);
            Map<String, String> results = noteResults(db);
            checkCases(http, db, members, progress);
            checkStatusPages(http, members);
            Delivery delivery = checkMessages(members, mails, sms, results);

            long lastArrival = watched.last();
            long claimedAtKillSentAgain = TestDatabase.queryLong(db, "SELECT count(*) FROM outbox WHERE kind = '"
                    + PUBLIC_NOTE + "' AND attempts > 1");
            long allButClaimed = watched.when(delivery.mails() + delivery.sms() - claimedAtKill);
            List<Sample> quiet = between(samples, 0, actionAt);
            List<Sample> down = between(samples, killedAt, restartedAt);
            List<Sample> working = between(samples, actionAt, killedAt);
            working.addAll(between(samples, restartedAt, batchFinishedAt));
            List<Sample> untilLast = between(samples, actionAt, killedAt);
            untilLast.addAll(between(samples, restartedAt, lastArrival));
            System.out.printf("incident drill: %d cases (%d by e-mail, %d by SMS only, %d with neither) taken in"
                            + " %.1f s, one incident of them %.1f s after the first; acknowledged in %.1f s%n", CASES,
                    members.stream().filter(Member::byMail).count(), members.stream().filter(Member::bySms).count(),
                    members.stream().filter(m -> !m.reachable()).count(), intakeSeconds, linkedSeconds,
                    ackSeconds);
            System.out.printf("incident drill: resolve with one note; killed at %d of %d cases done (batch said %d),"
                            + " %d mails and %d SMS had arrived, %d notes were claimed by the outbox and not settled;"
                            + " ready again %.1f s after the kill; outbox lease %s, %d notes sent by a second"
                            + " attempt%n", settledAtKill, CASES,
                    before.getInteger("done") + before.getInteger("refused"), mailsAtKill, smsAtKill, claimedAtKill,
                    restartSeconds, LEASE == null ? "as shipped" : LEASE, claimedAtKillSentAgain);
            System.out.printf("incident drill: batch finished %.1f s after the action (done %d, refused %d, told %d);"
                            + " all messages but the %d claimed at the kill had arrived %.1f s after it, the last"
                            + " %.1f s after it; outbox settled %.1f s after it%n", (batchFinishedAt - actionAt) / 1e9,
                    progress.getInteger("done"), progress.getInteger("refused"), progress.getInteger("told"),
                    claimedAtKill, (allButClaimed - actionAt) / 1e9, (lastArrival - actionAt) / 1e9, settledSeconds);
            System.out.printf("incident drill: %d mails and %d SMS of the note, none twice; %d mails handed over"
                            + " without the server's answer recorded (%d of them arrived), %d SMS in doubt (%d of them"
                            + " arrived): %d members with a contact left without the note, each marked so%n",
                    delivery.mails(), delivery.sms(), delivery.mailsHandedOver(), delivery.mailsHandedOverArrived(),
                    delivery.smsInDoubt(), delivery.smsInDoubtArrived(), delivery.missing());
            System.out.printf("incident drill: case list before the action %s; while the batch was worked (the gateway"
                            + " up) %s; from the action to the last message %s; %d asked while the gateway was down,"
                            + " %d of them answered%n", latency(quiet), latency(working), latency(untilLast),
                    down.size(), answered(down));
        } finally {
            for (ListSampler desk : desks) {
                desk.stop();
            }
            if (arrivals != null) {
                arrivals.stop();
            }
            gateway.stop();
            vonage.close();
            fakeVertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            smtp.stop();
        }
    }

    /** {@code POST /api/v1/incidents/{id}/{action}} without waiting: the batch's id. */
    private static long startAction(Http http, long incident, String action, JsonObject body) {
        HttpResponse<String> r = http.postJson("/api/v1/incidents/" + incident + "/" + action + "?wait=0",
                body.encode(), "Authorization", "Bearer " + TestGateway.DESK_TOKEN,
                "Idempotency-Key", UUID.randomUUID().toString());
        assertThat(r.statusCode()).as(r.body()).isIn(200, 202);
        return new JsonObject(r.body()).getLong("batch");
    }

    private static JsonObject awaitFinished(Http http, long batch, int seconds) throws InterruptedException {
        JsonObject p = awaitProgress(http, batch, CASES, seconds);
        assertThat(p.getBoolean("finished")).as("batch finished within %d s", seconds).isTrue();
        return p;
    }

    /** Follows {@code GET /api/v1/batches/{id}} until {@code settled} cases are done or refused. */
    private static JsonObject awaitProgress(Http http, long batch, int settled, int seconds)
            throws InterruptedException {
        long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (true) {
            JsonObject p = http.deskJson("/api/v1/batches/" + batch);
            if (p.getInteger("done") + p.getInteger("refused") >= settled || System.nanoTime() > giveUp) {
                return p;
            }
            Thread.sleep(20);
        }
    }

    /** Waits (at most {@code seconds}) until {@code count} is above {@code than}. */
    private static void awaitMore(Supplier<Integer> count, int than, int seconds) throws InterruptedException {
        long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (count.get() <= than && System.nanoTime() < giveUp) {
            Thread.sleep(1);
        }
    }

    /** Waits until no outbox item of {@code kind} is still to be sent or retried. */
    private static void awaitSettled(DatabaseEndpoint db, String kind, int seconds) throws InterruptedException {
        String sql = "SELECT count(*) FROM outbox WHERE kind = '" + kind + "' AND status IN ('pending', 'sending',"
                + " 'failed')";
        long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (TestDatabase.queryLong(db, sql) > 0 && System.nanoTime() < giveUp) {
            Thread.sleep(50);
        }
        assertThat(TestDatabase.queryLong(db, sql)).as("%s items unsettled after %d s", kind, seconds).isZero();
    }

    /** Every case resolved, or listed as refused with its reason; the members without a contact listed as untold. */
    private static void checkCases(Http http, DatabaseEndpoint db, List<Member> members, JsonObject progress) {
        Map<String, String> refused = new HashMap<>();
        progress.getJsonArray("refusedCases").forEach(o -> {
            JsonObject r = (JsonObject) o;
            assertThat(r.getString("reason")).as("why %s was refused", r.getString("reference")).isNotBlank();
            refused.put(r.getString("reference"), r.getString("reason"));
        });
        assertThat(progress.getInteger("total")).isEqualTo(CASES);
        assertThat(progress.getInteger("done") + progress.getInteger("refused")).isEqualTo(CASES);
        Map<String, String> status = new HashMap<>();
        TestDatabase.queryStrings(db, "SELECT reference || ' ' || status FROM complaint_case").forEach(row -> {
            String[] parts = row.split(" ");
            status.put(parts[0], parts[1]);
        });
        for (Member m : members) {
            assertThat(refused.containsKey(m.reference()) || "resolved".equals(status.get(m.reference())))
                    .as("%s resolved or refused with a reason (it is %s)", m.reference(), status.get(m.reference()))
                    .isTrue();
        }
        Set<String> untold = new HashSet<>();
        progress.getJsonArray("notTold").forEach(o -> untold.add(((JsonObject) o).getString("reference")));
        assertThat(untold).as("members who could not be told")
                .isEqualTo(members.stream().filter(m -> !m.reachable()).map(Member::reference)
                        .collect(Collectors.toSet()));
        assertThat(progress.getInteger("told")).isEqualTo(progress.getInteger("done") - untold.size());
        // Without a contact nobody can open the status page; the desk sees the case resolved.
        members.stream().filter(m -> !m.reachable()).limit(3).forEach(m ->
                assertThat(http.deskJson("/api/v1/cases/" + m.reference()).getString("status")).isEqualTo("resolved"));
    }

    /** Each member with a contact asks for their status page as a person would: reference and e-mail or 4 digits. */
    private static void checkStatusPages(Http http, List<Member> members) {
        for (Member m : members) {
            if (!m.reachable()) {
                continue;
            }
            String contact = m.email() != null ? m.email() : m.phone().substring(m.phone().length() - 4);
            HttpResponse<String> r = http.postJson("/api/v1/status", new JsonObject().put("reference", m.reference())
                    .put("contact", contact).encode());
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            JsonObject page = new JsonObject(r.body());
            assertThat(page.getString("status")).as(m.reference()).isEqualTo("resolved");
            assertThat(page.getJsonObject("result").getString("text")).as(m.reference()).isEqualTo(RESULT);
            assertThat(page.getJsonObject("incidentNote").getString("text")).as(m.reference()).isEqualTo(note(m));
        }
    }

    /** What arrived, against what the outbox says, for each member. */
    private record Delivery(int mails, int sms, long mailsHandedOver, long mailsHandedOverArrived, long smsInDoubt,
                            long smsInDoubtArrived) {

        long missing() {
            return mailsHandedOver - mailsHandedOverArrived + smsInDoubt - smsInDoubtArrived;
        }
    }

    private static Delivery checkMessages(List<Member> members, Map<String, Integer> mails, Map<String, Integer> sms,
                                          Map<String, String> results) {
        assertThat(mails.values()).as("no member got the note twice by mail").allMatch(n -> n == 1);
        assertThat(sms.values()).as("no member got the note twice by SMS").allMatch(n -> n == 1);
        long handedOver = 0;
        long handedOverArrived = 0;
        long inDoubt = 0;
        long inDoubtArrived = 0;
        for (Member m : members) {
            String ref = m.reference();
            String result = results.get(ref);
            int byMail = mails.getOrDefault(ref, 0);
            int bySms = sms.getOrDefault(ref, 0);
            if (m.byMail()) {
                assertThat(bySms).as("SMS to %s, who gave an e-mail address", ref).isZero();
                boolean unanswered = result != null
                        && (result.startsWith("handed over") || result.startsWith("unconfirmed"));
                handedOver += unanswered ? 1 : 0;
                handedOverArrived += unanswered && byMail == 1 ? 1 : 0;
                assertThat(byMail == 1 || unanswered).as("the note reached %s by mail (outbox: %s)", ref, result)
                        .isTrue();
            } else if (m.bySms()) {
                assertThat(byMail).as("mail to %s", ref).isZero();
                boolean doubt = result != null && result.startsWith("in doubt");
                inDoubt += doubt ? 1 : 0;
                inDoubtArrived += doubt && bySms == 1 ? 1 : 0;
                assertThat(bySms == 1 || doubt).as("the note reached %s by SMS (outbox: %s)", ref, result).isTrue();
            } else {
                assertThat(byMail + bySms).as("messages to %s, who gave no contact", ref).isZero();
                assertThat(result).as("outbox item for %s", ref).isNull();
            }
        }
        return new Delivery(mails.values().stream().mapToInt(Integer::intValue).sum(),
                sms.values().stream().mapToInt(Integer::intValue).sum(), handedOver, handedOverArrived, inDoubt,
                inDoubtArrived);
    }

    /**
     * Mails of the note as the SMTP server got them, by case reference (receipts have another Message-ID), each to
     * its member's address with the member's own note.
     */
    private static Map<String, Integer> notesByMail(GreenMail smtp, Map<String, Member> members) throws Exception {
        Map<String, Integer> out = new HashMap<>();
        for (MimeMessage m : smtp.getReceivedMessages()) {
            if (m.getMessageID().startsWith("<public.")) {
                String reference = m.getHeader("X-Shouli-Reference", null);
                Member member = members.get(reference);
                assertThat(member).as("the member whose case is %s", reference).isNotNull();
                assertThat(m.getAllRecipients()[0].toString()).isEqualTo(member.email());
                assertThat((String) m.getContent()).contains(note(member));
                out.merge(member.reference(), 1, Integer::sum);
            }
        }
        return out;
    }

    /**
     * SMS of the note as the provider got them, by case reference (the client-ref is the outbox key), each to its
     * member's number with the member's own note.
     */
    private static Map<String, Integer> notesBySms(FakeSmsApi vonage, Map<String, Member> members) {
        Map<String, Integer> out = new HashMap<>();
        for (FakeSmsApi.Received r : vonage.received) {
            String key = r.field("client-ref");
            if (key != null && key.startsWith("note:")) {
                Member member = members.get(key.split(":")[1]);
                assertThat(member).as("the case of the SMS with key %s", key).isNotNull();
                assertThat("+" + r.field("to")).isEqualTo(member.phone());
                assertThat(r.field("text")).contains(note(member));
                out.merge(member.reference(), 1, Integer::sum);
            }
        }
        return out;
    }

    /** What the outbox recorded for each note it sent, by case reference. */
    private static Map<String, String> noteResults(DatabaseEndpoint db) {
        Map<String, String> out = new HashMap<>();
        TestDatabase.queryStrings(db, "SELECT (payload ->> 'reference') || ' ' || coalesce(result, '') FROM outbox"
                + " WHERE kind = '" + PUBLIC_NOTE + "'").forEach(row -> {
                    int space = row.indexOf(' ');
                    assertThat(out.put(row.substring(0, space), row.substring(space + 1))).as("one note each").isNull();
                });
        return out;
    }

    /** The note as the member's case has it, with its own reference. */
    private static String note(Member m) {
        return NOTE.replace("{reference}", m.reference());
    }

    /** The requests sent from {@code from} to before {@code to} (System.nanoTime). */
    private static List<Sample> between(List<Sample> samples, long from, long to) {
        return samples.stream().filter(s -> s.sentNanos() >= from && s.sentNanos() < to)
                .collect(Collectors.toCollection(ArrayList::new));
    }

    /** "p50 12 ms, p95 40 ms, p99 141 ms, max 411 ms of 270 answers" */
    private static String latency(List<Sample> samples) {
        return String.format("p50 %.0f ms, p95 %.0f ms, p99 %.0f ms, max %.0f ms of %d answers",
                ListSampler.percentile(samples, 50), ListSampler.percentile(samples, 95),
                ListSampler.percentile(samples, 99), ListSampler.percentile(samples, 100), answered(samples));
    }

    private static long answered(List<Sample> samples) {
        return samples.stream().filter(Sample::answered).count();
    }

    private static double seconds(long sinceNanos) {
        return (System.nanoTime() - sinceNanos) / 1e9;
    }
}
