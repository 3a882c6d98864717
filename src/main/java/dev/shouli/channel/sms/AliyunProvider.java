package dev.shouli.channel.sms;

import dev.shouli.channel.InputText;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Aliyun SMS upstream push (上行短信): a JSON array of messages, unsigned by Aliyun, so authenticated by a
 * secret token (query {@code token} or header {@code X-Shouli-Token}) and optionally the source address.
 * Fields are read whether Aliyun sends numbers as numbers or as strings. Aliyun wants
 * {@code {"code":0,"msg":"接收成功"}}, anything else makes it push again.
 */
public final class AliyunProvider extends SmsProviderBase {

    public static final String TOKEN_HEADER = "X-Shouli-Token";
    private static final String FIELD_PHONE = "phone_number";
    private static final String FIELD_CONTENT = "content";
    private static final String FIELD_SEQUENCE = "sequence_id";
    private static final String FIELD_DEST_CODE = "dest_code";

    private final SmsConfig.Aliyun config;

    public AliyunProvider(SmsConfig.Aliyun config) {
        this.config = config;
    }

    @Override
    public String name() {
        return "aliyun";
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
        if (config.token() == null) {
            return Optional.of("Aliyun pushes are not configured (SHOULI_ALIYUN_TOKEN is unset)");
        }
        if (!config.allowedIps().isEmpty() && !allowed(w.remoteAddress())) {
            return Optional.of("source address " + w.remoteAddress() + " is not in channels.sms.aliyun.allowedIps");
        }
        String given = w.header(TOKEN_HEADER);
        if (given == null) {
            given = first(decodeForm(w.rawQuery(), "the query string"), "token");
        }
        if (given == null) {
            return Optional.of("missing token (query parameter token or header " + TOKEN_HEADER + ")");
        }
        return Hmac.constantTimeEquals(config.token(), given) ? Optional.empty()
                : Optional.of("token does not match SHOULI_ALIYUN_TOKEN");
    }

    boolean allowed(String address) {
        if (address == null) {
            return false;
        }
        for (String rule : config.allowedIps()) {
            if (rule.equals(address) || rule.contains("/") && inCidr(address, rule)) {
                return true;
            }
        }
        return false;
    }

    static boolean inCidr(String address, String cidr) {
        try {
            String[] parts = cidr.split("/", 2);
            byte[] net = InetAddress.getByName(parts[0]).getAddress();
            byte[] addr = InetAddress.getByName(address).getAddress();
            int bits = Integer.parseInt(parts[1]);
            if (net.length != addr.length || bits < 0 || bits > net.length * 8) {
                return false;
            }
            for (int i = 0; i < bits; i++) {
                int mask = 0x80 >> (i % 8);
                if ((net[i / 8] & mask) != (addr[i / 8] & mask)) {
                    return false;
                }
            }
            return true;
        } catch (UnknownHostException | NumberFormatException e) {
            return false;
        }
    }

    @Override
    public ParsedWebhook parse(SmsWebhook w) {
        if (!JSON.equals(w.mediaType())) {
            throw new MalformedPayloadException("Aliyun pushes are " + JSON + ", got " + w.contentType());
        }
        JsonArray array = (JsonArray) InputText.clean(jsonArray(w.body()));
        if (array.isEmpty()) {
            throw new MalformedPayloadException("the push holds no messages");
        }
        List<InboundSms> messages = new ArrayList<>();
        for (int i = 0; i < array.size(); i++) {
            if (!(array.getValue(i) instanceof JsonObject o)) {
                throw new MalformedPayloadException("message " + (i + 1) + " is not an object");
            }
            try {
                messages.add(new InboundSms(text(o, FIELD_SEQUENCE, true), text(o, FIELD_PHONE, true),
                        text(o, FIELD_DEST_CODE, false), text(o, FIELD_CONTENT, true), null,
                        o.encode().getBytes(StandardCharsets.UTF_8)));
            } catch (MalformedPayloadException e) {
                throw new MalformedPayloadException("message " + (i + 1) + ": " + e.getMessage());
            }
        }
        return ParsedWebhook.of(messages);
    }

    @Override
    public WebhookAnswer accepted(String reply) {
        return new WebhookAnswer(200, "application/json; charset=utf-8",
                new JsonObject().put("code", 0).put("msg", "接收成功").encode());
    }
}
