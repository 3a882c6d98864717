package dev.shouli.channel.email;

import dev.shouli.config.EmailConfig;
import dev.shouli.config.ShouliConfig.IntakeConfig;
import dev.shouli.intake.IntakeService;
import dev.shouli.intake.ParseWorkers;
import dev.shouli.intake.PhoneNumbers;
import dev.shouli.intake.extract.FreeTextExtractor;
import dev.shouli.outbox.OutboxHandler;
import dev.shouli.store.EmailStore;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import java.time.ZoneId;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Builds the email channel's parts from configuration: the one entry every transport feeds. */
public final class EmailChannel {

    private EmailChannel() {
    }

    /** {@code receipt:email} and {@code notice:email}, sharing one mail client. */
    public static List<OutboxHandler> outboxHandlers(Vertx vertx, Pool pool, EmailStore store, EmailConfig email,
                                                     ZoneId zone, Clock clock) {
        MailSender sender = new MailSender(vertx, email);
        return List.of(
                new ReceiptMailHandler(pool, store, sender, email.messageIdDomain(), email.autoMailsPerAddressPerDay(),
                        zone, clock),
                new NoticeMailHandler(sender, email.messageIdDomain()));
    }

    public static EmailIntake intake(IntakeService intake, EmailConfig email, IntakeConfig intakeConfig,
                                     PhoneNumbers phones, ParseWorkers workers) {
        MimeLimits limits = new MimeLimits(email.maxMimeDepth(), email.maxMimeParts(), email.maxAttachments(),
                email.maxAttachmentBytes(), email.maxAttachmentBytesTotal());
        Set<String> own = new HashSet<>(Set.of(email.fromAddress()));
        AutomatedMail automated = new AutomatedMail(own, email.messageIdDomain());
        EmailAdapter adapter = new EmailAdapter(new ForwardedMail(Set.copyOf(email.staffAddresses())),
                new FreeTextExtractor(phones, intakeConfig.timeZone()));
        return new EmailIntake(intake, new EmailParser(limits), automated, adapter, workers);
    }
}
