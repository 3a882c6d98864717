package dev.shouli.channel.sms;

import dev.shouli.feature.survey.LoopMetrics;
import dev.shouli.core.outbox.OutboxHandler;
import dev.shouli.core.outbox.OutboxItem;
import dev.shouli.feature.survey.SurveyStore;
import dev.shouli.feature.survey.SurveyTexts;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;

/**
 * {@code survey:sms}: the 回访 question by SMS, through the same provider, opt-out list and per-number daily
 * cap as receipts, once per outbox item even when retried. A question that may not go out (opted out, cap
 * reached) marks its survey skipped, so it is not counted as asked.
 */
public final class SurveySmsHandler implements OutboxHandler {

    private final SmsSender sender;
    private final SmsStore store;
    private final Pool pool;
    private final SurveyStore surveys;
    private final LoopMetrics metrics;
    private final String senderName;
    private final int maxSegments;
    private final int dailyCap;
    private final ZoneId zone;
    private final Clock clock;

    SurveySmsHandler(SmsSender sender, SmsStore store, Pool pool, SurveyStore surveys, LoopMetrics metrics,
                     String senderName, int maxSegments, int dailyCap, ZoneId zone, Clock clock) {
        this.sender = sender;
        this.store = store;
        this.pool = pool;
        this.surveys = surveys;
        this.metrics = metrics;
        this.senderName = senderName;
        this.maxSegments = maxSegments;
        this.dailyCap = dailyCap;
        this.zone = zone;
        this.clock = clock;
    }

    @Override
    public String kind() {
        return "survey";
    }

    @Override
    public String channel() {
        return "sms";
    }

    @Override
    public Future<String> deliver(OutboxItem item) {
        String to = item.payload().getString("to");
        String reference = item.payload().getString("reference");
        Long surveyId = item.payload().getLong("surveyId");
        if (to == null || !to.startsWith("+") || reference == null || surveyId == null) {
            return Future.failedFuture(new PermanentFailure("survey payload needs an E.164 'to', 'reference', 'surveyId'"));
        }
        String text = SurveyTexts.sms(senderName, reference, item.payload().getString("language")).stream()
                .filter(t -> SmsSegments.count(t) <= maxSegments).findFirst()
                .orElseThrow(() -> new PermanentFailure("no survey wording fits in " + maxSegments + " segment(s)"));
        String key = item.idempotencyKey();
        return store.reserveSend(key, to, LocalDate.ofInstant(clock.instant(), zone), sender.provider(), dailyCap,
                clock.instant()).compose(reservation -> switch (reservation.decision()) {
                    case OPTED_OUT -> skipped(surveyId, "the number opted out of automatic SMS");
                    case CAPPED -> skipped(surveyId, "daily cap of " + dailyCap + " SMS reached");
                    case ALREADY_SENT -> Future.succeededFuture("already sent: " + reservation.providerMessageId());
                    case PROCEED -> sender.send(to, text, reference, key)
                            .recover(e -> store.markSendFailed(key, String.valueOf(e.getMessage()), clock.instant())
                                    .transform(ignored -> Future.<String>failedFuture(e)))
                            .compose(id -> store.markSent(key, id, SmsSegments.count(text), clock.instant())
                                    .andThen(done -> metrics.survey(null, "sms", "sent"))
                                    .map("sent via " + sender.provider() + ": " + id));
                });
    }

    private Future<String> skipped(long surveyId, String reason) {
        return pool.withTransaction(conn -> surveys.setState(conn, surveyId, "skipped", reason, clock.instant())
                        .andThen(done -> metrics.survey(conn, "sms", "skipped")))
                .map("not sent: " + reason);
    }
}
