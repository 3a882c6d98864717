package dev.shouli.channel.sms;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Looks now and then for long messages whose parts stopped coming, and takes them in as they are. Every
 * instance runs one; the store's claim makes each group go in once.
 */
public final class ConcatSweeper extends VerticleBase {

    private static final Logger LOG = LoggerFactory.getLogger(ConcatSweeper.class);

    private final SmsIntake intake;
    private final Duration interval;
    private long timer = -1;
    private boolean running;

    public ConcatSweeper(SmsIntake intake, Duration interval) {
        this.intake = intake;
        this.interval = interval;
    }

    @Override
    public Future<?> start() {
        timer = vertx.setPeriodic(interval.toMillis(), id -> {
            if (running) {
                return;
            }
            running = true;
            intake.sweep()
                    .onSuccess(n -> {
                        if (n > 0) {
                            LOG.info("took in {} overdue long SMS", n);
                        }
                    })
                    .onFailure(e -> LOG.warn("sweeping overdue SMS parts failed; trying again later", e))
                    .onComplete(ignored -> running = false);
        });
        return Future.succeededFuture();
    }

    @Override
    public Future<?> stop() {
        vertx.cancelTimer(timer);
        return Future.succeededFuture();
    }
}
