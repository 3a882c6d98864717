package dev.shouli.feature.desk;

import dev.shouli.core.cases.CaseFeedStore.FeedEvent;
import dev.shouli.core.cases.CaseFeedStore;
import dev.shouli.core.db.FeedPosition;
import dev.shouli.core.jobs.PeriodicJob;
import dev.shouli.core.outbox.OutboxStore;
import dev.shouli.feature.desk.PushConfig.DeskWebhook;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * Moves new case events into the outbox for each desk webhook whose filter wants them. Per desk, the read
 * position is a locked row: one instance relays at a time, and events, outbox items and the new position
 * commit together, so every event is queued once. Items of one case share an ordering key, so the outbox
 * delivers them to the desk in order.
 */
final class DeskEventRelay extends PeriodicJob {

    private static final int BATCH = 500;

    private final Pool pool;
    private final CaseFeedStore feed;
    private final List<DeskWebhook> webhooks;
    private final Clock clock;

    DeskEventRelay(Pool pool, CaseFeedStore feed, List<DeskWebhook> webhooks, Duration interval, Clock clock) {
        super("relaying case events to desk webhooks", interval);
        this.pool = pool;
        this.feed = feed;
        this.webhooks = List.copyOf(webhooks);
        this.clock = clock;
    }

    @Override
    protected boolean enabled() {
        return !webhooks.isEmpty();
    }

    /** Positions every desk at the present, so events from start-up on are relayed. */
    @Override
    protected Future<?> starting() {
        Future<Void> positioned = Future.succeededFuture();
        for (DeskWebhook hook : webhooks) {
            positioned = positioned.compose(v -> pool.withTransaction(conn -> feed.lockCursor(conn, consumer(hook)))
                    .mapEmpty());
        }
        return positioned;
    }

    @Override
    protected Future<?> round() {
        return relayAll();
    }

    /** One pass over every desk; returns how many events were queued. */
    public Future<Integer> relayAll() {
        Future<Integer> total = Future.succeededFuture(0);
        for (DeskWebhook hook : webhooks) {
            total = total.compose(n -> relay(hook).map(m -> n + m));
        }
        return total;
    }

    private Future<Integer> relay(DeskWebhook hook) {
        return pool.withTransaction(conn -> feed.lockCursor(conn, consumer(hook)).compose(cursor -> {
            if (cursor.isEmpty()) {
                return Future.succeededFuture(0);
            }
            return feed.after(conn, cursor.get(), BATCH).compose(events -> {
                if (events.isEmpty()) {
                    return Future.succeededFuture(0);
                }
                FeedPosition last = events.get(events.size() - 1).position();
                List<FeedEvent> wanted = events.stream()
                        .filter(e -> hook.events().isEmpty() || hook.events().contains(e.json().getString("kind")))
                        .toList();
                return enqueue(conn, hook, wanted, 0)
                        .compose(v -> feed.moveCursor(conn, consumer(hook), last))
                        .map(wanted.size());
            });
        }));
    }

    private Future<Void> enqueue(SqlConnection conn, DeskWebhook hook, List<FeedEvent> events, int index) {
        if (index == events.size()) {
            return Future.succeededFuture();
        }
        FeedEvent e = events.get(index);
        return OutboxStore.enqueueOrdered(conn, e.caseId(), DeskWebhookHandler.KIND,
                        DeskWebhookHandler.channelFor(hook.name()), e.json(),
                        "desk-event:" + hook.name() + ":" + e.position().encode(),
                        "desk-event:" + hook.name() + ":case:" + e.caseId(), clock.instant())
                .compose(v -> enqueue(conn, hook, events, index + 1));
    }

    private static String consumer(DeskWebhook hook) {
        return "webhook:" + hook.name();
    }
}
