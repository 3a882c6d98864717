package dev.shouli.core.outbox;

import dev.shouli.core.jobs.PeriodicJob;
import dev.shouli.core.logging.RequestId;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers outbox items after commit: claims due items (several instances side by side), calls the
 * handler for each, records the result, and reschedules failures with backoff until the item is older
 * than the maximum age — then it is dead, visible through the API and retryable by an operator. An item its
 * handler cannot send because nothing is configured to send it is recorded as unsent at once, never retried.
 * Items with no handler on this instance stay queued for an instance that has one.
 */
public final class OutboxWorker extends PeriodicJob {

    private static final Logger LOG = LoggerFactory.getLogger(OutboxWorker.class);

    /** How an outbox worker behaves; see {@code outbox:} in config/shouli.yaml. */
    public record Settings(Duration pollInterval, int batchSize, Duration lease, Backoff backoff, Duration maxAge) {
    }

    private final OutboxStore store;
    private final Map<String, OutboxHandler> handlers;
    private final Settings settings;
    private final Clock clock;
    private boolean polling;

    public OutboxWorker(OutboxStore store, List<OutboxHandler> handlers, Settings settings, Clock clock) {
        super("outbox poll", settings.pollInterval());
        this.store = store;
        this.handlers = handlers.stream().collect(Collectors.toMap(OutboxWorker::route, Function.identity()));
        this.settings = settings;
        this.clock = clock;
    }

    private static String route(OutboxHandler h) {
        return h.kind() + ":" + h.channel();
    }

    @Override
    protected boolean enabled() {
        return !handlers.isEmpty();
    }

    @Override
    protected Future<?> round() {
        return poll();
    }

    /** One round: claim a batch and deliver it. Skipped while the previous round is still running. */
    public Future<Integer> poll() {
        if (polling) {
            return Future.succeededFuture(0);
        }
        polling = true;
        return store.claimDue(List.copyOf(handlers.keySet()), settings.batchSize(), clock.instant(), settings.lease())
                .compose(items -> Future.join(items.stream().map(this::deliver).toList()).map(items.size()))
                .onFailure(e -> LOG.warn("outbox poll failed: {}", e.toString()))
                .eventually(() -> {
                    polling = false;
                    return Future.succeededFuture();
                });
    }

    private Future<Void> deliver(OutboxItem item) {
        OutboxHandler handler = handlers.get(item.kind() + ":" + item.channel());
        long started = System.nanoTime();
        return handler.deliver(item)
                .compose(result -> {
                    logDelivery(item, "sent", started, null);
                    return store.markSent(item.id(), result, clock.instant());
                })
                .recover(failure -> failed(item, failure, started));
    }

    private Future<Void> failed(OutboxItem item, Throwable failure, long started) {
        Instant now = clock.instant();
        if (failure instanceof OutboxHandler.NotSent notSent) {
            // Expected with zero setup: no log line per item, the reason is on the item itself.
            LOG.debug("outbox item {} ({}:{}) recorded as unsent: {}", item.id(), item.kind(), item.channel(),
                    notSent.getMessage());
            return store.markUnsent(item.id(), notSent.getMessage(), notSent.preview(), now);
        }
        String error = failure.getClass().getSimpleName() + ": " + failure.getMessage();
        boolean tooOld = Duration.between(item.createdAt(), now).compareTo(settings.maxAge()) > 0;
        Instant next = failure instanceof OutboxHandler.PermanentFailure || tooOld ? null
                : now.plus(settings.backoff().after(item.attempts()));
        // The error text is kept on the item for operators; the log names its kind only, because a receiver's
        // refusal may quote the address or number it refused.
        logDelivery(item, next == null ? "dead" : "failed", started,
                failure.getClass().getSimpleName() + (next == null ? "" : " next=" + next));
        return store.markFailed(item.id(), error, next, now);
    }

    /** One line per delivery attempt, carrying the id of the request that queued the item. */
    private static void logDelivery(OutboxItem item, String outcome, long startedNanos, String error) {
        long ms = (System.nanoTime() - startedNanos) / 1_000_000;
        String requestId = item.requestId() == null ? "-" : item.requestId();
        RequestId.withMdc(requestId, () -> {
            if (error == null) {
                LOG.info("delivery requestId={} item={} kind={} channel={} attempt={} outcome={} ms={}", requestId,
                        item.id(), item.kind(), item.channel(), item.attempts(), outcome, ms);
            } else {
                LOG.warn("delivery requestId={} item={} kind={} channel={} attempt={} outcome={} ms={} error={}",
                        requestId, item.id(), item.kind(), item.channel(), item.attempts(), outcome, ms, error);
            }
        });
    }
}
