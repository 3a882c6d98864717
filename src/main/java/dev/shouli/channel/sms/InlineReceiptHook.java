package dev.shouli.channel.sms;

import dev.shouli.core.domain.IntakeOutcome;
import dev.shouli.core.intake.IntakeEvent;
import dev.shouli.core.intake.IntakeHook;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlConnection;
import java.time.LocalDate;
import java.time.ZoneId;

/**
 * With {@code channels.sms.twilio.replyInline}, a new case from a Twilio SMS is acknowledged in the TwiML
 * answer. The decision (opt-out, daily cap) and the record that the receipt is sent are written inside the
 * intake transaction, before the receipt's outbox item becomes visible — so the outbox worker always finds
 * it sent and the complainant never gets it twice.
 */
public final class InlineReceiptHook implements IntakeHook {

    static final String PROVIDER = "twilio-inline";

    private final int dailyCap;
    private final ZoneId zone;

    public InlineReceiptHook(int dailyCap, ZoneId zone) {
        this.dailyCap = dailyCap;
        this.zone = zone;
    }

    @Override
    public Future<Void> afterIntake(SqlConnection conn, IntakeEvent event) {
        String phone = event.complaint().complainant().phone();
        if (event.outcome() != IntakeOutcome.CREATED || !SmsIntake.CHANNEL.equals(event.submission().channel())
                || !"twilio".equals(event.submission().transport()) || phone == null
                || event.complaint().complainant().email() != null) {
            return Future.succeededFuture();
        }
        return SmsStore.reserveInline(conn, receiptKey(event.reference()), phone,
                LocalDate.ofInstant(event.complaint().receivedAt(), zone), PROVIDER, dailyCap,
                event.complaint().receivedAt()).mapEmpty();
    }

    /** The receipt's outbox idempotency key, as intake writes it. */
    static String receiptKey(String reference) {
        return "receipt:" + reference;
    }
}
