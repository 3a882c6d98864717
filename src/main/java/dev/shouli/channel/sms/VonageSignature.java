package dev.shouli.channel.sms;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The {@code sig} parameter of Vonage's signed SMS webhooks, as Vonage documents it and its SDKs compute it:
 * every parameter but {@code sig}, sorted by name, written as {@code &name=value} with each {@code &} and
 * {@code =} inside names and values replaced by {@code _}; then either the legacy {@code md5hash} (MD5 of
 * that string followed by the secret) or an HMAC (md5, sha1, sha256, sha512) keyed with the secret. Hex;
 * Vonage sends it in either case, so comparison ignores case.
 */
public final class VonageSignature {

    public static final String SIG = "sig";

    private VonageSignature() {
    }

    public static String compute(String method, String secret, Map<String, String> params) {
        StringBuilder data = new StringBuilder();
        new TreeMap<>(params).forEach((name, value) -> {
            if (!SIG.equals(name)) {
                data.append('&').append(clean(name)).append('=').append(clean(value == null ? "" : value));
            }
        });
        byte[] hash = switch (method.toLowerCase(Locale.ROOT)) {
            case "md5hash" -> Hmac.digest("MD5", (data + secret).getBytes(StandardCharsets.UTF_8));
            case "md5" -> Hmac.mac("HmacMD5", secret, data.toString());
            case "sha1" -> Hmac.mac("HmacSHA1", secret, data.toString());
            case "sha256" -> Hmac.mac("HmacSHA256", secret, data.toString());
            case "sha512" -> Hmac.mac("HmacSHA512", secret, data.toString());
            default -> throw new IllegalArgumentException("unknown Vonage signature method " + method);
        };
        return HexFormat.of().formatHex(hash);
    }

    public static boolean valid(String method, String secret, Map<String, String> params) {
        String given = params.get(SIG);
        return given != null && Hmac.constantTimeEquals(compute(method, secret, params),
                given.toLowerCase(Locale.ROOT));
    }

    private static String clean(String s) {
        return s.replace('&', '_').replace('=', '_');
    }
}
