package dev.shouli.feature.routing;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Routing on {@code /metrics}: classifications by how they were decided, dispatches and returns per unit,
 * transfers, how long cases wait between their answer and their routing, and the queue behind the router.
 * Counters count what this instance did; Prometheus adds the instances up.
 */
final class RoutingMetrics {

    private final MeterRegistry registry;
    private final Timer delay;
    private final AtomicLong queued = new AtomicLong();
    private final AtomicLong oldestSeconds = new AtomicLong();

    RoutingMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.delay = Timer.builder("shouli.routing.delay")
                .description("From a case's creation (its source's answer) to its routing")
                .publishPercentileHistogram()
                // A bucket at the routing target: every case routed within 2 s of its answer.
                .serviceLevelObjectives(Duration.ofSeconds(2))
                .maximumExpectedValue(Duration.ofMinutes(10))
                .register(registry);
        Gauge.builder("shouli.routing.queue.cases", queued, AtomicLong::get)
                .description("New cases waiting to be routed").register(registry);
        Gauge.builder("shouli.routing.queue.oldest.seconds", oldestSeconds, AtomicLong::get)
                .description("How long the oldest case waiting to be routed has waited").baseUnit("seconds")
                .register(registry);
    }

    /** @param source source, keyword, model or none */
    void classified(String source, boolean decided) {
        Counter.builder("shouli.routing.classified").description("Cases classified, by how")
                .tag("source", source).tag("decided", String.valueOf(decided)).register(registry).increment();
    }

    /** @param how rule, triage (no rule: to triage), dispatch (from triage), transfer */
    void routed(String unit, String how) {
        Counter.builder("shouli.routing.dispatched").description("Cases sent to a unit (triage included)")
                .tag("unit", unit).tag("how", how).register(registry).increment();
    }

    /** @param wait from the case's creation to the commit of its routing */
    void waited(Duration wait) {
        delay.record(wait.isNegative() ? Duration.ZERO : wait);
    }

    void returned(String unit, String reasonCode) {
        Counter.builder("shouli.routing.returned").description("Cases a unit returned to triage (routing errors)")
                .tag("unit", unit).tag("reason", reasonCode).register(registry).increment();
    }

    void assigned(String unit, String policy) {
        Counter.builder("shouli.routing.assigned").description("Cases assigned to a member by a unit's policy")
                .tag("unit", unit).tag("policy", policy).register(registry).increment();
    }

    void queue(long cases, long oldest) {
        queued.set(cases);
        oldestSeconds.set(oldest);
    }
}
