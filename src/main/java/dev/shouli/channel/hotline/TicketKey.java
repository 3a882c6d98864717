package dev.shouli.channel.hotline;

/**
 * The redelivery key of one message about a ticket: {@code <ticket>#<kind>#<sequence>}, stored as the
 * submission's external id on channel {@code hotline:<source>}. A platform resending the same message gets
 * the first answer; a new urge needs a new sequence.
 */
public record TicketKey(String source, String ticketNumber, MessageKind kind, int sequence) {

    public static final String CHANNEL_PREFIX = "hotline:";

    public String channel() {
        return CHANNEL_PREFIX + source;
    }

    public String externalId() {
        return ticketNumber + "#" + kind.code() + "#" + sequence;
    }

    /** Reads a key back from a submission; null when the submission is not a hotline ticket message. */
    public static TicketKey of(String channel, String externalId) {
        if (channel == null || !channel.startsWith(CHANNEL_PREFIX) || externalId == null) {
            return null;
        }
        // From the right: the ticket number itself may contain '#'.
        int last = externalId.lastIndexOf('#');
        int middle = last <= 0 ? -1 : externalId.lastIndexOf('#', last - 1);
        if (middle <= 0) {
            return null;
        }
        MessageKind kind = MessageKind.parse(externalId.substring(middle + 1, last)).orElse(null);
        if (kind == null) {
            return null;
        }
        try {
            return new TicketKey(channel.substring(CHANNEL_PREFIX.length()), externalId.substring(0, middle), kind,
                    Integer.parseInt(externalId.substring(last + 1)));
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
