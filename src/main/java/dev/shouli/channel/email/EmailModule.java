package dev.shouli.channel.email;

import dev.shouli.core.cases.PersonalData;
import dev.shouli.core.intake.IntakeResult;
import dev.shouli.core.intake.SubmissionReplay;
import dev.shouli.core.intake.extract.FreeTextExtractor;
import dev.shouli.core.module.HookPhase;
import dev.shouli.core.module.MatcherPhase;
import dev.shouli.core.module.Module;
import dev.shouli.core.module.ModuleConfig;
import dev.shouli.core.module.ModuleContext;
import io.vertx.core.Future;
import java.util.HashSet;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The e-mail channel: raw mail by webhook ({@code POST /intake/email}), the SMTP listener and the IMAP pollers all
 * feed one {@link EmailIntake}; replies thread onto their case; every notice by e-mail goes out through
 * {@link EmailNotices}. Sections {@code email:}, {@code smtp:}, {@code imap:} and {@code mailer:}.
 */
public final class EmailModule implements Module<EmailConfig> {

    private static final Logger LOG = LoggerFactory.getLogger(EmailModule.class);

    @Override
    public String name() {
        return "email";
    }

    @Override
    public EmailConfig configure(ModuleConfig config) {
        return EmailConfig.from(config.tree(), config.env());
    }

    @Override
    public Future<Void> install(EmailConfig email, ModuleContext context) {
        EmailStore store = new EmailStore();
        EmailIntake intake = intake(email, context);
        context.matcher(MatcherPhase.THREAD, new EmailThreadMatcher(store, context.config().intake().referencePrefix()));
        context.intakeHook(HookPhase.SOURCE, new EmailMessageHook(store));
        context.routes(new EmailWebhookRoutes(intake, email.webhookToken(), email.maxMessageBytes(), context.clock(),
                context.clientLimiter()));
        if (email.smtp().enabled()) {
            context.job(new SmtpListener(intake, email, context.clock()));
        }
        if (!email.imap().mailboxes().isEmpty()) {
            context.job(new ImapPoller(intake, email, context.pool(), store, context.clock()));
        }
        MailSender sender = new MailSender(context.vertx(), email, context.config().outbox().concurrency());
        if (!sender.configured()) {
            LOG.info("No mailer configured (mailer.host is empty): e-mail receipts and notices are recorded as "
                    + "unsent, with their text, under the case's deliveries and GET /api/v1/outbox?status=unsent");
        }
        context.noticeChannel(new EmailNotices(context.pool(), store, sender, email.messageIdDomain(),
                email.autoMailsPerAddressPerDay(), context.config().intake().timeZone(), context.clock()));
        context.provide(SubmissionReplay.class, new SubmissionReplay() {
            @Override
            public String channel() {
                context.provide(PersonalData.class, new EmailPersonalData());
        return EmailIntake.CHANNEL;
            }

            @Override
            public Future<IntakeResult> replay(Stored stored, String key) {
                return intake.acceptAgain(stored.body(), stored.receivedAt(), key);
            }
        });
        return Future.succeededFuture();
    }

    private static EmailIntake intake(EmailConfig email, ModuleContext context) {
        MimeLimits limits = new MimeLimits(email.maxMimeDepth(), email.maxMimeParts(), email.maxAttachments(),
                email.maxAttachmentBytes(), email.maxAttachmentBytesTotal());
        Set<String> own = new HashSet<>(Set.of(email.fromAddress()));
        AutomatedMail automated = new AutomatedMail(own, email.messageIdDomain());
        EmailAdapter adapter = new EmailAdapter(new ForwardedMail(Set.copyOf(email.staffAddresses())),
                new FreeTextExtractor(context.phones(), context.config().intake().timeZone()));
        return new EmailIntake(context.intake(), new EmailParser(limits), automated, adapter, context.parseWorkers());
    }
}
