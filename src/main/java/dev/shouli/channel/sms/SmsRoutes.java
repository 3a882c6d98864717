package dev.shouli.channel.sms;

import dev.shouli.core.domain.IntakeOutcome;
import dev.shouli.core.domain.Submission;
import dev.shouli.core.http.ClientLimiter;
import dev.shouli.core.http.FailureHandler;
import dev.shouli.core.http.HttpProblem;
import dev.shouli.core.http.Routes;
import dev.shouli.core.intake.IntakeService;
import dev.shouli.core.intake.LanguageGuess;
import dev.shouli.core.intake.ReceiptNotice;
import dev.shouli.core.outbox.Notice;
import dev.shouli.core.outbox.NoticeTemplate;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /intake/sms/{provider}}: verify, read, take in, and answer in the provider's own format — only
 * after everything the request carried is committed. Refused input (bad signature, unreadable payload) is
 * still recorded verbatim as {@code rejected} and answered with problem+json.
 */
public final class SmsRoutes implements Routes {

    private static final Logger LOG = LoggerFactory.getLogger(SmsRoutes.class);

    private final List<SmsProvider> providers;
    private final SmsIntake smsIntake;
    private final IntakeService intake;
    private final SmsStore store;
    private final SmsConfig config;
    private final Clock clock;
    private final long bodyLimitBytes;
    private final MeterRegistry registry;
    private final Supplier<NoticeTemplate> receipts;
    private final ClientLimiter limiter;

    /**
     * @param receipts the receipt's words, for the receipt a Twilio answer carries inline
     * @param limiter  the per-client limit of refused requests (bad signatures, unreadable payloads)
     */
    SmsRoutes(List<SmsProvider> providers, SmsIntake smsIntake, IntakeService intake, SmsStore store,
              SmsConfig config, Clock clock, long bodyLimitBytes, MeterRegistry registry,
              Supplier<NoticeTemplate> receipts, ClientLimiter limiter) {
        this.receipts = receipts;
        this.limiter = limiter;
        this.providers = List.copyOf(providers);
        this.smsIntake = smsIntake;
        this.intake = intake;
        this.store = store;
        this.config = config;
        this.clock = clock;
        this.bodyLimitBytes = bodyLimitBytes;
        this.registry = registry;
    }

    @Override
    public void register(Router router) {
        for (SmsProvider provider : providers) {
            String path = "/intake/sms/" + provider.name();
            router.route(HttpMethod.POST, path)
                    .handler(BodyHandler.create(false).setBodyLimit(bodyLimitBytes))
                    .handler(ctx -> handle(ctx, provider));
            if (provider.acceptsGet()) {
                router.route(HttpMethod.GET, path).handler(ctx -> handle(ctx, provider));
            }
        }
    }

    private void handle(RoutingContext ctx, SmsProvider provider) {
        ctx.put(FailureHandler.BODY_LIMIT_KEY, bodyLimitBytes);
        byte[] body = ctx.body() == null || ctx.body().buffer() == null ? new byte[0] : ctx.body().buffer().getBytes();
        SmsWebhook w = new SmsWebhook(clock.instant(), ctx.request().method().name(), ctx.request().query(),
                ctx.request().getHeader("Content-Type"), headers(ctx), body,
                ctx.request().remoteAddress() == null ? null : ctx.request().remoteAddress().hostAddress());
        Optional<String> failure;
        try {
            failure = provider.verificationFailure(w);
        } catch (MalformedPayloadException e) {
            reject(ctx, provider, w, HttpProblem.badRequest(e.getMessage()));
            return;
        }
        if (failure.isPresent()) {
            failedVerification(provider).increment();
            if (!provider.logOnly()) {
                LOG.warn("{} webhook refused: {}", provider.name(), failure.get());
                reject(ctx, provider, w, HttpProblem.forbidden(failure.get()));
                return;
            }
            LOG.warn("{} webhook failed verification but is accepted (log-only mode): {}", provider.name(),
                    failure.get());
        }
        ParsedWebhook parsed;
        try {
            parsed = provider.parse(w);
        } catch (MalformedPayloadException e) {
            reject(ctx, provider, w, HttpProblem.badRequest(e.getMessage()));
            return;
        }
        if (parsed.ignoredReason() != null) {
            LOG.debug("{} webhook acknowledged and ignored: {}", provider.name(), parsed.ignoredReason());
            answer(ctx, provider.accepted(null));
            return;
        }
        smsIntake.take(provider.name(), w, parsed.messages())
                .compose(outcomes -> inlineReply(provider, outcomes))
                .onSuccess(reply -> answer(ctx, provider.accepted(reply)))
                .onFailure(ctx::fail);
    }

    private Counter failedVerification(SmsProvider provider) {
        return Counter.builder("shouli.sms.verification.failures")
                .description("SMS webhooks whose signature or token did not verify")
                .tag("provider", provider.name())
                .tag("mode", provider.logOnly() ? "log-only" : "enforced")
                .register(registry);
    }

    /**
     * With {@code replyInline}, a new case is acknowledged in the TwiML answer itself when
     * {@link InlineReceiptHook} recorded it as sent in the intake transaction (not opted out, under the cap).
     * A Twilio retry of the same message gets the same reply: the first answer evidently did not arrive.
     */
    private Future<String> inlineReply(SmsProvider provider, List<SmsIntake.Outcome> outcomes) {
        if (!(provider instanceof TwilioProvider) || !config.twilio().replyInline() || outcomes.size() != 1) {
            return Future.succeededFuture(null);
        }
        SmsIntake.Outcome o = outcomes.get(0);
        if (o.result() == null || o.result().outcome() != IntakeOutcome.CREATED) {
            return Future.succeededFuture(null);
        }
        String reference = o.result().reference();
        return store.sentInline(InlineReceiptHook.receiptKey(reference), InlineReceiptHook.PROVIDER)
                .map(sent -> sent ? SmsNotices.fit(receipts.get().sms(new Notice(ReceiptNotice.PURPOSE,
                        SmsIntake.CHANNEL, o.message().from(), null, reference, LanguageGuess.guess(o.message().text()),
                        null), config.senderName()), config.maxSegments()) : null)
                // The case is committed; failing to look up the receipt must not make Twilio deliver again.
                .recover(e -> {
                    LOG.warn("inline SMS receipt for {} skipped", reference, e);
                    return Future.succeededFuture(null);
                });
    }

    private static void answer(RoutingContext ctx, WebhookAnswer a) {
        ctx.response().setStatusCode(a.status());
        if (a.contentType() != null) {
            ctx.response().putHeader("Content-Type", a.contentType());
        }
        ctx.response().end(a.body());
    }

    /**
     * Keeps the refused request for operators, then answers the problem whether or not keeping it worked; a client
     * over its limit of refused requests is answered 429 and nothing is kept.
     */
    private void reject(RoutingContext ctx, SmsProvider provider, SmsWebhook w, HttpProblem problem) {
        Optional<HttpProblem> limited = limiter.refused(ctx, "/intake/sms/" + provider.name());
        if (limited.isPresent()) {
            ctx.fail(limited.get());
            return;
        }
        byte[] verbatim = "GET".equals(w.method()) && w.rawQuery() != null
                ? w.rawQuery().getBytes(java.nio.charset.StandardCharsets.UTF_8) : w.body();
        Submission s = new Submission(SmsIntake.CHANNEL, provider.name(), null, w.receivedAt(), w.contentType(),
                w.storableHeaders(), verbatim);
        intake.record(s, IntakeOutcome.REJECTED, problem.getMessage(), null)
                .onComplete(ignored -> ctx.fail(problem));
    }

    private static Map<String, String> headers(RoutingContext ctx) {
        Map<String, String> headers = new LinkedHashMap<>();
        ctx.request().headers().names().forEach(name ->
                headers.put(name, String.join(", ", ctx.request().headers().getAll(name))));
        return headers;
    }
}
