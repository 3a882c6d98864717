package dev.shouli.channel.sms;

import dev.shouli.core.outbox.OutboxHandler;
import dev.shouli.core.outbox.OutboxItem;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;

/**
 * {@code reply:sms}: a desk agent's reply to the complainant through the configured provider. Never to a
 * number that opted out; sent once per outbox item however often it is retried. A person wrote it, so the
 * daily cap of automatic SMS does not stop it (it is counted in {@code sms_send} like every SMS we send).
 */
public final class ReplySmsHandler implements OutboxHandler {

    private final SmsSender sender;
    private final SmsStore store;
    private final ZoneId zone;
    private final Clock clock;

    ReplySmsHandler(SmsSender sender, SmsStore store, ZoneId zone, Clock clock) {
        this.sender = sender;
        this.store = store;
        this.zone = zone;
        this.clock = clock;
    }

    @Override
    public String kind() {
        return "reply";
    }

    @Override
    public String channel() {
        return "sms";
    }

    @Override
    public Future<String> deliver(OutboxItem item) {
        String to = item.payload().getString("to");
        String reference = item.payload().getString("reference");
        String text = item.payload().getString("text");
        if (to == null || !to.startsWith("+") || reference == null || text == null || text.isBlank()) {
            return Future.failedFuture(new PermanentFailure("a reply needs an E.164 'to', a 'reference' and 'text'"));
        }
        String key = item.idempotencyKey();
        return store.reserveSend(key, to, LocalDate.ofInstant(clock.instant(), zone), sender.provider(),
                Integer.MAX_VALUE, clock.instant()).compose(reservation -> switch (reservation.decision()) {
                    case OPTED_OUT -> Future.succeededFuture("not sent: the number opted out");
                    case ALREADY_SENT -> Future.succeededFuture("already sent: " + reservation.providerMessageId());
                    case CAPPED, PROCEED -> sender.send(to, text, reference, key)
                            .recover(e -> store.markSendFailed(key, String.valueOf(e.getMessage()), clock.instant())
                                    .transform(ignored -> Future.<String>failedFuture(e)))
                            .compose(id -> store.markSent(key, id, SmsSegments.count(text), clock.instant())
                                    .map("sent via " + sender.provider() + ": " + id));
                });
    }
}
