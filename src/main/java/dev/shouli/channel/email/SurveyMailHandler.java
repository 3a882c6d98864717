package dev.shouli.channel.email;

import dev.shouli.feature.survey.LoopMetrics;
import dev.shouli.core.outbox.OutboxHandler;
import dev.shouli.core.outbox.OutboxItem;
import dev.shouli.feature.survey.SurveyStore;
import dev.shouli.feature.survey.SurveyTexts;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;

/**
 * {@code survey:email}: the 回访 question by e-mail, in the complainant's thread, with one link per answer
 * (each opens a confirm page; only its POST records). Held to the receipts' rules: never to no-reply or
 * automatic senders, and within the per-address daily cap of automatic mail. Our Message-ID is recorded on the
 * case before sending, so a reply ("3 还是没修好") threads onto the case and is read as an answer. A question
 * that may not go out marks its survey skipped.
 */
public final class SurveyMailHandler implements OutboxHandler {

    private final Pool pool;
    private final EmailStore store;
    private final SurveyStore surveys;
    private final LoopMetrics metrics;
    private final MailSender sender;
    private final String messageIdDomain;
    private final int perAddressPerDay;
    private final ZoneId zone;
    private final Clock clock;

    SurveyMailHandler(Pool pool, EmailStore store, SurveyStore surveys, LoopMetrics metrics, MailSender sender,
                      String messageIdDomain, int perAddressPerDay, ZoneId zone, Clock clock) {
        this.pool = pool;
        this.store = store;
        this.surveys = surveys;
        this.metrics = metrics;
        this.sender = sender;
        this.messageIdDomain = messageIdDomain;
        this.perAddressPerDay = perAddressPerDay;
        this.zone = zone;
        this.clock = clock;
    }

    @Override
    public String kind() {
        return "survey";
    }

    @Override
    public String channel() {
        return "email";
    }

    @Override
    public Future<String> deliver(OutboxItem item) {
        JsonObject payload = item.payload();
        String reference = payload.getString("reference");
        Long surveyId = payload.getLong("surveyId");
        String link = payload.getString("link");
        if (reference == null || surveyId == null || link == null) {
            throw new PermanentFailure("a survey mail needs reference, surveyId and link");
        }
        String to;
        try {
            to = MailSender.bareAddress(payload.getString("to"));
        } catch (IllegalArgumentException e) {
            throw new PermanentFailure("survey address refused: " + e.getMessage());
        }
        Instant now = clock.instant();
        LocalDate today = LocalDate.ofInstant(now, zone);
        String messageId = "<survey." + reference + "." + item.id() + "@" + messageIdDomain + ">";
        return pool.withTransaction(conn -> store.receiptCase(conn, reference).compose(found -> {
            if (found.isEmpty()) {
                throw new PermanentFailure("no case " + reference);
            }
            if (ReceiptMailHandler.isNoReply(to)) {
                return skip(conn, surveyId, to + " is a no-reply address", now);
            }
            return store.recentlySuppressed(conn, to, now.minusSeconds(24 * 3600)).compose(automatic -> {
                if (automatic) {
                    return skip(conn, surveyId, "automatic mail came from " + to, now);
                }
                return store.autoMailsOn(conn, to, today, item.idempotencyKey()).compose(count -> {
                    if (count >= perAddressPerDay) {
                        return skip(conn, surveyId, "loop guard, " + count + " automatic mails to " + to + " today", now);
                    }
                    return store.recordAutoMail(conn, item.idempotencyKey(), to, today, now)
                            .compose(v -> store.addMessage(conn, messageId, found.get().caseId(), "out", null, now))
                            .map(v -> new Decision(found.get(), null));
                });
            });
        })).compose(decision -> decision.mailCase() == null
                ? Future.succeededFuture("skipped: " + decision.skipped())
                : send(decision.mailCase(), to, payload.getString("language"), link, messageId)
                        .andThen(done -> {
                            if (done.succeeded()) {
                                metrics.survey(null, "email", "sent");
                            }
                        }));
    }

    private record Decision(EmailStore.ReceiptCase mailCase, String skipped) {
    }

    private Future<Decision> skip(io.vertx.sqlclient.SqlConnection conn, long surveyId, String reason, Instant now) {
        metrics.survey(conn, "email", "skipped");
        return surveys.setState(conn, surveyId, "skipped", reason, now).map(v -> new Decision(null, reason));
    }

    private Future<String> send(EmailStore.ReceiptCase c, String to, String language, String link, String messageId) {
        MultiMap headers = MultiMap.caseInsensitiveMultiMap()
                .add("Auto-Submitted", "auto-generated")
                .add("X-Auto-Response-Suppress", "All")
                .add("X-Shouli-Reference", c.reference());
        List<String> theirs = c.messageIds();
        if (!theirs.isEmpty()) {
            headers.add("In-Reply-To", theirs.get(theirs.size() - 1));
            headers.add("References", String.join(" ", theirs));
        }
        return sender.send(List.of(to), SurveyTexts.mailSubject(c.reference(), language),
                SurveyTexts.mailBody(c.reference(), c.complainantName(), link, language), messageId, headers)
                .map(id -> "sent " + id);
    }
}
