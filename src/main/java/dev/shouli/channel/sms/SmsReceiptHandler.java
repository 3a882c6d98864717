package dev.shouli.channel.sms;

import dev.shouli.core.outbox.OutboxHandler;
import dev.shouli.core.outbox.OutboxItem;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;

/**
 * {@code receipt:sms}: tells the complainant their reference by SMS through the configured provider. Never
 * to a number that opted out, at most the daily cap per number, once per outbox item even when retried.
 * Without a send provider ({@link #withoutProvider}) the receipt is recorded as unsent with its text, unless it
 * already went out inline in a Twilio webhook answer.
 */
public final class SmsReceiptHandler implements OutboxHandler {

    private final SmsSender sender;
    private final SmsStore store;
    private final String senderName;
    private final int maxSegments;
    private final int dailyCap;
    private final ZoneId zone;
    private final Clock clock;

    static final String NOT_CONFIGURED =
            "not sent: no SMS send provider configured (set channels.sms.sendProvider, SHOULI_CHANNELS_SMS_SEND_PROVIDER)";

    /** Null without a send provider. */
    public SmsReceiptHandler(SmsSender sender, SmsStore store, String senderName, int maxSegments, int dailyCap,
                             ZoneId zone, Clock clock) {
        this.sender = sender;
        this.store = store;
        this.senderName = senderName;
        this.maxSegments = maxSegments;
        this.dailyCap = dailyCap;
        this.zone = zone;
        this.clock = clock;
    }

    static SmsReceiptHandler withoutProvider(SmsStore store, String senderName, int maxSegments) {
        return new SmsReceiptHandler(null, store, senderName, maxSegments, 0, null, null);
    }

    @Override
    public String kind() {
        return "receipt";
    }

    @Override
    public String channel() {
        return "sms";
    }

    @Override
    public Future<String> deliver(OutboxItem item) {
        String to = item.payload().getString("to");
        String reference = item.payload().getString("reference");
        if (to == null || !to.startsWith("+") || reference == null) {
            return Future.failedFuture(new PermanentFailure("receipt payload needs an E.164 'to' and a 'reference'"));
        }
        String text = ReceiptText.compose(senderName, reference, item.payload().getString("language"), maxSegments);
        String key = item.idempotencyKey();
        if (sender == null) {
            return store.sentInline(key, InlineReceiptHook.PROVIDER).compose(inline -> inline
                    ? Future.succeededFuture("sent inline in the webhook answer")
                    : Future.failedFuture(new NotSent(NOT_CONFIGURED, new JsonObject().put("to", to).put("text", text))));
        }
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
