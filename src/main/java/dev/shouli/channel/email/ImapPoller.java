package dev.shouli.channel.email;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * Polls every configured IMAP mailbox, each on its own thread (IMAP with angus-mail blocks). Which gateway
 * instance polls a mailbox is decided by a PostgreSQL advisory lock, so with several instances exactly one
 * does, and another takes over when it goes away.
 */
public final class ImapPoller extends VerticleBase {

    private final EmailIntake intake;
    private final EmailConfig config;
    private final Pool pool;
    private final EmailStore store;
    private final Clock clock;
    private final List<MailboxPoller> pollers = new ArrayList<>();

    public ImapPoller(EmailIntake intake, EmailConfig config, Pool pool, EmailStore store, Clock clock) {
        this.intake = intake;
        this.config = config;
        this.pool = pool;
        this.store = store;
        this.clock = clock;
    }

    @Override
    public Future<?> start() {
        for (EmailConfig.Mailbox mailbox : config.imap().mailboxes()) {
            MailboxPoller poller = new MailboxPoller(mailbox, config.imap(), intake, pool, store, clock);
            pollers.add(poller);
            poller.start();
        }
        return Future.succeededFuture();
    }

    @Override
    public Future<?> stop() {
        return vertx.executeBlocking(() -> {
            pollers.forEach(MailboxPoller::stop);
            return null;
        });
    }
}
