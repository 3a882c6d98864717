package dev.shouli.channel.email;

import dev.shouli.core.outbox.OutboxHandler;
import dev.shouli.core.outbox.OutboxItem;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code notice:email}: plain operational mail to staff (SLA escalations), payload
 * {@code {"to": [...], "subject", "text", "reference"}}, sent by the same mail sender as receipts.
 */
public final class NoticeMailHandler implements OutboxHandler {

    private final MailSender sender;
    private final String messageIdDomain;

    NoticeMailHandler(MailSender sender, String messageIdDomain) {
        this.sender = sender;
        this.messageIdDomain = messageIdDomain;
    }

    @Override
    public String kind() {
        return "notice";
    }

    @Override
    public String channel() {
        return "email";
    }

    @Override
    public Future<String> deliver(OutboxItem item) {
        JsonObject p = item.payload();
        JsonArray rawTo = p.getJsonArray("to");
        if (rawTo == null || rawTo.isEmpty() || p.getString("subject") == null || p.getString("text") == null) {
            throw new PermanentFailure("a notice needs to, subject and text");
        }
        List<String> to = new ArrayList<>();
        try {
            for (Object address : rawTo) {
                to.add(MailSender.bareAddress(String.valueOf(address)));
            }
        } catch (IllegalArgumentException e) {
            throw new PermanentFailure("notice address refused: " + e.getMessage());
        }
        MultiMap headers = MultiMap.caseInsensitiveMultiMap().add("Auto-Submitted", "auto-generated");
        if (p.getString("reference") != null) {
            headers.add("X-Shouli-Reference", p.getString("reference"));
        }
        String messageId = "<notice." + item.id() + "@" + messageIdDomain + ">";
        return sender.send(to, p.getString("subject"), p.getString("text"), messageId, headers)
                .map(id -> "sent " + id);
    }
}
