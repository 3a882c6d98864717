package dev.shouli.channel.hotline;

import dev.shouli.channel.hotline.HotlineStore.Ticket;
import dev.shouli.core.outbox.OutboxStore;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlClient;
import java.time.Instant;
import java.time.ZoneId;

/**
 * Queues callbacks to a hotline platform in the caller's transaction (outbox kind {@code callback}, channel
 * {@code hotline:<source>}). The body the platform receives is the payload as queued:
 * {@code {"type", "source", "ticketNumber", "reference", "at", …}} with {@code reasonCode} and {@code note}
 * for a return, {@code newDeadline} and {@code reason} for an extension, {@code result} for a reply.
 */
public final class HotlineCallbacks {

    public static final String KIND = "callback";

    /** The four callbacks a unit owes the platform. */
    public enum Type {
        SIGN_FOR("sign-for"), RETURN("return"), EXTEND("extend"), REPLY("reply");

        private final String code;

        Type(String code) {
            this.code = code;
        }

        public String code() {
            return code;
        }
    }

    private final ZoneId zone;

    public HotlineCallbacks(ZoneId zone) {
        this.zone = zone;
    }

    /**
     * @param occurrence what makes this callback distinct from an earlier one of the same type (empty for the
     *                   ones a ticket gets once, such as its sign-for); the outbox key dedupes the rest
     */
    public Future<Void> enqueue(SqlClient client, Ticket ticket, Type type, JsonObject details, String occurrence,
                                Instant at) {
        JsonObject payload = new JsonObject()
                .put("type", type.code())
                .put("source", ticket.source())
                .put("ticketNumber", ticket.ticketNumber())
                .put("reference", ticket.reference())
                .put("at", at.atZone(zone).toOffsetDateTime().toString());
        details.forEach(e -> payload.put(e.getKey(), e.getValue()));
        String key = "hotline:" + ticket.source() + ":" + ticket.ticketNumber() + ":" + type.code()
                + (occurrence == null || occurrence.isEmpty() ? "" : ":" + occurrence);
        return OutboxStore.enqueue(client, ticket.caseId(), KIND, TicketKey.CHANNEL_PREFIX + ticket.source(), payload,
                key, at);
    }
}
