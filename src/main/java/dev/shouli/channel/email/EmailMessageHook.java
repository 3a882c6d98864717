package dev.shouli.channel.email;

import dev.shouli.core.domain.IntakeOutcome;
import dev.shouli.core.intake.IntakeEvent;
import dev.shouli.core.intake.IntakeHook;
import dev.shouli.core.intake.ReceiptNotice;
import dev.shouli.core.outbox.OutboxStore;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlConnection;

/**
 * Remembers the Message-ID of every mail that made or joined a case, so later replies to it thread, and withholds
 * the receipt of a case made from list mail (RFC 3834), saying why on the receipt's outbox item.
 */
final class EmailMessageHook implements IntakeHook {

    private final EmailStore store;

    EmailMessageHook(EmailStore store) {
        this.store = store;
    }

    @Override
    public Future<Void> afterIntake(SqlConnection conn, IntakeEvent event) {
        if (!EmailIntake.CHANNEL.equals(event.submission().channel())) {
            return Future.succeededFuture();
        }
        String messageId = event.submission().headers().get("message-id");
        String id = messageId != null ? EmailParser.firstId(messageId) : event.submission().externalId();
        String noReceipt = event.submission().headers().get(EmailIntake.HEADER_NO_RECEIPT);
        Future<Void> receipt = noReceipt != null && event.outcome() == IntakeOutcome.CREATED
                ? OutboxStore.withhold(conn, event.caseId(), ReceiptNotice.PURPOSE, EmailIntake.CHANNEL, noReceipt,
                        event.submission().receivedAt())
                : Future.succeededFuture();
        if (id == null) {
            return receipt;
        }
        return receipt.compose(v -> store.addMessage(conn, id, event.caseId(), "in", event.submissionId(),
                event.submission().receivedAt()));
    }
}
