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

    /**
     * The URL as given, percent-encoded and decoded; each as it is, without its port (whatever port it names) and
     * with the scheme's default port. Twilio's validators try the URL with and without the port because Twilio
     * signs the URL as it was configured there, and a proxy in front of us may listen on another port than the
     * one Twilio was given (a webhook on :8443 that Twilio knows without the port).
     */
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
            String withoutPort = withPort(form, null);
            all.add(withoutPort);
            all.add(withPort(withoutPort, defaultPort(form)));
        }
        return new ArrayList<>(all);
    }

    /** Adds the default port when none is given, removes it when it is given; leaves custom ports alone. */
    static String toggleDefaultPort(String url) {
        String port = port(url);
        String defaultPort = defaultPort(url);
        if (defaultPort == null) {
            return url;
        }
        if (port == null) {
            return withPort(url, defaultPort);
        }
        return port.equals(defaultPort) ? withPort(url, null) : url;
    }

    private static String defaultPort(String url) {
        int schemeEnd = url.indexOf("://");
        if (schemeEnd < 0) {
            return null;
        }
        return switch (url.substring(0, schemeEnd).toLowerCase(Locale.ROOT)) {
            case "https" -> "443";
            case "http" -> "80";
            default -> null;
        };
    }

    /** The port the URL names, or null. */
    private static String port(String url) {
        int[] hostPort = hostPort(url);
        if (hostPort == null) {
            return null;
        }
        String authority = url.substring(hostPort[0], hostPort[1]);
        int colon = authority.lastIndexOf(':');
        return colon >= 0 && !authority.endsWith("]") && authority.substring(colon + 1).matches("\\d+")
                ? authority.substring(colon + 1) : null;
    }

    /** The URL with {@code port} as its port, or without a port when {@code port} is null. */
    private static String withPort(String url, String port) {
        int[] hostPort = hostPort(url);
        if (hostPort == null) {
            return url;
        }
        String authority = url.substring(hostPort[0], hostPort[1]);
        int colon = authority.lastIndexOf(':');
        String host = colon >= 0 && !authority.endsWith("]") && authority.substring(colon + 1).matches("\\d*")
                ? authority.substring(0, colon) : authority;
        return url.substring(0, hostPort[0]) + host + (port == null ? "" : ":" + port) + url.substring(hostPort[1]);
    }

    /** Start and end of the host[:port] part of the authority (after any user info), or null without "://". */
    private static int[] hostPort(String url) {
        int schemeEnd = url.indexOf("://");
        if (schemeEnd < 0) {
            return null;
        }
        int authorityStart = schemeEnd + 3;
        int authorityEnd = authorityStart;
        while (authorityEnd < url.length() && "/?#".indexOf(url.charAt(authorityEnd)) < 0) {
            authorityEnd++;
        }
        int at = url.lastIndexOf('@', authorityEnd - 1);
        int hostStart = at >= authorityStart ? at + 1 : authorityStart;
        return new int[] {hostStart, authorityEnd};
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
