package dev.shouli.core.outbox;

import io.vertx.core.Future;
import java.util.Optional;

/**
 * Sends notices of every purpose on one channel (e-mail, SMS), with the channel's own rules: its caps, the
 * numbers that opted out, its loop guards against automatic senders, threading. Registered by the channel's
 * module; the core pairs it with every {@link NoticeTemplate} into an outbox handler.
 */
public interface NoticeChannel {

    /** The outbox channel, e.g. {@code email}. */
    String channel();

    /**
     * Whether notices of {@code purpose} actually go out here: false without a mailer or SMS provider, or when the
     * provider sends only approved templates and none is configured for the purpose (they are recorded as unsent).
     */
    boolean sends(String purpose);

    /**
     * Whether anything is configured to send on this channel at all (a mailer, an SMS provider): when it is and
     * {@link #sends} is still false, the provider sends only approved templates and none fits the purpose.
     */
    default boolean configured() {
        return true;
    }

    /**
     * Sends {@code notice} in the words of {@code template}. Same contract as {@link OutboxHandler#deliver}: a
     * failed future is retried, {@link OutboxHandler.PermanentFailure} is not, {@link OutboxHandler.NotSent}
     * records the notice as unsent with what would have gone out; a deliberate skip succeeds with its reason
     * (after {@link NoticeTemplate#skipped}).
     */
    Future<String> send(OutboxItem item, Notice notice, NoticeTemplate template);

    /** As above, for a channel that can hold its last step back until the notice is recorded as sent. */
    default Future<String> send(OutboxItem item, Notice notice, NoticeTemplate template, HandOver handOver) {
        return send(item, notice, template);
    }

    /**
     * When this channel would, with certainty and without looking anything up, record {@code notice} as unsent —
     * nothing configured to send it — what it would record: the reason and the preview. Empty when it may send the
     * notice or cannot tell without trying. Intake asks it for a new case's receipt, so that in the zero-setup
     * start a receipt is written once, as unsent, rather than queued, claimed and settled (BENCHMARKS.md).
     */
    default Optional<OutboxHandler.NotSent> wouldNotSend(Notice notice, NoticeTemplate template) {
        return Optional.empty();
    }

    /** The channel's send rate, shared by all its notices and instances; 0 for none (see OutboxHandler). */
    default double sendsPerSecond() {
        return 0;
    }

    /** What {@code notice} counts against {@link #sendsPerSecond()}. */
    default int cost(Notice notice, NoticeTemplate template) {
        return 1;
    }
}
