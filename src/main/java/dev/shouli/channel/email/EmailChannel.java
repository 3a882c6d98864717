package dev.shouli.channel.email;

import dev.shouli.core.config.ShouliConfig.IntakeConfig;
import dev.shouli.core.intake.IntakeService;
import dev.shouli.core.intake.ParseWorkers;
import dev.shouli.core.intake.PhoneNumbers;
import dev.shouli.core.intake.extract.FreeTextExtractor;
import dev.shouli.core.outbox.OutboxHandler;
import dev.shouli.feature.survey.LoopMetrics;
import dev.shouli.feature.survey.SurveyStore;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import java.time.ZoneId;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Builds the email channel's parts from configuration: the one entry every transport feeds. */
public final class EmailChannel {

    private static final Logger LOG = LoggerFactory.getLogger(EmailChannel.class);

    private EmailChannel() {
    }

    /**
     * {@code receipt:email}, {@code notice:email} and {@code confirm-duplicate:email} (the question to the address
     * on a case whether a new submission naming it is theirs), sharing one mail client.
     */
    public static List<OutboxHandler> outboxHandlers(Vertx vertx, Pool pool, EmailStore store, EmailConfig email,
                                                     ZoneId zone, Clock clock) {
        MailSender sender = new MailSender(vertx, email);
        if (!sender.configured()) {
            LOG.info("No mailer configured (mailer.host is empty): email receipts and notices are recorded as unsent, "
                    + "with their text, under the case's deliveries and GET /api/v1/outbox?status=unsent");
        }
        return List.of(
                new ReceiptMailHandler(pool, store, sender, email.messageIdDomain(), email.autoMailsPerAddressPerDay(),
                        zone, clock),
                new NoticeMailHandler(sender, email.messageIdDomain()),
                new ConfirmationMailHandler(pool, store, sender, email.messageIdDomain(),
                        email.autoMailsPerAddressPerDay(), zone, clock));
    }

    /** {@code survey:email}: the 回访 question, through the same mail client settings as receipts. */
    public static OutboxHandler surveyHandler(Vertx vertx, Pool pool, EmailStore store, SurveyStore surveys,
                                              LoopMetrics metrics, EmailConfig email, ZoneId zone, Clock clock) {
        return new SurveyMailHandler(pool, store, surveys, metrics, new MailSender(vertx, email), email.messageIdDomain(),
                email.autoMailsPerAddressPerDay(), zone, clock);
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
