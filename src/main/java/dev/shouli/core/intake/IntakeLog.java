package dev.shouli.core.intake;

import dev.shouli.core.domain.Submission;
import dev.shouli.core.logging.RequestId;
import io.vertx.core.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One log line per intake, for operators and log shippers: the request id, channel, outcome, case reference and
 * duration. Never the complainant, the text or the reason (a reason may quote the input).
 */
final class IntakeLog {

    private static final Logger LOG = LoggerFactory.getLogger(IntakeLog.class);

    private IntakeLog() {
    }

    static Future<IntakeResult> logged(Submission s, String requestId, long startedNanos, Future<IntakeResult> result) {
        return result.andThen(ar -> RequestId.withMdc(requestId, () -> {
            long ms = (System.nanoTime() - startedNanos) / 1_000_000;
            if (ar.succeeded()) {
                IntakeResult r = ar.result();
                LOG.info("intake requestId={} channel={} transport={} outcome={} reference={} redelivery={} ms={}",
                        requestId, s.channel(), s.transport(), r.outcome().code(), r.reference(), r.redelivery(), ms);
            } else {
                LOG.warn("intake requestId={} channel={} transport={} outcome=failed error={} ms={}",
                        requestId, s.channel(), s.transport(), ar.cause().getClass().getSimpleName(), ms);
            }
        }));
    }
}
