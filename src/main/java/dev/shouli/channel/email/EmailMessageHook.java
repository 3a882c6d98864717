package dev.shouli.channel.email;

import dev.shouli.intake.IntakeEvent;
import dev.shouli.intake.IntakeHook;
import dev.shouli.store.EmailStore;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlConnection;

/** Remembers the Message-ID of every mail that made or joined a case, so later replies to it thread. */
public final class EmailMessageHook implements IntakeHook {

    private final EmailStore store;

    public EmailMessageHook(EmailStore store) {
        this.store = store;
    }

    @Override
    public Future<Void> afterIntake(SqlConnection conn, IntakeEvent event) {
        if (!EmailIntake.CHANNEL.equals(event.submission().channel())) {
            return Future.succeededFuture();
        }
        String messageId = event.submission().headers().get("message-id");
        String id = messageId != null ? EmailParser.firstId(messageId) : event.submission().externalId();
        if (id == null) {
            return Future.succeededFuture();
        }
        return store.addMessage(conn, id, event.caseId(), "in", event.submissionId(), event.submission().receivedAt());
    }
}
