package dev.shouli.channel.sms;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * {@code X-Twilio-Signature} as Twilio computes it: base64 of HMAC-SHA1, keyed with the auth token, over
 * the URL Twilio requested followed by every POST parameter name and value, parameters sorted by name
 * (repeated parameters: each distinct value, sorted, as Twilio's own validators do). For JSON bodies the
 * URL carries {@code bodySHA256} (hex SHA-256 of the body) and only the URL is signed.
 *
 * <p>Twilio's validators accept the signature computed with or without the scheme's default port, because
 * Twilio signs the URL as configured and proxies add or drop the port; a URL configured with non-ASCII
 * characters may be signed in its percent-encoded form. Every such variant of the configured URL is tried.
 */
public final class TwilioSignature {

    private TwilioSignature() {
    }

    public static String compute(String authToken, String url, Map<String, List<String>> params) {
        StringBuilder data = new StringBuilder(url);
        new TreeMap<>(params).forEach((name, values) -> {
            for (String value : new TreeSet<>(values)) {
                data.append(name).append(value);
            }
        });
        return Base64.getEncoder().encodeToString(Hmac.mac("HmacSHA1", authToken, data.toString()));
    }

    /**
     * @param url the signed URL: the configured webhook URL with the request's query string
     * @return true when {@code signature} matches any accepted variant of the URL
     */
    public static boolean validForm(String authToken, String url, Map<String, List<String>> params, String signature) {
        for (String candidate : urlVariants(url)) {
            if (Hmac.constantTimeEquals(compute(authToken, candidate, params), signature)) {
                return true;
            }
        }
        return false;
    }

    /** The JSON variant: the URL (with its {@code bodySHA256}) is signed, and the body must hash to that value. */
    public static boolean validJson(String authToken, String url, byte[] body, String signature) {
        String expectedHash = queryParameter(url, "bodySHA256");
        if (expectedHash == null) {
            return false;
        }
        String actual = HexFormat.of().formatHex(Hmac.digest("SHA-256", body));
        if (!Hmac.constantTimeEquals(actual, expectedHash.toLowerCase(Locale.ROOT))) {
            return false;
        }
        return validForm(authToken, url, Map.of(), signature);
    }

    /** The URL as given, percent-encoded and decoded, each with and without the scheme's default port. */
    static List<String> urlVariants(String url) {
        Set<String> forms = new LinkedHashSet<>();
        forms.add(url);
        try {
            URI uri = new URI(url);
            forms.add(uri.toASCIIString());
            // The decoded path (as a person would type it into Twilio's console); the query stays as requested.
            String authority = uri.getRawAuthority() == null ? "" : "//" + uri.getRawAuthority();
            forms.add(uri.getScheme() + ":" + authority + (uri.getPath() == null ? "" : uri.getPath())
                    + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery()));
        } catch (URISyntaxException | IllegalArgumentException e) {
            // Not parseable as a URI (raw Unicode, stray characters): the literal form is the only candidate.
        }
        Set<String> all = new LinkedHashSet<>();
        for (String form : forms) {
            all.add(form);
            all.add(toggleDefaultPort(form));
        }
        return new ArrayList<>(all);
    }

    /** Adds the default port when none is given, removes it when it is given; leaves custom ports alone. */
    static String toggleDefaultPort(String url) {
        int schemeEnd = url.indexOf("://");
        if (schemeEnd < 0) {
            return url;
        }
        String scheme = url.substring(0, schemeEnd).toLowerCase(Locale.ROOT);
        String defaultPort = switch (scheme) {
            case "https" -> "443";
            case "http" -> "80";
            default -> null;
        };
        if (defaultPort == null) {
            return url;
        }
        int authorityStart = schemeEnd + 3;
        int authorityEnd = authorityStart;
        while (authorityEnd < url.length() && "/?#".indexOf(url.charAt(authorityEnd)) < 0) {
            authorityEnd++;
        }
        String authority = url.substring(authorityStart, authorityEnd);
        int at = authority.lastIndexOf('@');
        String userInfo = at < 0 ? "" : authority.substring(0, at + 1);
        String hostPort = authority.substring(at + 1);
        int colon = hostPort.lastIndexOf(':');
        boolean hasPort = colon >= 0 && !hostPort.endsWith("]") && hostPort.substring(colon + 1).matches("\\d*");
        String newHostPort;
        if (!hasPort) {
            newHostPort = hostPort + ":" + defaultPort;
        } else if (hostPort.substring(colon + 1).equals(defaultPort)) {
            newHostPort = hostPort.substring(0, colon);
        } else {
            return url;
        }
        return url.substring(0, authorityStart) + userInfo + newHostPort + url.substring(authorityEnd);
    }

    private static String queryParameter(String url, String name) {
        int q = url.indexOf('?');
        if (q < 0) {
            return null;
        }
        for (String pair : url.substring(q + 1).split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0 && pair.substring(0, eq).equals(name)) {
                return pair.substring(eq + 1);
            }
        }
        return null;
    }
}
