package dev.shouli.core.outbox;

import dev.shouli.core.jobs.PeriodicJob;
import dev.shouli.core.logging.RequestId;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers outbox items after commit: claims due items in batches (several instances side by side), delivers up
 * to {@code concurrency} of them at once per channel, records each result, and reschedules failures with backoff
 * until the item is older than the maximum age — then it is dead, visible through the API and retryable by an
 * operator. An item its handler cannot send because nothing is configured to send it is recorded as unsent at once,
 * never retried. Items with no handler on this instance stay queued for an instance that has one.
 *
 * <p>Each channel is a lane of its own, claimed on its own: a channel with a send rate (an SMS provider's) takes only
 * as many items as it may send within the next two seconds, each in a send slot shared with every instance through
 * PostgreSQL, so a burst's SMS wait their turn in the queue instead of being refused by the provider — and never
 * occupy the places the burst's mail needs. While a lane finds full batches it claims the next one as soon as it has
 * room again; only an empty queue waits for the poll interval. Results are written in batches ({@link Batched}).
 * See docs/architecture.md, "The outbox".
 */
public final class OutboxWorker extends PeriodicJob {

    private static final Logger LOG = LoggerFactory.getLogger(OutboxWorker.class);
    /** Deliveries in flight per channel when the configuration does not say. */
    public static final int DEFAULT_CONCURRENCY = 32;
    /** How far ahead a paced channel claims: its rate times this many items. */
    private static final Duration PACE_AHEAD = Duration.ofSeconds(2);

    /** How an outbox worker behaves; see {@code outbox:} in config/shouli.yaml. */
    public record Settings(Duration pollInterval, int batchSize, Duration lease, Backoff backoff, Duration maxAge,
                           int concurrency) {

        public Settings(Duration pollInterval, int batchSize, Duration lease, Backoff backoff, Duration maxAge) {
            this(pollInterval, batchSize, lease, backoff, maxAge, DEFAULT_CONCURRENCY);
        }
    }

    private final OutboxStore store;
    private final Map<String, OutboxHandler> handlers;
    private final Map<String, Lane> lanes = new LinkedHashMap<>();
    private final Settings settings;
    private final Clock clock;

    public OutboxWorker(OutboxStore store, List<OutboxHandler> handlers, Settings settings, Clock clock) {
        super("outbox poll", settings.pollInterval());
        this.store = store;
        this.handlers = handlers.stream().collect(Collectors.toMap(OutboxWorker::route, Function.identity()));
        this.settings = settings;
        this.clock = clock;
        handlers.stream().collect(Collectors.groupingBy(OutboxHandler::channel, LinkedHashMap::new, Collectors.toList()))
                .forEach((channel, onIt) -> lanes.put(channel, new Lane(channel,
                        onIt.stream().map(OutboxHandler::kind).toList(),
                        onIt.stream().mapToDouble(OutboxHandler::sendsPerSecond).filter(r -> r > 0).min().orElse(0))));
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

    /**
     * One round: every lane with room claims a batch and delivers it. Answers, with how many items were claimed, once
     * those are delivered and their results written; further batches a busy lane claims meanwhile run on.
     */
    public Future<Integer> poll() {
        if (context != null && Vertx.currentContext() != context) {
            Promise<Integer> answer = Promise.promise();
            context.runOnContext(v -> poll().onComplete(answer));
            return answer.future();
        }
        List<Future<Integer>> claimed = lanes.values().stream().map(this::pump).toList();
        return Future.join(claimed).map(v -> claimed.stream().mapToInt(f -> f.succeeded() ? f.result() : 0).sum());
    }

    /** The items of one channel: what it may have in flight, and what it has. Touched on the worker's context only. */
    private final class Lane {
        final String channel;
        final List<String> kinds;
        final double rate;
        int inFlight;
        boolean claiming;
        /** The last claim was full: more is probably due, so claim again as soon as there is room. */
        boolean more;

        Lane(String channel, List<String> kinds, double rate) {
            this.channel = channel;
            this.kinds = kinds;
            this.rate = rate;
        }

        int room() {
            int most = settings.concurrency();
            if (rate > 0) {
                most = (int) Math.min(most, Math.max(1, Math.floor(rate * PACE_AHEAD.toMillis() / 1000.0)));
            }
            return Math.min(settings.batchSize(), most - inFlight);
        }
    }

    private Future<Integer> pump(Lane lane) {
        int room = lane.room();
        if (lane.claiming || room <= 0) {
            return Future.succeededFuture(0);
        }
        lane.claiming = true;
        return onContext(store.claimDue(lane.channel, lane.kinds, room, clock.instant(), settings.lease()))
                .transform(claimed -> {
                    lane.claiming = false;
                    if (claimed.failed()) {
                        LOG.warn("outbox poll of {} failed: {}", lane.channel, claimed.cause().toString());
                        return Future.succeededFuture(0);
                    }
                    List<OutboxItem> items = claimed.result();
                    lane.more = items.size() == room;
                    lane.inFlight += items.size();
                    return starts(lane, items).transform(planned -> {
                        List<Future<Void>> done = new ArrayList<>(items.size());
                        for (int i = 0; i < items.size(); i++) {
                            OutboxItem item = items.get(i);
                            Future<Void> one = planned.succeeded()
                                    ? waitUntil(planned.result().get(i)).compose(v -> deliver(item))
                                    : unpaced(item, planned.cause());
                            done.add(one.eventually(() -> delivered(lane)));
                        }
                        return Future.join(done).map(items.size());
                    });
                });
    }

    /** A delivery of the lane ended: claim the next batch now if the queue looked full and there is room. */
    private Future<Void> delivered(Lane lane) {
        lane.inFlight--;
        int room = lane.room();
        if (lane.more && room > 0 && (room >= Math.max(1, settings.concurrency() / 4) || lane.inFlight == 0)) {
            pump(lane);
        }
        return Future.succeededFuture();
    }

    /**
     * When each item may go: now, or for a paced channel its send slot, reserved for the whole batch in one statement
     * and shared with every instance.
     */
    private Future<List<Instant>> starts(Lane lane, List<OutboxItem> items) {
        // A provider counts real seconds, whatever clock the gateway's business rules run on.
        Instant now = Instant.now();
        if (lane.rate <= 0 || items.isEmpty()) {
            List<Instant> at = new ArrayList<>(items.size());
            items.forEach(i -> at.add(now));
            return Future.succeededFuture(at);
        }
        int[] costs = items.stream().mapToInt(i -> Math.max(1, handler(i).cost(i))).toArray();
        double seconds = 0;
        for (int c : costs) {
            seconds += c / lane.rate;
        }
        double reserved = seconds;
        return onContext(store.pace(lane.channel, reserved, now)).map(end -> {
            List<Instant> at = new ArrayList<>(items.size());
            Instant slot = end.minusNanos((long) (reserved * 1e9));
            for (int c : costs) {
                at.add(slot);
                slot = slot.plusNanos((long) (c / lane.rate * 1e9));
            }
            return at;
        });
    }

    /** No send slot could be reserved: the item goes back with backoff rather than out unpaced. */
    private Future<Void> unpaced(OutboxItem item, Throwable failure) {
        Instant now = clock.instant();
        return store.markFailed(OutboxStore.Attempt.of(item), "no send slot: " + failure.getMessage(),
                now.plus(settings.backoff().after(item.attempts())), now).otherwiseEmpty();
    }

    private Future<Void> waitUntil(Instant start) {
        long millis = Duration.between(Instant.now(), start).toMillis();
        if (millis <= 0) {
            return Future.succeededFuture();
        }
        Promise<Void> due = Promise.promise();
        vertx.setTimer(millis, id -> due.complete());
        return due.future();
    }

    private OutboxHandler handler(OutboxItem item) {
        return handlers.get(item.kind() + ":" + item.channel());
    }

    /** Delivers one item and writes down what became of it; never fails. */
    private Future<Void> deliver(OutboxItem item) {
        OutboxStore.Attempt attempt = OutboxStore.Attempt.of(item);
        long started = System.nanoTime();
        Attempted handOver = new Attempted(attempt);
        Future<String> delivery;
        try {
            delivery = handler(item).deliver(item, handOver);
        } catch (RuntimeException e) {
            delivery = Future.failedFuture(e);
        }
        return onContext(delivery).transform(ar -> {
            Instant now = clock.instant();
            if (ar.succeeded()) {
                logDelivery(item, "sent", started, null);
                return store.markSent(attempt, ar.result(), now);
            }
            return failed(item, attempt, handOver.recorded, ar.cause(), started, now);
        }).recover(e -> {
            // The result could not be written: the lease gives the item to another attempt.
            LOG.warn("recording the delivery of outbox item {} failed: {}", item.id(), e.toString());
            return Future.succeededFuture();
        });
    }

    private Future<Void> failed(OutboxItem item, OutboxStore.Attempt attempt, boolean handedOver, Throwable failure,
                                long started, Instant now) {
        if (failure instanceof OutboxHandler.NotSent notSent) {
            // Expected with zero setup: no log line per item, the reason is on the item itself.
            LOG.debug("outbox item {} ({}:{}) recorded as unsent: {}", item.id(), item.kind(), item.channel(),
                    notSent.getMessage());
            return store.markUnsent(attempt, notSent.getMessage(), notSent.preview(), now);
        }
        String error = failure.getClass().getSimpleName() + ": " + failure.getMessage();
        if (handedOver && failure instanceof OutboxHandler.Unconfirmed) {
            // The receiver may have it: sending it again could deliver it twice (HandOver).
            logDelivery(item, "unconfirmed", started, failure.getClass().getSimpleName());
            return store.markSent(attempt, "unconfirmed: " + failure.getMessage(), now);
        }
        boolean tooOld = Duration.between(item.createdAt(), now).compareTo(settings.maxAge()) > 0;
        Instant next = failure instanceof OutboxHandler.PermanentFailure || tooOld ? null
                : now.plus(settings.backoff().after(item.attempts()));
        // The error text is kept on the item for operators; the log names its kind only, because a receiver's
        // refusal may quote the address or number it refused.
        logDelivery(item, next == null ? "dead" : "failed", started,
                failure.getClass().getSimpleName() + (next == null ? "" : " next=" + next));
        return store.markFailed(attempt, error, next, now);
    }

    /** The hand-over offered to one attempt: whether it was recorded decides what a failure afterwards means. */
    private final class Attempted implements HandOver {
        private final OutboxStore.Attempt attempt;
        private volatile boolean recorded;

        Attempted(OutboxStore.Attempt attempt) {
            this.attempt = attempt;
        }

        @Override
        public Future<Void> record() {
            return store.handOver(attempt, clock.instant()).onSuccess(v -> recorded = true);
        }
    }

    /** Handlers answer on their own threads (an SMTP connection's); the lanes are kept on the worker's. */
    private <T> Future<T> onContext(Future<T> future) {
        if (context == null) {
            return future;
        }
        Promise<T> here = Promise.promise();
        future.onComplete(ar -> {
            if (Vertx.currentContext() == context) {
                here.handle(ar);
            } else {
                context.runOnContext(v -> here.handle(ar));
            }
        });
        return here.future();
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
