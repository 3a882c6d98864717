package dev.shouli.channel.sms;

import dev.shouli.core.config.ConfigException;
import dev.shouli.core.config.ConfigTree;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The SMS channel ({@code channels.sms} in the config file). Webhook secrets and send-API credentials come
 * only from the environment; {@code toString} never prints them.
 *
 * @param sendProvider   which provider's send API carries receipts: {@code none}, {@code twilio},
 *                       {@code vonage} or {@code aliyun}
 * @param followUpWindow a second SMS from the same number within this time of the case's last activity is
 *                       appended to that open case
 * @param concatTimeout  parts of a long message still incomplete after this are taken in as a partial complaint
 * @param sendRate       most sends a second through the send provider, across all instances (segments for Twilio);
 *                       0: the provider's published default ({@link SmsSender#publishedRate()})
 */
public record SmsConfig(String sendProvider, Duration followUpWindow, Duration concatTimeout,
                        Duration concatSweepInterval, int dailyCap, int maxSegments, String senderName,
                        double sendRate, Twilio twilio, Vonage vonage, Aliyun aliyun) {

    public record Twilio(boolean logOnly, String authToken, String webhookUrl, boolean replyInline,
                         String apiBaseUrl, String accountSid, String from) {
        @Override
        public String toString() {
            return "Twilio[logOnly=" + logOnly + ", webhookUrl=" + webhookUrl + ", authToken="
                    + (authToken == null ? "unset" : "set") + "]";
        }
    }

    /** @param signatureMethod {@code md5hash} (legacy), {@code md5}, {@code sha1}, {@code sha256} or {@code sha512} */
    public record Vonage(boolean logOnly, String signatureSecret, String signatureMethod, Duration timestampWindow,
                         String apiBaseUrl, String apiKey, String apiSecret, String from) {
        @Override
        public String toString() {
            return "Vonage[logOnly=" + logOnly + ", method=" + signatureMethod + ", secret="
                    + (signatureSecret == null ? "unset" : "set") + "]";
        }
    }

    /**
     * @param allowedIps         source addresses (exact or IPv4 CIDR) allowed to push; empty allows any
     * @param surveyTemplateCode approved template of the 回访 question (gets {"reference"}); null: no survey by SMS
     */
    public record Aliyun(boolean logOnly, String token, List<String> allowedIps, String apiBaseUrl,
                         String accessKeyId, String accessKeySecret, String regionId, String signName,
                         String templateCode, String surveyTemplateCode) {
        @Override
        public String toString() {
            return "Aliyun[logOnly=" + logOnly + ", allowedIps=" + allowedIps + ", token="
                    + (token == null ? "unset" : "set") + "]";
        }
    }

    public static SmsConfig from(ConfigTree c, Map<String, String> env) {
        String p = "channels.sms.";
        Twilio twilio = new Twilio(
                c.bool(p + "twilio.logOnly"),
                secret(env, "SHOULI_TWILIO_AUTH_TOKEN"),
                firstNonNull(secret(env, "SHOULI_TWILIO_WEBHOOK_URL"), c.optionalString(p + "twilio.webhookUrl")),
                c.bool(p + "twilio.replyInline"),
                c.string(p + "twilio.apiBaseUrl"),
                firstNonNull(secret(env, "SHOULI_TWILIO_ACCOUNT_SID"), c.optionalString(p + "twilio.accountSid")),
                c.optionalString(p + "twilio.from"));
        String method = firstNonNull(secret(env, "SHOULI_VONAGE_SIGNATURE_METHOD"),
                c.string(p + "vonage.signatureMethod")).toLowerCase(java.util.Locale.ROOT);
        if (!List.of("md5hash", "md5", "sha1", "sha256", "sha512").contains(method)) {
            throw new ConfigException("invalid value for 'channels.sms.vonage.signatureMethod' "
                    + "(SHOULI_VONAGE_SIGNATURE_METHOD): expected md5hash, md5, sha1, sha256 or sha512, got '"
                    + method + "'");
        }
        Vonage vonage = new Vonage(
                c.bool(p + "vonage.logOnly"),
                secret(env, "SHOULI_VONAGE_SIGNATURE_SECRET"),
                method,
                c.duration(p + "vonage.timestampWindow"),
                c.string(p + "vonage.apiBaseUrl"),
                secret(env, "SHOULI_VONAGE_API_KEY"),
                secret(env, "SHOULI_VONAGE_API_SECRET"),
                c.optionalString(p + "vonage.from"));
        Aliyun aliyun = new Aliyun(
                c.bool(p + "aliyun.logOnly"),
                secret(env, "SHOULI_ALIYUN_TOKEN"),
                ConfigTree.splitList(c.optionalString(p + "aliyun.allowedIps")),
                c.string(p + "aliyun.apiBaseUrl"),
                secret(env, "SHOULI_ALIYUN_ACCESS_KEY_ID"),
                secret(env, "SHOULI_ALIYUN_ACCESS_KEY_SECRET"),
                c.string(p + "aliyun.regionId"),
                c.optionalString(p + "aliyun.signName"),
                c.optionalString(p + "aliyun.templateCode"),
                c.optionalString(p + "aliyun.surveyTemplateCode"));
        return new SmsConfig(
                c.oneOf(p + "sendProvider", List.of("none", "twilio", "vonage", "aliyun")),
                c.duration(p + "followUpWindow"),
                c.duration(p + "concatTimeout"),
                c.duration(p + "concatSweepInterval"),
                c.intValue(p + "dailyCap", 0, 1000),
                c.intValue(p + "maxSegments", 1, 10),
                c.string(p + "senderName"),
                c.doubleValue(p + "sendRate", 0, 100_000),
                twilio, vonage, aliyun);
    }

    private static String secret(Map<String, String> env, String name) {
        String v = env.get(name);
        return v == null || v.isBlank() ? null : v.strip();
    }

    private static String firstNonNull(String a, String b) {
        return a != null ? a : b;
    }
}
