package dev.shouli.channel.sms;

import dev.shouli.core.intake.ReceiptNotice;
import dev.shouli.core.outbox.Notice;
import dev.shouli.core.outbox.NoticeChannel;
import dev.shouli.core.outbox.NoticeTemplate;
import dev.shouli.core.outbox.OutboxHandler.NotSent;
import dev.shouli.core.outbox.OutboxHandler.PermanentFailure;
import dev.shouli.core.outbox.OutboxItem;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Every notice by SMS through the configured send provider, under the channel's rules: never to a number that
 * opted out, automatic notices ({@link NoticeTemplate#capped}) at most the daily cap per number, once per outbox
 * item even when retried, and in as few segments as allowed (the template's longer wordings are tried first).
 * Without a send provider, or when the provider sends only templates and none fits, the notice is recorded as
 * unsent with its text — unless the receipt already went out inline in a Twilio webhook answer.
 */
final class SmsNotices implements NoticeChannel {

    /** What an SMS whose earlier attempt was cut off mid-send is recorded as (see {@link SmsStore#reserveSend}). */
    static final String IN_DOUBT = "in doubt: an earlier attempt was cut off while sending and may have sent it;"
            + " not sent again";

    static final String NOT_CONFIGURED =
            "not sent: no SMS send provider configured (set channels.sms.sendProvider, SHOULI_CHANNELS_SMS_SEND_PROVIDER)";

    /** Null without a send provider. */
    private final SmsSender sender;
    private final SmsStore store;
    /** Twilio webhook answers carry receipts inline: whether one went out is only known from sms_send. */
    private final boolean receiptsInline;
    private final String senderName;
    private final int maxSegments;
    /** Sends a second through the provider (its unit: segments for Twilio, requests for the others); 0 unpaced. */
    private final double sendRate;
    private final int dailyCap;
    private final ZoneId zone;
    private final Clock clock;
    /** A purpose's provider template (see {@link NoticeTemplate#providerTemplate}); null when it has none. */
    private final Function<String, String> providerTemplates;

    /**
     * @param sendRate       channels.sms.sendRate: 0 for the provider's published rate
     * @param receiptsInline channels.sms.twilio.replyInline
     * @param providerTemplates a purpose's provider template, null when it has none
     */
    SmsNotices(SmsSender sender, SmsStore store, String senderName, int maxSegments, int dailyCap, double sendRate,
               boolean receiptsInline, ZoneId zone, Clock clock, Function<String, String> providerTemplates) {
        this.sender = sender;
        this.receiptsInline = receiptsInline;
        this.sendRate = sender == null ? 0 : sendRate > 0 ? sendRate : sender.publishedRate();
        this.store = store;
        this.senderName = senderName;
        this.maxSegments = maxSegments;
        this.dailyCap = dailyCap;
        this.zone = zone;
        this.clock = clock;
        this.providerTemplates = providerTemplates;
    }

    @Override
    public String channel() {
        return SmsIntake.CHANNEL;
    }

    /** Whether the provider can send the purpose's notices: a template-only one needs the purpose's template. */
    @Override
    public boolean sends(String purpose) {
        return sender != null && sender.sends(providerTemplates.apply(purpose));
    }

    @Override
    public boolean configured() {
        return sender != null;
    }

    /** The provider's rate: the outbox paces every SMS to it, across instances, so none is refused for speed. */
    @Override
    public double sendsPerSecond() {
        return sendRate;
    }

    /** What the notice counts against the rate: its segments where the provider counts those (Twilio). */
    @Override
    public int cost(Notice notice, NoticeTemplate template) {
        if (sender == null || !sender.rateCountsSegments()) {
            return 1;
        }
        String text = fit(template.sms(notice, senderName), maxSegments);
        return text == null ? 1 : SmsSegments.count(text);
    }

    /** Without a provider that can send it, a notice is unsent — unless a receipt may have gone out inline. */
    @Override
    public Optional<NotSent> wouldNotSend(Notice notice, NoticeTemplate template) {
        String to = notice.to();
        String text = fit(template.sms(notice, senderName), maxSegments);
        boolean inline = receiptsInline && ReceiptNotice.PURPOSE.equals(notice.purpose());
        if (to == null || !to.startsWith("+") || notice.reference() == null || text == null || inline
                || sender != null && sender.sends(template.providerTemplate())) {
            return Optional.empty();
        }
        return Optional.of(notSent(notice, template, to, text));
    }

    private NotSent notSent(Notice notice, NoticeTemplate template, String to, String text) {
        String reason = sender == null ? NOT_CONFIGURED : "not sent: " + sender.provider()
                + " sends only approved templates, and none is configured for a " + notice.purpose();
        return new NotSent(reason, new JsonObject().put("to", to).put("text", text));
    }

    @Override
    public Future<String> send(OutboxItem item, Notice notice, NoticeTemplate template) {
        String to = notice.to();
        if (to == null || !to.startsWith("+") || notice.reference() == null) {
            return Future.failedFuture(new PermanentFailure("a " + notice.purpose()
                    + " by SMS needs an E.164 'to' and a 'reference'"));
        }
        String text = fit(template.sms(notice, senderName), maxSegments);
        if (text == null) {
            return Future.failedFuture(new PermanentFailure("a " + notice.purpose() + " by SMS needs a text"));
        }
        String key = item.idempotencyKey();
        if (sender == null || !sender.sends(template.providerTemplate())) {
            Future<Boolean> inline = ReceiptNotice.PURPOSE.equals(notice.purpose())
                    ? store.sentInline(key, InlineReceiptHook.PROVIDER) : Future.succeededFuture(false);
            return inline.compose(sentInline -> sentInline
                    ? Future.succeededFuture("sent inline in the webhook answer")
                    : Future.failedFuture(notSent(notice, template, to, text)));
        }
        int cap = template.capped() ? dailyCap : Integer.MAX_VALUE;
        return store.reserveSend(key, to, LocalDate.ofInstant(clock.instant(), zone), sender.provider(), cap,
                clock.instant()).compose(reservation -> switch (reservation.decision()) {
                    case OPTED_OUT -> skipped(notice, template, "the number opted out");
                    case CAPPED -> skipped(notice, template, "daily cap of " + dailyCap + " SMS reached");
                    case ALREADY_SENT -> Future.succeededFuture("already sent: " + reservation.providerMessageId());
                    // Sent twice is worse than not knowing: an operator may retry it from the outbox.
                    case IN_DOUBT -> Future.succeededFuture(IN_DOUBT);
                    case PROCEED -> sender.send(to, text, notice.reference(), key, template.providerTemplate())
                            .recover(e -> store.markSendFailed(key, String.valueOf(e.getMessage()), clock.instant())
                                    .transform(ignored -> Future.<String>failedFuture(e)))
                            .compose(id -> store.markSent(key, id, SmsSegments.count(text), clock.instant())
                                    .map(v -> {
                                        template.sent(notice);
                                        return "sent via " + sender.provider() + ": " + id;
                                    }));
                });
    }

    private static Future<String> skipped(Notice notice, NoticeTemplate template, String reason) {
        return template.skipped(notice, reason).map("not sent: " + reason);
    }

    /**
     * The first (longest) wording that fits in {@code maxSegments}; when none does — a person's long reply, a
     * question that must carry its link — the shortest one, which says what it must in more segments. Null when
     * there is no text at all.
     */
    static String fit(List<String> wordings, int maxSegments) {
        List<String> texts = wordings.stream().filter(t -> t != null && !t.isBlank()).toList();
        return texts.stream().filter(t -> SmsSegments.count(t) <= maxSegments).findFirst()
                .orElse(texts.isEmpty() ? null : texts.get(texts.size() - 1));
    }
}
