package dev.shouli.channel.sms;

import dev.shouli.core.outbox.OutboxHandler.PermanentFailure;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Twilio Programmable Messaging: {@code POST /2010-04-01/Accounts/{AccountSid}/Messages.json}, HTTP Basic
 * with the account SID and auth token, form fields {@code To}, {@code From} (or {@code MessagingServiceSid}
 * for an {@code MG…} sender) and {@code Body}; 201 with the message {@code sid}.
 */
public final class TwilioSender implements SmsSender {

    private final WebClient client;
    private final SmsConfig.Twilio config;

    public TwilioSender(WebClient client, SmsConfig.Twilio config) {
        if (config.accountSid() == null || config.authToken() == null || config.from() == null) {
            throw new IllegalArgumentException("sending through Twilio needs SHOULI_TWILIO_ACCOUNT_SID, "
                    + "SHOULI_TWILIO_AUTH_TOKEN and channels.sms.twilio.from");
        }
        this.client = client;
        this.config = config;
    }

    @Override
    public String provider() {
        return "twilio";
    }

    /**
     * One message segment a second: the rate of a US long code, "a short code may send over 100 message segments per
     * second" (https://www.twilio.com/docs/api/errors/30001). Twilio queues what comes faster, for at most ten hours,
     * then fails it (30001 Queue overflow, 21611); paced here, a burst's receipts wait in our outbox instead, where
     * the desk sees them.
     */
    @Override
    public double publishedRate() {
        return 1;
    }

    @Override
    public boolean rateCountsSegments() {
        return true;
    }

    @Override
    public Future<String> send(String to, String text, String reference, String idempotencyKey,
                               String providerTemplate) {
        MultiMap form = MultiMap.caseInsensitiveMultiMap();
        form.add("To", to);
        form.add(config.from().startsWith("MG") ? "MessagingServiceSid" : "From", config.from());
        form.add("Body", text);
        String credentials = Base64.getEncoder().encodeToString(
                (config.accountSid() + ":" + config.authToken()).getBytes(StandardCharsets.UTF_8));
        return client.postAbs(config.apiBaseUrl() + "/2010-04-01/Accounts/" + config.accountSid() + "/Messages.json")
                .putHeader("Authorization", "Basic " + credentials)
                .sendForm(form, "UTF-8")
                .map(TwilioSender::messageSid);
    }

    private static String messageSid(HttpResponse<?> response) {
        int status = response.statusCode();
        if (status == 201 || status == 200) {
            String sid = response.bodyAsJsonObject().getString("sid");
            if (sid == null) {
                throw new IllegalStateException("Twilio answered " + status + " without a message sid");
            }
            return sid;
        }
        String detail = describe(response);
        if (status == 429 || status >= 500) {
            throw new IllegalStateException("Twilio answered " + status + ": " + detail);
        }
        throw new PermanentFailure("Twilio refused the message (" + status + "): " + detail);
    }

    private static String describe(HttpResponse<?> response) {
        try {
            JsonObject body = response.bodyAsJsonObject();
            return body == null ? "" : body.getValue("code") + " " + body.getString("message");
        } catch (RuntimeException e) {
            return String.valueOf(response.statusMessage());
        }
    }
}
