package dev.shouli.channel.sms;

import dev.shouli.core.cases.PersonalData;
import dev.shouli.core.intake.ReceiptNotice;
import dev.shouli.core.intake.extract.FreeTextExtractor;
import dev.shouli.core.module.HookPhase;
import dev.shouli.core.module.MatcherPhase;
import dev.shouli.core.module.Module;
import dev.shouli.core.module.ModuleConfig;
import dev.shouli.core.module.ModuleContext;
import dev.shouli.core.outbox.NoticeTemplate;
import io.vertx.core.Future;
import io.vertx.ext.web.client.WebClient;
import java.time.Clock;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SMS channel: provider webhooks ({@code /intake/sms/{twilio,vonage,aliyun}}), long messages put together from
 * their parts, follow-ups from the same number, opt-outs, and every notice by SMS through the configured send
 * provider. Section {@code channels.sms:}.
 */
public final class SmsModule implements Module<SmsConfig> {

    private static final Logger LOG = LoggerFactory.getLogger(SmsModule.class);

    @Override
    public String name() {
        return "sms";
    }

    @Override
    public SmsConfig configure(ModuleConfig config) {
        return SmsConfig.from(config.tree(), config.env());
    }

    @Override
    public Future<Void> install(SmsConfig sms, ModuleContext context) {
        SmsStore store = new SmsStore(context.pool());
        Clock clock = context.clock();
        SmsIntake intake = new SmsIntake(context.intake(), store, context.phones(),
                new SmsDrafts(new FreeTextExtractor(context.phones(), context.config().intake().timeZone())),
                context.parseWorkers(), clock, sms.concatTimeout());
        context.matcher(MatcherPhase.THREAD, new SmsFollowUpMatcher(sms.followUpWindow()));
        if (sms.twilio().replyInline()) {
            context.intakeHook(HookPhase.SOURCE, new InlineReceiptHook(sms.dailyCap(),
                    context.config().intake().timeZone()));
        }
        List<SmsProvider> providers = List.of(new TwilioProvider(sms.twilio()), new VonageProvider(sms.vonage(), clock),
                new AliyunProvider(sms.aliyun()));
        context.routes(new SmsRoutes(providers, intake, context.intake(), store, sms, clock,
                context.config().http().bodyLimitBytes(), context.meters(),
                context.noticeTemplate(ReceiptNotice.PURPOSE), context.clientLimiter()));
        context.job(new ConcatSweeper(intake, sms.concatSweepInterval()));
        SmsSender sender = sender(sms, context.webClient(), clock);
        if (sender == null) {
            LOG.info("No SMS send provider configured (channels.sms.sendProvider: none): SMS receipts are recorded as "
                    + "unsent, with their text, under the case's deliveries and GET /api/v1/outbox?status=unsent");
        }
        context.noticeChannel(new SmsNotices(sender, store, sms.senderName(), sms.maxSegments(), sms.dailyCap(),
                sms.sendRate(), sms.twilio().replyInline(), context.config().intake().timeZone(), clock,
                purpose -> context.noticeTemplateOf(purpose).map(NoticeTemplate::providerTemplate).orElse(null)));
        context.provide(PersonalData.class, new SmsPersonalData());
        return Future.succeededFuture();
    }

    private static SmsSender sender(SmsConfig sms, WebClient client, Clock clock) {
        return switch (sms.sendProvider()) {
            case "twilio" -> new TwilioSender(client, sms.twilio());
            case "vonage" -> new VonageSender(client, sms.vonage());
            case "aliyun" -> new AliyunSender(client, sms.aliyun(), clock);
            default -> null;
        };
    }
}
