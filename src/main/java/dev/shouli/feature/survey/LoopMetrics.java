package dev.shouli.feature.survey;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Transaction;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Counters for closing the loop, in /metrics: surveys sent, skipped and unanswered, answers by verdict and
 * path, cases re-opened by who re-opened them. Counted when the transaction that did it commits, so a rolled
 * back (and retried) intake is not counted twice.
 */
public final class LoopMetrics {

    /** For gateways and tests built without a registry. */
    public static final LoopMetrics NONE = new LoopMetrics(null);

    private final MeterRegistry registry;
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();

    public LoopMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** A survey went out ({@code sent}), was not sent ({@code skipped}) or was not answered ({@code no_answer}). */
    public void survey(SqlConnection conn, String channel, String outcome) {
        afterCommit(conn, () -> count("shouli.satisfaction.surveys", "Satisfaction surveys by channel and outcome",
                "channel", channel, "outcome", outcome));
    }

    /** @param via {@code sms}, {@code email}, {@code web}, {@code hotline:<source>} */
    public void answer(SqlConnection conn, String verdict, String via) {
        afterCommit(conn, () -> count("shouli.satisfaction.answers", "Satisfaction answers by verdict and path",
                "verdict", verdict == null ? "comment_only" : verdict, "via", via.startsWith("hotline:") ? "hotline" : via));
    }

    /** @param source {@code desk}, {@code survey} or {@code hotline} */
    public void reopened(SqlConnection conn, String source) {
        afterCommit(conn, () -> count("shouli.cases.reopened", "Cases re-opened, by who re-opened them",
                "source", source, null, null));
    }

    public void escalated(SqlConnection conn, String source) {
        afterCommit(conn, () -> count("shouli.satisfaction.escalations",
                "Dissatisfied answers raised to the supervisors", "source", source, null, null));
    }

    private static void afterCommit(SqlConnection conn, Runnable count) {
        Transaction tx = conn == null ? null : conn.transaction();
        if (tx == null) {
            count.run();
        } else {
            tx.completion().onSuccess(v -> count.run());
        }
    }

    private void count(String name, String description, String k1, String v1, String k2, String v2) {
        if (registry == null) {
            return;
        }
        String key = name + "|" + v1 + "|" + v2;
        counters.computeIfAbsent(key, k -> {
            Counter.Builder b = Counter.builder(name).description(description).tag(k1, v1);
            if (k2 != null) {
                b.tag(k2, v2);
            }
            return b.register(registry);
        }).increment();
    }
}
