package dev.shouli.channel.email;

import dev.shouli.feature.dedup.ConfirmationTexts;
import dev.shouli.core.outbox.OutboxHandler;
import dev.shouli.core.outbox.OutboxItem;
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
 * {@code confirm-duplicate:email}: asks the address on an existing case whether a new submission naming its contact
 * is theirs (payload {@code to, reference, newReference, link, language}), in that case's thread. Held to the
 * receipts' rules, because whoever typed the address chose when this mail goes out: never to a no-reply or
 * automatic sender, and within the per-address daily cap of automatic mail — so typing someone's address into the
 * form over and over cannot flood them. Without a mailer it is recorded as unsent with its text.
 */
public final class ConfirmationMailHandler implements OutboxHandler {

    private final Pool pool;
    private final EmailStore store;
    private final MailSender sender;
    private final String messageIdDomain;
    private final int perAddressPerDay;
    private final ZoneId zone;
    private final Clock clock;

    ConfirmationMailHandler(Pool pool, EmailStore store, MailSender sender, String messageIdDomain,
                            int perAddressPerDay, ZoneId zone, Clock clock) {
        this.pool = pool;
        this.store = store;
        this.sender = sender;
        this.messageIdDomain = messageIdDomain;
        this.perAddressPerDay = perAddressPerDay;
        this.zone = zone;
        this.clock = clock;
    }

    @Override
    public String kind() {
        return "confirm-duplicate";
    }

    @Override
    public String channel() {
        return "email";
    }

    @Override
    public Future<String> deliver(OutboxItem item) {
        JsonObject p = item.payload();
        String reference = p.getString("reference");
        String newReference = p.getString("newReference");
        String link = p.getString("link");
        if (reference == null || newReference == null || link == null) {
            throw new PermanentFailure("a confirmation needs reference, newReference and link");
        }
        String to;
        try {
            to = MailSender.bareAddress(p.getString("to"));
        } catch (IllegalArgumentException e) {
            throw new PermanentFailure("confirmation address refused: " + e.getMessage());
        }
        if (ReceiptMailHandler.isNoReply(to)) {
            return Future.succeededFuture("skipped: " + to + " is a no-reply address");
        }
        String language = p.getString("language");
        String messageId = "<confirm." + reference + "." + item.id() + "@" + messageIdDomain + ">";
        if (!sender.configured()) {
            // Recorded as unsent with its text (MailSender); nothing counts towards the loop guard.
            return send(List.of(), to, reference, newReference, link, language, messageId);
        }
        Instant now = clock.instant();
        LocalDate today = LocalDate.ofInstant(now, zone);
        return pool.withTransaction(conn -> store.receiptCase(conn, reference).compose(found -> {
            if (found.isEmpty()) {
                throw new PermanentFailure("no case " + reference);
            }
            return store.recentlySuppressed(conn, to, now.minusSeconds(24 * 3600)).compose(automatic -> {
                if (automatic) {
                    return Future.succeededFuture((List<String>) null);
                }
                return store.autoMailsOn(conn, to, today, item.idempotencyKey()).compose(count -> count >= perAddressPerDay
                        ? Future.succeededFuture((List<String>) null)
                        : store.recordAutoMail(conn, item.idempotencyKey(), to, today, now)
                                .compose(v -> store.addMessage(conn, messageId, found.get().caseId(), "out", null, now))
                                .map(v -> found.get().messageIds()));
            });
        })).compose(thread -> thread == null
                ? Future.succeededFuture("skipped: automatic mail came from " + to + ", or the daily cap of "
                        + perAddressPerDay + " automatic mails to it was reached")
                : send(thread, to, reference, newReference, link, language, messageId));
    }

    /** In the existing case's thread, so the owner sees it beside our earlier mail about that case. */
    private Future<String> send(List<String> thread, String to, String reference, String newReference, String link,
                                String language, String messageId) {
        MultiMap headers = MultiMap.caseInsensitiveMultiMap()
                .add("Auto-Submitted", "auto-generated")
                .add("X-Auto-Response-Suppress", "All")
                .add("X-Shouli-Reference", reference);
        if (!thread.isEmpty()) {
            headers.add("In-Reply-To", thread.get(thread.size() - 1));
            headers.add("References", String.join(" ", thread));
        }
        return sender.send(List.of(to), ConfirmationTexts.mailSubject(reference, newReference, language),
                ConfirmationTexts.mailBody(reference, newReference, link, language), messageId, headers)
                .map(id -> "sent " + id);
    }
}
