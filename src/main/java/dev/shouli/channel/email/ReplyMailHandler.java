package dev.shouli.channel.email;

import dev.shouli.core.outbox.OutboxHandler;
import dev.shouli.core.outbox.OutboxItem;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import java.util.List;

/**
 * {@code reply:email}: a desk agent's reply to the complainant (written in the console), threaded on the
 * case's mail: {@code In-Reply-To} the complainant's latest message and {@code References} all of theirs. Our
 * Message-ID is recorded on the case before sending, so the complainant's answer threads back onto it. A
 * person wrote it, so it is not marked Auto-Submitted and the automatic-mail loop guard does not apply.
 */
public final class ReplyMailHandler implements OutboxHandler {

    private final Pool pool;
    private final EmailStore store;
    private final MailSender sender;
    private final String messageIdDomain;
    private final Clock clock;

    ReplyMailHandler(Pool pool, EmailStore store, MailSender sender, String messageIdDomain, Clock clock) {
        this.pool = pool;
        this.store = store;
        this.sender = sender;
        this.messageIdDomain = messageIdDomain;
        this.clock = clock;
    }

    /** With a mail client of its own, on the configured mailer. */
    public static ReplyMailHandler create(Vertx vertx, Pool pool, EmailStore store, EmailConfig email, Clock clock) {
        return new ReplyMailHandler(pool, store, new MailSender(vertx, email), email.messageIdDomain(), clock);
    }

    @Override
    public String kind() {
        return "reply";
    }

    @Override
    public String channel() {
        return "email";
    }

    @Override
    public Future<String> deliver(OutboxItem item) {
        JsonObject p = item.payload();
        String reference = p.getString("reference");
        String to;
        try {
            to = MailSender.bareAddress(p.getString("to"));
        } catch (IllegalArgumentException e) {
            throw new PermanentFailure("reply address refused: " + e.getMessage());
        }
        if (reference == null || p.getString("text") == null) {
            throw new PermanentFailure("a reply needs reference, to and text");
        }
        String messageId = "<reply." + reference + "." + item.id() + "@" + messageIdDomain + ">";
        return pool.withTransaction(conn -> store.receiptCase(conn, reference).compose(found -> {
            if (found.isEmpty()) {
                throw new PermanentFailure("no case " + reference);
            }
            return store.addMessage(conn, messageId, found.get().caseId(), "out", null, clock.instant())
                    .map(v -> found.get().messageIds());
        })).compose(theirs -> {
            MultiMap headers = MultiMap.caseInsensitiveMultiMap().add("X-Shouli-Reference", reference);
            if (!theirs.isEmpty()) {
                headers.add("In-Reply-To", theirs.get(theirs.size() - 1));
                headers.add("References", String.join(" ", theirs));
            }
            return sender.send(List.of(to), p.getString("subject", reference), p.getString("text"), messageId, headers)
                    .map(id -> "sent " + id);
        });
    }
}
