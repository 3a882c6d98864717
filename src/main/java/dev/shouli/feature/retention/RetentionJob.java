package dev.shouli.feature.retention;

import dev.shouli.core.jobs.PeriodicJob;
import dev.shouli.core.logging.RequestId;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies the retention rules once per {@code retention.interval} across all instances: the instance whose
 * claim of the interval's slot succeeds runs it. Each step works in batches until nothing is left; a crash
 * leaves the slot claimed and the rest to the next slot (every step may run again safely). The clock is
 * injected so tests move across month boundaries and retention ages without waiting.
 */
public final class RetentionJob extends PeriodicJob {

    private static final Logger LOG = LoggerFactory.getLogger(RetentionJob.class);

    private final RetentionStore store;
    private final RetentionConfig config;
    private final Clock clock;
    private final String instance = RequestId.generate();

    public RetentionJob(RetentionStore store, RetentionConfig config, Clock clock) {
        super("retention run", config.interval());
        this.store = store;
        this.config = config;
        this.clock = clock;
    }

    @Override
    protected boolean enabled() {
        return config.enabled();
    }

    /** Soon after start, so a gateway restarted now and then still applies the rules. */
    @Override
    protected Duration firstDelay() {
        return Duration.ofSeconds(5);
    }

    @Override
    protected Future<?> round() {
        return runIfDue();
    }

    /** @return what was done, or null when another instance has this slot */
    public Future<JsonObject> runIfDue() {
        Instant now = clock.instant();
        long slot = now.toEpochMilli() / config.interval().toMillis();
        return store.claimSlot(slot, instance, now).compose(claimed -> {
            if (!claimed) {
                return Future.succeededFuture(null);
            }
            JsonObject done = new JsonObject();
            return run(now, done)
                    .compose(v -> store.finishSlot(slot, clock.instant(), done, null).map(done))
                    .recover(e -> {
                        LOG.warn("retention run of slot {} failed, the next slot carries on: {}", slot, e.toString());
                        return store.finishSlot(slot, clock.instant(), done, e.toString()).map(done);
                    })
                    .onSuccess(d -> LOG.info("retention run slot={} done={}", slot, d.encode()));
        });
    }

    private Future<Void> run(Instant now, JsonObject done) {
        return partitions(now, done)
                .compose(v -> repeat(() -> store.deleteRefused(now.minus(config.suppressedAndRejected()),
                        config.batchSize()), done, "refusedSubmissionsDeleted"))
                .compose(v -> bodies(now, done))
                .compose(v -> closedCases(now, done))
                .compose(v -> repeat(() -> store.deleteFinishedOutbox(now.minus(config.finishedOutbox()),
                        config.batchSize()), done, "outboxItemsDeleted"))
                // Finished batches hold the same texts as the outbox items they queued: kept as long.
                .compose(v -> repeat(() -> store.deleteFinishedWork(now.minus(config.finishedOutbox()),
                        config.batchSize()), done, "finishedWorkDeleted"))
                .compose(v -> dropOldHistory(now, done));
    }

    /** The current month and {@code partitionsAhead} more exist before anything is written into them. */
    private Future<Void> partitions(Instant now, JsonObject done) {
        LocalDate month = LocalDate.ofInstant(now, ZoneOffset.UTC).withDayOfMonth(1);
        return store.partitions().compose(existing -> {
            Future<Void> chain = Future.succeededFuture();
            List<String> created = new ArrayList<>();
            for (int i = 0; i <= config.partitionsAhead(); i++) {
                LocalDate m = month.plusMonths(i);
                if (!existing.contains(RetentionStore.partitionName(m))) {
                    chain = chain.compose(v -> store.createPartition(m))
                            .onSuccess(v -> created.add(RetentionStore.partitionName(m)));
                }
            }
            return chain.onSuccess(v -> done.put("partitionsCreated", created));
        });
    }

    private Future<Void> bodies(Instant now, JsonObject done) {
        List<String> overridden = List.copyOf(config.verbatimByChannel().keySet());
        Future<Void> chain = repeat(() -> store.blankBodies(now.minus(config.verbatimSubmissions()), null, overridden,
                config.batchSize(), now), done, "submissionBodiesBlanked");
        for (Map.Entry<String, Duration> e : config.verbatimByChannel().entrySet()) {
            chain = chain.compose(v -> repeat(() -> store.blankBodies(now.minus(e.getValue()), e.getKey(), List.of(),
                    config.batchSize(), now), done, "submissionBodiesBlanked"));
        }
        return chain;
    }

    private Future<Void> closedCases(Instant now, JsonObject done) {
        List<String> overridden = List.copyOf(config.closedCasesByKind().keySet());
        Future<Void> chain = repeat(() -> store.anonymiseClosedCases(now.minus(config.closedCases()), null, overridden,
                config.batchSize(), now), done, "casesAnonymised");
        for (Map.Entry<String, Duration> e : config.closedCasesByKind().entrySet()) {
            chain = chain.compose(v -> repeat(() -> store.anonymiseClosedCases(now.minus(e.getValue()), e.getKey(),
                    List.of(), config.batchSize(), now), done, "casesAnonymised"));
        }
        return chain;
    }

    /** Months that ended more than {@code caseHistory} ago, and whose cases are all anonymised, are dropped. */
    private Future<Void> dropOldHistory(Instant now, JsonObject done) {
        LocalDate cutoff = LocalDate.ofInstant(now.minus(config.caseHistory()), ZoneOffset.UTC).withDayOfMonth(1);
        return store.partitions().compose(names -> {
            Future<Void> chain = Future.succeededFuture();
            List<String> dropped = new ArrayList<>();
            for (String name : names) {
                LocalDate month = LocalDate.parse(name.substring("case_event_".length()).replace('_', '-') + "-01");
                if (month.plusMonths(1).isBefore(cutoff) || month.plusMonths(1).isEqual(cutoff)) {
                    chain = chain.compose(v -> store.dropPartitionIfAnonymised(name))
                            .map(gone -> {
                                if (gone) {
                                    dropped.add(name);
                                }
                                return null;
                            });
                }
            }
            return chain.onSuccess(v -> done.put("partitionsDropped", dropped));
        });
    }

    /** Runs a batch step until a batch comes back smaller than the batch size, adding up what it did. */
    private Future<Void> repeat(Supplier<Future<Integer>> batch, JsonObject done, String counter) {
        return batch.get().compose(n -> {
            done.put(counter, done.getInteger(counter, 0) + n);
            return n < config.batchSize() ? Future.succeededFuture() : repeat(batch, done, counter);
        });
    }
}
