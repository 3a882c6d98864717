package dev.shouli.channel.sms;

import dev.shouli.config.ShouliConfig;
import dev.shouli.config.SmsConfig;
import dev.shouli.http.Routes;
import dev.shouli.intake.CaseMatcher;
import dev.shouli.intake.IntakeHook;
import dev.shouli.intake.IntakeService;
import dev.shouli.intake.ParseWorkers;
import dev.shouli.intake.PhoneNumbers;
import dev.shouli.intake.extract.FreeTextExtractor;
import dev.shouli.outbox.OutboxHandler;
import dev.shouli.store.SmsStore;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.ext.web.client.WebClient;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import java.util.List;

/** Wires the SMS channel's parts for the gateway: webhook routes, the follow-up matcher, receipts, the sweeper. */
public final class SmsChannel {

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

    /** The receipt handler for the configured send provider; none when sending is off. */
    public List<OutboxHandler> outboxHandlers() {
        SmsSender sender = switch (sms.sendProvider()) {
            case "twilio" -> new TwilioSender(client, sms.twilio());
            case "vonage" -> new VonageSender(client, sms.vonage());
            case "aliyun" -> new AliyunSender(client, sms.aliyun(), clock);
            default -> null;
        };
        if (sender == null) {
            return List.of();
        }
        return List.of(new SmsReceiptHandler(sender, store, sms.senderName(), sms.maxSegments(), sms.dailyCap(),
                config.intake().timeZone(), clock));
    }
}
