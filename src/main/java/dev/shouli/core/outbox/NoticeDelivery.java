package dev.shouli.core.outbox;

import java.util.List;
import java.util.function.Supplier;

/** Whether notices on a channel actually go out here, or are recorded as unsent (no mailer, no SMS provider). */
public final class NoticeDelivery {

    private final Supplier<List<NoticeChannel>> channels;

    public NoticeDelivery(Supplier<List<NoticeChannel>> channels) {
        this.channels = channels;
    }

    public boolean canSend(String channel, String purpose) {
        return channels.get().stream().anyMatch(c -> c.channel().equals(channel) && c.sends(purpose));
    }

    /** Whether a mailer or provider is configured for the channel, whatever it can send. */
    public boolean configured(String channel) {
        return channels.get().stream().anyMatch(c -> c.channel().equals(channel) && c.configured());
    }
}
