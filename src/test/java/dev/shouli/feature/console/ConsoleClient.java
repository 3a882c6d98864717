package dev.shouli.feature.console;

import dev.shouli.support.Http;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

/**
 * A browser-like HTTP client for console tests: keeps the cookies it is given (per path, by name), follows
 * nothing by itself, and knows how to sign in and read the anti-forgery token off a page.
 */
public final class ConsoleClient {

    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

    private final Http http;
    private final Map<String, String> cookies = new LinkedHashMap<>();

    public ConsoleClient(int port) {
        this.http = new Http(port);
    }

    /** Another instance, same cookies: what a browser behind a load balancer does. */
    public ConsoleClient sameBrowserOn(int port) {
        ConsoleClient other = new ConsoleClient(port);
        other.cookies.putAll(cookies);
        return other;
    }

    public HttpResponse<String> get(String path) {
        return send(http.request(path).GET());
    }

    public HttpResponse<String> post(String path, Map<String, String> form) {
        String body = form.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return send(http.request(path).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    /** A form with repeated fields (ticked boxes of one name), in order. */
    public HttpResponse<String> postMulti(String path, List<Map.Entry<String, String>> form) {
        String body = form.stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return send(http.request(path).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    /**
     * The fields of the first form matching {@code selector} as a browser sends them untouched: hidden fields,
     * inputs with their values, the chosen options, and only the boxes that are ticked.
     */
    public static Map<String, List<String>> form(Document page, String selector) {
        Element form = page.selectFirst(selector);
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (Element input : form.select("input[name], textarea[name], select[name]")) {
            if (input.attr("type").equals("checkbox") && !input.hasAttr("checked")) {
                continue;
            }
            String value = input.tagName().equals("select") ? input.select("option[selected]").isEmpty() ? ""
                    : input.selectFirst("option[selected]").attr("value") : input.tagName().equals("textarea")
                    ? input.text() : input.attr("value");
            out.computeIfAbsent(input.attr("name"), k -> new ArrayList<>()).add(value);
        }
        return out;
    }

    /** The fields of {@link #form} in order, for {@link #postMulti}. */
    public static List<Map.Entry<String, String>> flatten(Map<String, List<String>> fields) {
        List<Map.Entry<String, String>> out = new ArrayList<>();
        fields.forEach((k, values) -> values.forEach(v -> out.add(Map.entry(k, v))));
        return out;
    }

    /** Signs in through the form; returns the answer to the credentials' POST. */
    public HttpResponse<String> signIn(String username, String password) {
        HttpResponse<String> form = get("/desk/sign-in");
        return post("/desk/sign-in", Map.of("_csrf", csrf(form.body()), "username", username, "password", password,
                "next", "/desk/cases"));
    }

    /** The anti-forgery token of the page at {@code path}. */
    public String csrfOf(String path) {
        return csrf(get(path).body());
    }

    public static String csrf(String html) {
        Matcher m = CSRF.matcher(html);
        if (!m.find()) {
            throw new AssertionError("no _csrf field in the page");
        }
        return m.group(1).replace("&amp;", "&");
    }

    public String cookie(String name) {
        return cookies.get(name);
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        if (!cookies.isEmpty()) {
            request.header("Cookie", cookies.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                    .collect(Collectors.joining("; ")));
        }
        HttpResponse<String> response = http.send(request.build());
        List<String> set = response.headers().allValues("set-cookie");
        for (String c : set) {
            String pair = c.split(";", 2)[0];
            int eq = pair.indexOf('=');
            String name = pair.substring(0, eq);
            String value = pair.substring(eq + 1);
            if (value.isEmpty() || c.toLowerCase().contains("max-age=0")) {
                cookies.remove(name);
            } else {
                cookies.put(name, value);
            }
        }
        return response;
    }

    public List<String> setCookies(HttpResponse<String> response) {
        return response.headers().allValues("set-cookie");
    }
}
