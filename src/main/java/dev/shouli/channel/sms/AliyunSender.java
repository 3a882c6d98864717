package dev.shouli.channel.sms;

import dev.shouli.core.outbox.OutboxHandler.PermanentFailure;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Aliyun SendSms (dysmsapi, version 2017-05-25, RPC style): an approved template ({@code TemplateCode}) and
 * signature ({@code SignName}) with {@code TemplateParam {"reference": …}}, signed with
 * {@link AliyunRequestSignature}. Mainland numbers go without +86, others as country code and number.
 * {@code Code "OK"} is sent; throttling codes are retried, other codes are refusals.
 */
public final class AliyunSender implements SmsSender {

    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'")
            .withZone(ZoneOffset.UTC);
    private static final Set<String> RETRYABLE = Set.of("isv.BUSINESS_LIMIT_CONTROL", "Throttling.User",
            "Throttling", "ServiceUnavailable", "InternalError", "isp.SYSTEM_ERROR");

    private final WebClient client;
    private final SmsConfig.Aliyun config;
    private final Clock clock;
    public AliyunSender(WebClient client, SmsConfig.Aliyun config, Clock clock) {
        if (config.accessKeyId() == null || config.accessKeySecret() == null || config.signName() == null
                || config.templateCode() == null) {
            throw new IllegalArgumentException("sending through Aliyun needs SHOULI_ALIYUN_ACCESS_KEY_ID, "
                    + "SHOULI_ALIYUN_ACCESS_KEY_SECRET, channels.sms.aliyun.signName and templateCode");
        }
        this.client = client;
        this.config = config;
        this.clock = clock;
    }

    /**
     * Aliyun sends only templates it approved, filled with {"reference"}: the receipt's ({@code templateCode}) and
     * the 回访 question's ({@code surveyTemplateCode}); other notices cannot go this way.
     */
    @Override
    public boolean sends(String providerTemplate) {
        return templateCode(providerTemplate) != null;
    }

    private String templateCode(String providerTemplate) {
        if (providerTemplate == null) {
            return null;
        }
        return switch (providerTemplate) {
            case "receipt" -> config.templateCode();
            case "survey" -> config.surveyTemplateCode();
            default -> null;
        };
    }

    @Override
    public String provider() {
        return "aliyun";
    }

    /**
     * SendSms takes 5,000 calls a second per account (flow control table of dysmsapi 2017-05-25,
     * https://help.aliyun.com/en/sms/developer-reference/api-dysmsapi-2017-05-25-quota). Aliyun's other limits are per
     * number — 50 notices a day with one signature and template (https://help.aliyun.com/document_detail/2881383.html)
     * — which {@code channels.sms.dailyCap} already keeps under.
     */
    @Override
    public double publishedRate() {
        return 5000;
    }

    @Override
    public Future<String> send(String to, String text, String reference, String idempotencyKey,
                               String providerTemplate) {
        String templateCode = templateCode(providerTemplate);
        if (templateCode == null) {
            return Future.failedFuture(new IllegalStateException("no Aliyun template for " + providerTemplate));
        }
        Map<String, String> params = new TreeMap<>();
        params.put("AccessKeyId", config.accessKeyId());
        params.put("Action", "SendSms");
        params.put("Format", "JSON");
        params.put("RegionId", config.regionId());
        params.put("SignatureMethod", "HMAC-SHA1");
        params.put("SignatureNonce", UUID.randomUUID().toString());
        params.put("SignatureVersion", "1.0");
        params.put("Timestamp", TIMESTAMP.format(clock.instant()));
        params.put("Version", "2017-05-25");
        params.put("PhoneNumbers", aliyunNumber(to));
        params.put("SignName", config.signName());
        params.put("TemplateCode", templateCode);
        params.put("TemplateParam", new JsonObject().put("reference", reference).encode());
        params.put("OutId", idempotencyKey);
        params.put("Signature", AliyunRequestSignature.sign("POST", config.accessKeySecret(), params));
        MultiMap form = MultiMap.caseInsensitiveMultiMap();
        params.forEach(form::add);
        return client.postAbs(config.apiBaseUrl() + "/").sendForm(form, "UTF-8").map(AliyunSender::bizId);
    }

    static String aliyunNumber(String e164) {
        String digits = e164.startsWith("+") ? e164.substring(1) : e164;
        return digits.startsWith("86") && digits.length() == 13 ? digits.substring(2) : digits;
    }

    private static String bizId(HttpResponse<?> response) {
        JsonObject body;
        try {
            body = response.bodyAsJsonObject();
        } catch (RuntimeException e) {
            body = null;
        }
        String code = body == null ? null : body.getString("Code");
        if ("OK".equals(code)) {
            return body.getString("BizId");
        }
        String detail = "HTTP " + response.statusCode() + ", Code " + code + ": "
                + (body == null ? "" : body.getString("Message"));
        if (response.statusCode() >= 500 || RETRYABLE.contains(code)) {
            throw new IllegalStateException("Aliyun could not send now, " + detail);
        }
        throw new PermanentFailure("Aliyun refused the message, " + detail);
    }
}
