package dev.shouli.feature.survey;

import dev.shouli.core.outbox.Notice;
import dev.shouli.core.outbox.NoticeTemplate;
import dev.shouli.core.outbox.OutboxHandler.PermanentFailure;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import java.util.List;

/**
 * The 回访 question: by e-mail with one link per answer (each opens a confirm page), by SMS as a reply of 1, 2 or
 * 3. Params: {@code surveyId}, {@code link} (e-mail), {@code name} (optional). A question a channel may not send
 * (opted out, capped, automatic sender) marks its survey skipped.
 */
final class SurveyNotice implements NoticeTemplate {

    private final Pool pool;
    private final SurveyStore store;
    private final LoopMetrics metrics;
    private final Clock clock;

    SurveyNotice(Pool pool, SurveyStore store, LoopMetrics metrics, Clock clock) {
        this.pool = pool;
        this.store = store;
        this.metrics = metrics;
        this.clock = clock;
    }

    @Override
    public String purpose() {
        return SurveyLinks.OUTBOX_KIND;
    }

    @Override
    public String autoSubmitted() {
        return "auto-generated";
    }

    @Override
    public MailText mail(Notice n) {
        String link = n.param("link");
        if (link == null || n.params().getLong("surveyId") == null) {
            throw new PermanentFailure("a survey mail needs reference, surveyId and link");
        }
        return new MailText(SurveyTexts.mailSubject(n.reference(), n.language()),
                SurveyTexts.mailBody(n.reference(), n.param("name"), link, n.language()));
    }

    @Override
    public List<String> sms(Notice n, String senderName) {
        return SurveyTexts.sms(senderName, n.reference(), n.language());
    }

    @Override
    public String providerTemplate() {
        return SurveyLinks.OUTBOX_KIND;
    }

    @Override
    public Future<Void> skipped(Notice n, String reason) {
        Long surveyId = n.params().getLong("surveyId");
        if (surveyId == null) {
            return Future.succeededFuture();
        }
        return pool.withTransaction(conn -> store.setState(conn, surveyId, "skipped", reason, clock.instant())
                .map(v -> {
                    metrics.survey(conn, n.channel(), "skipped");
                    return null;
                }));
    }

    @Override
    public void sent(Notice n) {
        metrics.survey(null, n.channel(), "sent");
    }
}
