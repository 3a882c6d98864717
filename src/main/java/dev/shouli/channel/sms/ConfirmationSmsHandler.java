package dev.shouli.channel.sms;

import dev.shouli.feature.dedup.ConfirmationTexts;
import dev.shouli.core.outbox.OutboxHandler;
import dev.shouli.core.outbox.OutboxItem;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;

/**
 * {@code confirm-duplicate:sms}: asks the phone on an existing case whether a new submission naming its contact is
 * theirs, with the link. Held to the automatic-SMS rules, because whoever typed the number chose when it goes out:
 * never to a number that opted out, within the daily cap per number, once per item however often retried. It
 * carries a link, so it is not cut to the receipts' segment limit. Without a send provider — or with Aliyun, which
 * sends approved templates only and has none for this — it is recorded as unsent with its text.
 */
public final class ConfirmationSmsHandler implements OutboxHandler {

    static final String ALIYUN = "not sent: Aliyun sends approved templates only, and there is none for "
            + "possible-duplicate confirmations; the desk can decide the pair instead";

    /** Null: nothing can send it; {@code reason} says why. */
    private final SmsSender sender;
    private final String reason;
    private final SmsStore store;
    private final String senderName;
    private final int dailyCap;
    private final ZoneId zone;
    private final Clock clock;

    ConfirmationSmsHandler(SmsSender sender, String reason, SmsStore store, String senderName, int dailyCap,
                           ZoneId zone, Clock clock) {
        this.sender = sender;
        this.reason = reason;
        this.store = store;
        this.senderName = senderName;
        this.dailyCap = dailyCap;
        this.zone = zone;
        this.clock = clock;
    }

    @Override
    public String kind() {
        return "confirm-duplicate";
    }

    @Override
    public String channel() {
        return "sms";
    }

    @Override
    public Future<String> deliver(OutboxItem item) {
        JsonObject p = item.payload();
        String to = p.getString("to");
        String reference = p.getString("reference");
        String newReference = p.getString("newReference");
        String link = p.getString("link");
        if (to == null || !to.startsWith("+") || reference == null || newReference == null || link == null) {
            return Future.failedFuture(new PermanentFailure(
                    "a confirmation needs an E.164 'to', 'reference', 'newReference' and 'link'"));
        }
        String text = ConfirmationTexts.sms(senderName, reference, newReference, link, p.getString("language"));
        if (sender == null) {
            return Future.failedFuture(new NotSent(reason, new JsonObject().put("to", to).put("text", text)));
        }
        String key = item.idempotencyKey();
        return store.reserveSend(key, to, LocalDate.ofInstant(clock.instant(), zone), sender.provider(), dailyCap,
                clock.instant()).compose(reservation -> switch (reservation.decision()) {
                    case OPTED_OUT -> Future.succeededFuture("not sent: the number opted out");
                    case CAPPED -> Future.succeededFuture("not sent: daily cap of " + dailyCap + " SMS reached");
                    case ALREADY_SENT -> Future.succeededFuture("already sent: " + reservation.providerMessageId());
                    case PROCEED -> sender.send(to, text, reference, key)
                            .recover(e -> store.markSendFailed(key, String.valueOf(e.getMessage()), clock.instant())
                                    .transform(ignored -> Future.<String>failedFuture(e)))
                            .compose(id -> store.markSent(key, id, SmsSegments.count(text), clock.instant())
                                    .map("sent via " + sender.provider() + ": " + id));
                });
    }
}
