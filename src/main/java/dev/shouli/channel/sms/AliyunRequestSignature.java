package dev.shouli.channel.sms;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.StringJoiner;
import java.util.TreeMap;

/**
 * Aliyun's RPC request signature (SignatureVersion 1.0, HMAC-SHA1) as used by SendSms: parameters sorted
 * by name and percent-encoded the POP way (space %20, {@code *} %2A, {@code ~} kept), joined as a query;
 * the string to sign is {@code METHOD&%2F&} + the encoded query; the key is the AccessKey secret plus {@code &}.
 */
public final class AliyunRequestSignature {

    private AliyunRequestSignature() {
    }

    public static String sign(String httpMethod, String accessKeySecret, Map<String, String> params) {
        String stringToSign = httpMethod + "&" + percentEncode("/") + "&" + percentEncode(canonicalQuery(params));
        return Base64.getEncoder().encodeToString(Hmac.mac("HmacSHA1", accessKeySecret + "&", stringToSign));
    }

    public static String canonicalQuery(Map<String, String> params) {
        StringJoiner query = new StringJoiner("&");
        new TreeMap<>(params).forEach((k, v) -> {
            if (!"Signature".equals(k)) {
                query.add(percentEncode(k) + "=" + percentEncode(v));
            }
        });
        return query.toString();
    }

    public static String percentEncode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20").replace("*", "%2A")
                .replace("%7E", "~");
    }
}
