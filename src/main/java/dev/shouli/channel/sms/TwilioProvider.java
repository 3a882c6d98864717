package dev.shouli.channel.sms;

import dev.shouli.channel.InputText;
import dev.shouli.core.http.XmlText;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Twilio Messaging webhooks: form-encoded (or JSON with {@code bodySHA256}), signed with
 * {@code X-Twilio-Signature} over the configured webhook URL. Twilio reassembles long messages itself, so
 * every request is one whole message, keyed by {@code MessageSid}. Answered with TwiML.
 */
public final class TwilioProvider extends SmsProviderBase {

    private static final String FIELD_FROM = "From";
    private static final String FIELD_TO = "To";
    private static final String FIELD_BODY = "Body";
    private static final String FIELD_MESSAGE_SID = "MessageSid";
    private static final String FIELD_SMS_SID = "SmsSid";
    private static final String SIGNATURE_HEADER = "X-Twilio-Signature";

    private final SmsConfig.Twilio config;

    public TwilioProvider(SmsConfig.Twilio config) {
        this.config = config;
    }

    @Override
    public String name() {
        return "twilio";
    }

    @Override
    public boolean acceptsGet() {
        return false;
    }

    @Override
    public boolean logOnly() {
        return config.logOnly();
    }

    @Override
    public Optional<String> verificationFailure(SmsWebhook w) {
        if (config.authToken() == null || config.webhookUrl() == null) {
            return Optional.of("Twilio webhooks are not configured (SHOULI_TWILIO_AUTH_TOKEN and "
                    + "SHOULI_TWILIO_WEBHOOK_URL are both needed)");
        }
        String signature = w.header(SIGNATURE_HEADER);
        if (signature == null || signature.isBlank()) {
            return Optional.of("missing " + SIGNATURE_HEADER + " header");
        }
        String url = signedUrl(w.rawQuery());
        boolean valid = JSON.equals(w.mediaType())
                ? TwilioSignature.validJson(config.authToken(), url, w.body(), signature.strip())
                : TwilioSignature.validForm(config.authToken(), url, formOf(w), signature.strip());
        return valid ? Optional.empty()
                : Optional.of(SIGNATURE_HEADER + " does not match the configured webhook URL, the query string and"
                + " the parameters (check channels.sms.twilio.webhookUrl against the URL set at Twilio)");
    }

    /** The configured URL (without any query it was written with) and the query Twilio actually requested. */
    String signedUrl(String rawQuery) {
        String base = config.webhookUrl();
        int q = base.indexOf('?');
        if (q >= 0) {
            base = base.substring(0, q);
        }
        return rawQuery == null || rawQuery.isEmpty() ? base : base + "?" + rawQuery;
    }

    @Override
    public ParsedWebhook parse(SmsWebhook w) {
        Map<String, List<String>> params;
        if (JSON.equals(w.mediaType())) {
            JsonObject o = jsonObject(w.body());
            params = asForm(o);
        } else if (FORM.equals(w.mediaType())) {
            params = formOf(w);
        } else {
            throw new MalformedPayloadException("Twilio webhooks are " + FORM + " or " + JSON + ", got "
                    + w.contentType());
        }
        // Verified over the values as sent; stored as text fit for the database.
        params = InputText.clean(params);
        String sid = first(params, FIELD_MESSAGE_SID) != null ? first(params, FIELD_MESSAGE_SID)
                : required(params, FIELD_SMS_SID);
        String body = first(params, FIELD_BODY);
        return ParsedWebhook.of(List.of(new InboundSms(sid, required(params, FIELD_FROM), first(params, FIELD_TO),
                body == null ? "" : body, null, w.body())));
    }

    @Override
    public WebhookAnswer accepted(String reply) {
        String twiml = reply == null
                ? "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response/>"
                : "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response><Message>" + XmlText.escape(reply)
                + "</Message></Response>";
        return new WebhookAnswer(200, "text/xml; charset=utf-8", twiml);
    }
}
