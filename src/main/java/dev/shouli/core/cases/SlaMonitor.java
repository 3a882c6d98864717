package dev.shouli.core.cases;

import dev.shouli.core.jobs.PeriodicJob;
import dev.shouli.core.outbox.OutboxStore;
import dev.shouli.core.sla.Calendars;
import dev.shouli.core.sla.DeadlineKind;
import dev.shouli.core.sla.SlaDeadline;
import dev.shouli.core.sla.SlaStore.Claimed;
import dev.shouli.core.sla.SlaStore;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * Moves deadlines to warning and breached as time passes, and escalates breaches: an event in the case
 * history (which the desk receives by webhook and stream), a 催办 record, and an email to the supervisors
 * through the outbox. Rows are claimed with FOR UPDATE SKIP LOCKED and changed in the same transaction as
 * the escalation, so with several instances each transition happens, and is escalated, exactly once.
 */
public final class SlaMonitor extends PeriodicJob {

    private static final String ACTOR = "sla-monitor";
    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

    /** @param supervisors told by email about every breach; empty: no email */
    public record Settings(Duration interval, int batchSize, List<String> supervisors) {
    }

    private final Pool pool;
    private final SlaStore store;
    private final Calendars calendars;
    private final Settings settings;
    private final Clock clock;

    public SlaMonitor(Pool pool, SlaStore store, Calendars calendars, Settings settings, Clock clock) {
        super("SLA sweep", settings.interval());
        this.pool = pool;
        this.store = store;
        this.calendars = calendars;
        this.settings = settings;
        this.clock = clock;
    }

    @Override
    protected Future<?> round() {
        return sweep();
    }

    /** One pass: receipts that went out meet their deadline, then due warnings and breaches. */
    public Future<Integer> sweep() {
        Instant now = clock.instant();
        return pool.withTransaction(conn -> store.meetSentReceipts(conn)
                .compose(met -> store.claimChanging(conn, now, settings.batchSize()))
                .compose(claimed -> apply(conn, claimed, 0, now).map(claimed.size())));
    }

    private Future<Void> apply(SqlConnection conn, List<Claimed> claimed, int index, Instant now) {
        if (index == claimed.size()) {
            return Future.succeededFuture();
        }
        Claimed c = claimed.get(index);
        SlaDeadline d = c.deadline();
        String target = d.monitorTarget(now);
        Future<Void> step;
        if (SlaDeadline.BREACHED.equals(target)) {
            step = store.update(conn, d.caseId(), List.of(d.breached(now)), now)
                    .compose(v -> escalate(conn, c, now));
        } else if (SlaDeadline.WARNING.equals(target)) {
            step = store.update(conn, d.caseId(), List.of(d.warned(now)), now)
                    .compose(v -> CaseActionStore.recordEvent(conn, d.caseId(), now, ACTOR, "sla.warning",
                            facts(d)));
        } else {
            step = Future.succeededFuture();
        }
        return step.compose(v -> apply(conn, claimed, index + 1, now));
    }

    private Future<Void> escalate(SqlConnection conn, Claimed c, Instant now) {
        SlaDeadline d = c.deadline();
        JsonObject urge = facts(d)
                .put("note", "催办：" + label(d.kind()) + "时限已到，请尽快办理")
                .put("notified", new JsonArray(settings.supervisors()));
        Future<Void> events = CaseActionStore.recordEvent(conn, d.caseId(), now, ACTOR, "sla.breached", facts(d))
                .compose(v -> CaseActionStore.recordEvent(conn, d.caseId(), now, ACTOR, "urged", urge));
        if (settings.supervisors().isEmpty()) {
            return events;
        }
        return events.compose(v -> OutboxStore.enqueue(conn, d.caseId(), "notice", "email", notice(c),
                "notice:sla-breached:" + d.id(), now));
    }

    private JsonObject notice(Claimed c) {
        SlaDeadline d = c.deadline();
        String due = LOCAL.format(d.dueAt().atZone(calendars.has(d.calendar())
                ? calendars.get(d.calendar()).zone() : java.time.ZoneOffset.UTC));
        String subject = "[催办] 案件 " + c.reference() + " " + label(d.kind()) + "已超时 / SLA breached: "
                + d.kind().code();
        String text = "案件编号 Case: " + c.reference() + "\n"
                + "时限 Deadline: " + label(d.kind()) + " (" + d.kind().code() + ")\n"
                + "到期 Due: " + due + " (" + d.calendar() + ")\n"
                + "渠道 Channel: " + c.caseChannel() + "\n\n"
                + "该时限已超时，请督促承办人尽快办理。\nThis deadline has passed; please follow up with the desk.\n";
        return new JsonObject()
                .put("to", new JsonArray(settings.supervisors()))
                .put("subject", subject)
                .put("text", text)
                .put("reference", c.reference());
    }

    private static JsonObject facts(SlaDeadline d) {
        return new JsonObject()
                .put("deadline", d.kind().code())
                .put("dueAt", d.dueAt().toString())
                .put("calendar", d.calendar());
    }

    private static String label(DeadlineKind kind) {
        return switch (kind) {
            case RECEIPT -> "受理回执";
            case FIRST_RESPONSE -> "签收/首次响应";
            case REPLY -> "回复";
            case RESOLUTION -> "办结";
        };
    }
}
