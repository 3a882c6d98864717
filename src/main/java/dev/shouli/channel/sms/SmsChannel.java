package dev.shouli.channel.sms;

import dev.shouli.core.config.ShouliConfig;
import dev.shouli.core.http.Routes;
import dev.shouli.core.intake.CaseMatcher;
import dev.shouli.core.intake.IntakeHook;
import dev.shouli.core.intake.IntakeService;
import dev.shouli.core.intake.ParseWorkers;
import dev.shouli.core.intake.PhoneNumbers;
import dev.shouli.core.intake.extract.FreeTextExtractor;
import dev.shouli.core.outbox.OutboxHandler;
import dev.shouli.feature.survey.LoopMetrics;
import dev.shouli.feature.survey.SurveyStore;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.ext.web.client.WebClient;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Wires the SMS channel's parts for the gateway: webhook routes, the follow-up matcher, receipts, the sweeper. */
public final class SmsChannel {

    private static final Logger LOG = LoggerFactory.getLogger(SmsChannel.class);

    private final ShouliConfig config;
    private final SmsConfig sms;
    private final Clock clock;
    private final MeterRegistry registry;
    private final SmsStore store;
    private final PhoneNumbers phones;
    private final WebClient client;

    private final ParseWorkers workers;

    public SmsChannel(ShouliConfig config, Clock clock, MeterRegistry registry, Pool pool, PhoneNumbers phones,
                      WebClient client, ParseWorkers workers) {
        this.workers = workers;
        this.config = config;
        this.sms = config.sms();
        this.clock = clock;
        this.registry = registry;
        this.store = new SmsStore(pool);
        this.phones = phones;
        this.client = client;
    }

    public List<CaseMatcher> matchers() {
        return List.of(new SmsFollowUpMatcher(sms.followUpWindow()));
    }

    /** Intake hooks: the inline TwiML receipt's bookkeeping, when replying inline is on. */
    public List<IntakeHook> hooks() {
        return sms.twilio().replyInline()
                ? List.of(new InlineReceiptHook(sms.dailyCap(), config.intake().timeZone())) : List.of();
    }

    public SmsIntake intake(IntakeService intake) {
        return new SmsIntake(intake, store, phones, new SmsDrafts(new FreeTextExtractor(phones, config.intake().timeZone())),
                workers, clock, sms.concatTimeout());
    }

    public Routes routes(IntakeService intake) {
        List<SmsProvider> providers = List.of(new TwilioProvider(sms.twilio()), new VonageProvider(sms.vonage(), clock),
                new AliyunProvider(sms.aliyun()));
        return new SmsRoutes(providers, intake(intake), intake, store, sms, clock,
                config.http().bodyLimitBytes(), registry);
    }

    public ConcatSweeper sweeper(IntakeService intake) {
        return new ConcatSweeper(intake(intake), sms.concatSweepInterval());
    }

    /**
     * The receipt and desk-reply handlers for the configured send provider; without one, a handler that records
     * each receipt as unsent (or as sent, when it went out inline in a Twilio answer) instead of leaving it queued
     * forever.
     */
    public List<OutboxHandler> outboxHandlers() {
        SmsSender sender = sender();
        if (sender == null) {
            LOG.info("No SMS send provider configured (channels.sms.sendProvider: none): SMS receipts are recorded as "
                    + "unsent, with their text, under the case's deliveries and GET /api/v1/outbox?status=unsent");
            return List.of(SmsReceiptHandler.withoutProvider(store, sms.senderName(), sms.maxSegments()),
                    confirmations(null, SmsReceiptHandler.NOT_CONFIGURED));
        }
        return List.of(new SmsReceiptHandler(sender, store, sms.senderName(), sms.maxSegments(), sms.dailyCap(),
                        config.intake().timeZone(), clock),
                "aliyun".equals(sms.sendProvider()) ? confirmations(null, ConfirmationSmsHandler.ALIYUN)
                        : confirmations(sender, null),
                // Desk replies written in the console go out through the same provider.
                new ReplySmsHandler(sender, store, config.intake().timeZone(), clock));
    }

    /** {@code confirm-duplicate:sms}: through {@code sender}, or recorded as unsent for {@code reason}. */
    private OutboxHandler confirmations(SmsSender sender, String reason) {
        return new ConfirmationSmsHandler(sender, reason, store, sms.senderName(), sms.dailyCap(),
                config.intake().timeZone(), clock);
    }

    /**
     * Whether the 回访 question can go out by SMS: a send provider is configured (and, for Aliyun, whose SMS are
     * templates, an approved survey template).
     */
    public boolean sendsSurveys() {
        return !"none".equals(sms.sendProvider())
                && (!"aliyun".equals(sms.sendProvider()) || sms.aliyun().surveyTemplateCode() != null);
    }

    /** The 回访 question by SMS through the same provider; none when it cannot go by SMS. */
    public List<OutboxHandler> surveyHandlers(Pool pool, SurveyStore surveys, LoopMetrics metrics) {
        if (!sendsSurveys()) {
            return List.of();
        }
        SmsSender sender = "aliyun".equals(sms.sendProvider())
                ? new AliyunSender(client, sms.aliyun(), clock, sms.aliyun().surveyTemplateCode()) : sender();
        if (sender == null) {
            return List.of();
        }
        return List.of(new SurveySmsHandler(sender, store, pool, surveys, metrics, sms.senderName(), sms.maxSegments(),
                sms.dailyCap(), config.intake().timeZone(), clock));
    }

    private SmsSender sender() {
        return switch (sms.sendProvider()) {
            case "twilio" -> new TwilioSender(client, sms.twilio());
            case "vonage" -> new VonageSender(client, sms.vonage());
            case "aliyun" -> new AliyunSender(client, sms.aliyun(), clock);
            default -> null;
        };
    }
}
