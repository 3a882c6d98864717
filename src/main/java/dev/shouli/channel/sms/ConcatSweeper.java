package dev.shouli.channel.sms;

import dev.shouli.core.jobs.PeriodicJob;
import io.vertx.core.Future;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Looks now and then for long messages whose parts stopped coming, and takes them in as they are. Every
 * instance runs one; the store's claim makes each group go in once.
 */
final class ConcatSweeper extends PeriodicJob {

    private static final Logger LOG = LoggerFactory.getLogger(ConcatSweeper.class);

    private final SmsIntake intake;

    ConcatSweeper(SmsIntake intake, Duration interval) {
        super("sweeping overdue SMS parts", interval);
        this.intake = intake;
    }

    @Override
    protected Future<?> round() {
        return intake.sweep().onSuccess(n -> {
            if (n > 0) {
                LOG.info("took in {} overdue long SMS", n);
            }
        });
    }
}
