package dev.shouli.core.intake;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Intake counts by channel and outcome, and intake latency, for Prometheus. */
public final class IntakeMetrics {

    private final MeterRegistry registry;
    // Meters are looked up once per tag combination, not built on every request.
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();
    private final Map<String, Timer> timers = new ConcurrentHashMap<>();
    private final DistributionSummary transactionUnits;

    public IntakeMetrics(MeterRegistry registry) {
        this.registry = registry;
        // How well group commit shares its transactions: their count, and the submissions each carried.
        this.transactionUnits = DistributionSummary.builder("shouli.intake.transaction.submissions")
                .description("Submissions sharing each intake transaction (group commit)")
                .register(registry);
    }

    MeterRegistry registry() {
        return registry;
    }

    Future<IntakeResult> timed(String channel, long startedNanos, Future<IntakeResult> result) {
        return result.andThen(ar -> {
            String outcome = ar.succeeded() ? ar.result().outcome().code() : "failed";
            boolean redelivery = ar.succeeded() && ar.result().redelivery();
            counter(channel, outcome, redelivery).increment();
            timer(channel).record(Duration.ofNanos(System.nanoTime() - startedNanos));
        });
    }

    void transactionStarted(int submissions) {
        transactionUnits.record(submissions);
    }

    private Counter counter(String channel, String outcome, boolean redelivery) {
        return counters.computeIfAbsent(channel + "|" + outcome + "|" + redelivery, key -> Counter
                .builder("shouli.intake")
                .description("Submissions taken in, by channel and outcome")
                .tag("channel", channel)
                .tag("outcome", outcome)
                .tag("redelivery", String.valueOf(redelivery))
                .register(registry));
    }

    private Timer timer(String channel) {
        return timers.computeIfAbsent(channel, key -> Timer.builder("shouli.intake.duration")
                .description("Time from receipt to commit of a submission")
                .tag("channel", channel)
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofSeconds(10))
                .register(registry));
    }
}
