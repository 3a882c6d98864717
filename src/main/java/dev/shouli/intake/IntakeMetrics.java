package dev.shouli.intake;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.Future;
import java.time.Duration;

/** Intake counts by channel and outcome, and intake latency, for Prometheus. */
public final class IntakeMetrics {

    private final MeterRegistry registry;

    public IntakeMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    Future<IntakeResult> timed(String channel, long startedNanos, Future<IntakeResult> result) {
        return result.andThen(ar -> {
            String outcome = ar.succeeded() ? ar.result().outcome().code() : "failed";
            Counter.builder("shouli.intake")
                    .description("Submissions taken in, by channel and outcome")
                    .tag("channel", channel)
                    .tag("outcome", outcome)
                    .tag("redelivery", String.valueOf(ar.succeeded() && ar.result().redelivery()))
                    .register(registry)
                    .increment();
            Timer.builder("shouli.intake.duration")
                    .description("Time from receipt to commit of a submission")
                    .tag("channel", channel)
                    .publishPercentileHistogram()
                    .minimumExpectedValue(Duration.ofMillis(1))
                    .maximumExpectedValue(Duration.ofSeconds(10))
                    .register(registry)
                    .record(Duration.ofNanos(System.nanoTime() - startedNanos));
        });
    }
}
