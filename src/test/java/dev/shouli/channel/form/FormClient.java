package dev.shouli.channel.form;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shouli.support.TestGateway;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Talks to the form like a browser without JavaScript: loads the page, keeps its cookie and hidden fields,
 * and posts urlencoded or multipart bodies built by hand (so tests control every byte).
 */
public final class FormClient {

    private static final Pattern REFERENCE = Pattern.compile("id=\"reference\">([A-Z0-9-]+)<");
    /** The first bytes of a JPEG and of a PNG: the form keeps only files that really are images or PDF. */
    static final byte[] JPEG = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0, 0, 0x10, 'J', 'F', 'I', 'F', 0};
    static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D};

    static byte[] image(byte[] magic, byte[] rest) {
        byte[] out = java.util.Arrays.copyOf(magic, magic.length + rest.length);
        System.arraycopy(rest, 0, out, magic.length, rest.length);
        return out;
    }

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;

    public FormClient(int port) {
        this.base = "http://127.0.0.1:" + port;
    }

    /** A loaded form: its HTML, the double-submit cookie the server set, and the hidden token fields. */
    public record Form(String html, String cookie, String token, String csrf) {
    }

    record File(String name, String contentType, byte[] content) {
    }

    HttpResponse<String> get(String path, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).GET();
        if (headers.length > 0) {
            b.headers(headers);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    public Form open(String lang) throws Exception {
        HttpResponse<String> page = get("/?lang=" + lang);
        assertThat(page.statusCode()).isEqualTo(200);
        String setCookie = page.headers().firstValue("Set-Cookie").orElseThrow();
        String cookie = setCookie.substring(setCookie.indexOf('=') + 1, setCookie.indexOf(';'));
        return new Form(page.body(), cookie, hidden(page.body(), "token"), hidden(page.body(), "csrf"));
    }

    public HttpResponse<String> postUrlencoded(Form form, List<Map.Entry<String, String>> fields) throws Exception {
        return postUrlencoded(form.cookie(), withToken(form, fields));
    }

    /** Posts exactly these fields with this cookie (null: no cookie), for the forgery tests. */
    HttpResponse<String> postUrlencoded(String cookie, List<Map.Entry<String, String>> fields) throws Exception {
        StringBuilder body = new StringBuilder();
        for (Map.Entry<String, String> f : fields) {
            body.append(body.isEmpty() ? "" : "&").append(URLEncoder.encode(f.getKey(), StandardCharsets.UTF_8))
                    .append('=').append(URLEncoder.encode(f.getValue(), StandardCharsets.UTF_8));
        }
        return post(cookie, "application/x-www-form-urlencoded", body.toString().getBytes(StandardCharsets.UTF_8));
    }

    HttpResponse<String> postMultipart(Form form, List<Map.Entry<String, String>> fields, List<File> files)
            throws Exception {
        String boundary = "----shouli" + UUID.randomUUID();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (Map.Entry<String, String> f : withToken(form, fields)) {
            write(body, "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + f.getKey() + "\"\r\n\r\n"
                    + f.getValue() + "\r\n");
        }
        for (File file : files) {
            // As browsers do: the file name as raw UTF-8 inside the quotes.
            write(body, "--" + boundary + "\r\nContent-Disposition: form-data; name=\"attachments\"; filename=\""
                    + file.name() + "\"\r\nContent-Type: " + file.contentType() + "\r\n\r\n");
            body.write(file.content());
            write(body, "\r\n");
        }
        write(body, "--" + boundary + "--\r\n");
        return post(form.cookie(), "multipart/form-data; boundary=" + boundary, body.toByteArray());
    }

    /** Posts these bytes as they are, e.g. a body cut off on purpose. */
    HttpResponse<String> postRaw(String cookie, String contentType, byte[] body) throws Exception {
        return post(cookie, contentType, body);
    }

    private HttpResponse<String> post(String cookie, String contentType, byte[] body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + "/form?lang=zh-CN"))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (cookie != null) {
            b.header("Cookie", FormRoutes.COOKIE + "=" + cookie);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    /** The receipt page a successful post redirects to (POST/redirect/GET), asserting the 303. */
    public HttpResponse<String> receiptOf(HttpResponse<String> posted) throws Exception {
        assertThat(posted.statusCode()).as("answer to the post: %s", posted.body()).isEqualTo(303);
        String location = posted.headers().firstValue("Location").orElseThrow();
        assertThat(location).startsWith("/form/receipt/");
        return get(location);
    }

    /** Posts a valid form and returns the reference its receipt page shows. */
    String submitForReference(Form form, List<Map.Entry<String, String>> fields) throws Exception {
        HttpResponse<String> receipt = receiptOf(postUrlencoded(form, fields));
        assertThat(receipt.statusCode()).isEqualTo(200);
        return reference(receipt.body());
    }

    /** A desk API resource as JSON, asserting it answered 200. */
    JsonObject desk(String path) throws Exception {
        HttpResponse<String> r = get(path, "Authorization", "Bearer " + TestGateway.DESK_TOKEN);
        assertThat(r.statusCode()).as("GET %s: %s", path, r.body()).isEqualTo(200);
        return new JsonObject(r.body());
    }

    HttpResponse<byte[]> download(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base + path))
                .header("Authorization", "Bearer " + TestGateway.DESK_TOKEN).build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    public static String reference(String receiptHtml) {
        Matcher m = REFERENCE.matcher(receiptHtml);
        assertThat(m.find()).as("a reference on the page:\n%s", receiptHtml).isTrue();
        return m.group(1);
    }

    static String hidden(String html, String name) {
        Matcher m = Pattern.compile("name=\"" + name + "\" value=\"([^\"]*)\"").matcher(html);
        assertThat(m.find()).as("hidden field %s", name).isTrue();
        return m.group(1);
    }

    private static List<Map.Entry<String, String>> withToken(Form form, List<Map.Entry<String, String>> fields) {
        List<Map.Entry<String, String>> all = new java.util.ArrayList<>();
        all.add(Map.entry("token", form.token()));
        all.add(Map.entry("csrf", form.csrf()));
        all.addAll(fields);
        return all;
    }

    private static void write(ByteArrayOutputStream out, String s) {
        out.writeBytes(s.getBytes(StandardCharsets.UTF_8));
    }
}
