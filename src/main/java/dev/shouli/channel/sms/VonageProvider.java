package dev.shouli.channel.sms;

import dev.shouli.channel.InputText;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Vonage SMS API inbound webhooks, by GET or POST (form or JSON), signed with {@code sig} and a
 * {@code timestamp} that must be recent. Long messages arrive as parts ({@code concat-ref},
 * {@code concat-total}, {@code concat-part}); delivery receipts sent to the same URL are acknowledged and
 * ignored. Vonage wants a 200 and nothing else.
 */
public final class VonageProvider extends SmsProviderBase {

    private static final String FIELD_MSISDN = "msisdn";
    private static final String FIELD_TO = "to";
    private static final String FIELD_MESSAGE_ID = "messageId";
    private static final String FIELD_TEXT = "text";
    private static final String FIELD_TYPE = "type";
    private static final String FIELD_TIMESTAMP = "timestamp";
    private static final String FIELD_CONCAT = "concat";
    private static final String FIELD_CONCAT_REF = "concat-ref";
    private static final String FIELD_CONCAT_TOTAL = "concat-total";
    private static final String FIELD_CONCAT_PART = "concat-part";
    private static final String FIELD_STATUS = "status";
    private static final String FIELD_SCTS = "scts";
    private static final String FIELD_ERR_CODE = "err-code";

    private final SmsConfig.Vonage config;
    private final Clock clock;

    public VonageProvider(SmsConfig.Vonage config, Clock clock) {
        this.config = config;
        this.clock = clock;
    }

    @Override
    public String name() {
        return "vonage";
    }

    @Override
    public boolean acceptsGet() {
        return true;
    }

    @Override
    public boolean logOnly() {
        return config.logOnly();
    }

    @Override
    public Optional<String> verificationFailure(SmsWebhook w) {
        if (config.signatureSecret() == null) {
            return Optional.of("Vonage webhooks are not configured (SHOULI_VONAGE_SIGNATURE_SECRET is unset)");
        }
        Map<String, String> params = singleValued(fields(w));
        if (params.get(VonageSignature.SIG) == null) {
            return Optional.of("missing sig parameter: enable signed webhooks for the API key at Vonage");
        }
        if (!VonageSignature.valid(config.signatureMethod(), config.signatureSecret(), params)) {
            return Optional.of("sig does not match the parameters with the " + config.signatureMethod()
                    + " method (check SHOULI_VONAGE_SIGNATURE_METHOD against the dashboard)");
        }
        return staleTimestamp(params.get(FIELD_TIMESTAMP), config.timestampWindow(), clock.instant());
    }

    static Optional<String> staleTimestamp(String timestamp, Duration window, Instant now) {
        if (timestamp == null) {
            return Optional.of("signed request without a timestamp");
        }
        long seconds;
        try {
            seconds = Long.parseLong(timestamp.strip());
        } catch (NumberFormatException e) {
            return Optional.of("timestamp is not a number of seconds");
        }
        long skew = Math.abs(now.getEpochSecond() - seconds);
        if (skew > window.toSeconds()) {
            return Optional.of("timestamp is " + skew + "s away from our clock, outside the " + window.toSeconds()
                    + "s window: a replay or a badly set clock");
        }
        return Optional.empty();
    }

    private static Map<String, List<String>> fields(SmsWebhook w) {
        if (!"GET".equals(w.method()) && JSON.equals(w.mediaType())) {
            return asForm(jsonObject(w.body()));
        }
        return formOf(w);
    }

    private static Map<String, String> singleValued(Map<String, List<String>> form) {
        Map<String, String> out = new LinkedHashMap<>();
        form.forEach((k, v) -> out.put(k, v.isEmpty() ? "" : v.get(0)));
        return out;
    }

    @Override
    public ParsedWebhook parse(SmsWebhook w) {
        if (!"GET".equals(w.method()) && !FORM.equals(w.mediaType()) && !JSON.equals(w.mediaType())) {
            throw new MalformedPayloadException("Vonage webhooks are " + FORM + " or " + JSON + ", got "
                    + w.contentType());
        }
        // Verified over the values as sent; stored as text fit for the database.
        Map<String, List<String>> params = InputText.clean(fields(w));
        if (first(params, FIELD_TEXT) == null && first(params, FIELD_STATUS) != null
                && (first(params, FIELD_SCTS) != null || first(params, FIELD_ERR_CODE) != null)) {
            return ParsedWebhook.ignored("delivery receipt");
        }
        String type = first(params, FIELD_TYPE);
        if ("binary".equals(type)) {
            return ParsedWebhook.ignored("binary message");
        }
        InboundSms.Concat concat = null;
        if ("true".equalsIgnoreCase(first(params, FIELD_CONCAT))) {
            concat = new InboundSms.Concat(required(params, FIELD_CONCAT_REF),
                    positiveInt(required(params, FIELD_CONCAT_TOTAL), FIELD_CONCAT_TOTAL),
                    positiveInt(required(params, FIELD_CONCAT_PART), FIELD_CONCAT_PART));
            if (concat.part() > concat.total()) {
                throw new MalformedPayloadException("concat-part " + concat.part() + " is beyond concat-total "
                        + concat.total());
            }
        }
        String text = first(params, FIELD_TEXT);
        // Vonage writes msisdn in international format without the plus.
        String msisdn = required(params, FIELD_MSISDN).strip();
        String from = msisdn.startsWith("+") ? msisdn : "+" + msisdn;
        byte[] verbatim = "GET".equals(w.method())
                ? (w.rawQuery() == null ? new byte[0] : w.rawQuery().getBytes(java.nio.charset.StandardCharsets.UTF_8))
                : w.body();
        return ParsedWebhook.of(List.of(new InboundSms(required(params, FIELD_MESSAGE_ID), from,
                first(params, FIELD_TO), text == null ? "" : text, concat, verbatim)));
    }

    @Override
    public WebhookAnswer accepted(String reply) {
        return new WebhookAnswer(200, null, "");
    }
}
