package dev.shouli.core.outbox;

import io.vertx.core.json.JsonObject;

/**
 * Something to tell a complainant (or staff): what it is for ({@code purpose}, also the outbox item's kind), on
 * which channel and to whom, about which case, in which language, and the facts its words are made of
 * ({@code params}: a reference, a link, the text a desk agent wrote, …). The words themselves come from the
 * purpose's {@link NoticeTemplate} when the notice is sent, in the channel's form (a mail, an SMS that fits its
 * segment cap); each channel applies its own caps, opt-outs and loop guards ({@link NoticeChannel}).
 *
 * <p>The outbox payload is {@code params} plus {@code to}, {@code reference} and {@code language}: the shape every
 * receipt, reply, 回访 question and confirmation had before notices were one thing, so items queued then are sent
 * the same way now.
 *
 * @param to an e-mail address or an E.164 number; for staff notices by e-mail, a comma-separated list
 */
public record Notice(String purpose, String channel, String to, Long caseId, String reference, String language,
                     JsonObject params) {

    public Notice {
        params = params == null ? new JsonObject() : params;
    }

    /** The outbox payload. */
    public JsonObject payload() {
        return params.copy().put("to", to).put("reference", reference).put("language", language);
    }

    /** The notice an outbox item carries. */
    public static Notice of(OutboxItem item) {
        JsonObject p = item.payload();
        Object to = p.getValue("to");
        String recipients = to instanceof io.vertx.core.json.JsonArray list
                ? String.join(",", list.stream().map(String::valueOf).toList()) : (String) to;
        JsonObject params = p.copy();
        params.remove("to");
        params.remove("reference");
        params.remove("language");
        return new Notice(item.kind(), item.channel(), recipients, item.caseId(), p.getString("reference"),
                p.getString("language"), params);
    }

    public String param(String name) {
        return params.getString(name);
    }
}
