package dev.shouli.channel.form;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shouli.Gateway;
import dev.shouli.core.db.DatabaseEndpoint;
import dev.shouli.support.LogCapture;
import dev.shouli.support.TestDatabase;
import dev.shouli.support.TestGateway;
import java.io.ByteArrayOutputStream;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Bodies a browser, a proxy or an attacker may send the form that are long, broken or cut off: every one gets an
 * HTML page (never JSON, never silence), and what was refused is stored as rejected.
 */
class FormHostileInputTest {

    private static DatabaseEndpoint database;
    private static Gateway gateway;
    private static FormClient client;

    @BeforeAll
    static void start() {
        database = TestDatabase.freshDatabase();
        gateway = TestGateway.start(database, Map.of(), Clock.systemUTC());
        client = new FormClient(gateway.port());
    }

    @AfterAll
    static void stop() {
        TestGateway.stop(gateway);
    }

    private static List<Map.Entry<String, String>> complaint(String description) {
        List<Map.Entry<String, String>> f = new ArrayList<>();
        f.add(Map.entry("kind", "complaint"));
        f.add(Map.entry("phone", "138 0013 8000"));
        f.add(Map.entry("organisation", "华润万家"));
        f.add(Map.entry("subject", "买到过期牛奶"));
        f.add(Map.entry("description", description));
        return f;
    }

    private static long rejected() {
        return TestDatabase.queryLong(database,
                "SELECT count(*) FROM submission WHERE channel = 'form' AND outcome = 'rejected'");
    }

    @Test
    void aDescriptionOf20000ChineseCharactersIsTakenInByUrlencodedPost() throws Exception {
        HttpResponse<String> page = client.postUrlencoded(client.open("zh-CN"), complaint("投".repeat(20_000)));

        HttpResponse<String> receipt = client.receiptOf(page);
        assertThat(receipt.statusCode()).isEqualTo(200);
        assertThat(receipt.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
    }

    @Test
    void aDescriptionOf20000ChineseCharactersIsTakenInByMultipartPost() throws Exception {
        HttpResponse<String> page = client.postMultipart(client.open("zh-CN"), complaint("訴".repeat(20_000)), List.of());

        assertThat(client.receiptOf(page).statusCode()).isEqualTo(200);
    }

    @Test
    void aFieldLargerThanTheBodyLimitIsAnswered413WithAnHtmlPageAndKept() throws Exception {
        long before = rejected();

        HttpResponse<String> page = client.postUrlencoded(client.open("en"), complaint("x".repeat(1_100_000)));

        assertThat(page.statusCode()).isEqualTo(413);
        assertThat(page.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
        assertThat(rejected()).isEqualTo(before + 1);
    }

    @Test
    void aMultipartBodyCutOffInsideAFilePartIsAnsweredWith400AndKeptAsRejected() throws Exception {
        FormClient.Form form = client.open("zh-CN");
        String boundary = "----shouli-cut-off";
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (Map.Entry<String, String> f : List.of(Map.entry("token", form.token()), Map.entry("csrf", form.csrf()),
                Map.entry("description", "发票在附件里"))) {
            body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + f.getKey()
                    + "\"\r\n\r\n" + f.getValue() + "\r\n").getBytes(StandardCharsets.UTF_8));
        }
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"attachments\"; "
                + "filename=\"发票.jpg\"\r\nContent-Type: image/jpeg\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.writeBytes(new byte[20_000]); // the file's bytes, then nothing: no closing boundary
        long before = rejected();

        HttpResponse<String> page = client.postRaw(form.cookie(), "multipart/form-data; boundary=" + boundary,
                body.toByteArray());

        assertThat(page.statusCode()).isEqualTo(400);
        assertThat(page.body()).contains("无法读取");
        assertThat(rejected()).isEqualTo(before + 1);
    }

    @Test
    void anUploadAbandonedMidwayIsLoggedBelowError() throws Exception {
        FormClient.Form form = client.open("zh-CN");
        String boundary = "----shouli-abandoned";
        byte[] head = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"token\"\r\n\r\n" + form.token()
                + "\r\n--" + boundary + "\r\nContent-Disposition: form-data; name=\"attachments\"; "
                + "filename=\"photo.jpg\"\r\nContent-Type: image/jpeg\r\n\r\n").getBytes(StandardCharsets.UTF_8);
        try (LogCapture log = new LogCapture()) {
            try (Socket socket = new Socket("127.0.0.1", gateway.port())) {
                socket.getOutputStream().write(("POST /form HTTP/1.1\r\nHost: a\r\nCookie: shouli_form="
                        + form.cookie() + "\r\nContent-Type: multipart/form-data; boundary=" + boundary
                        + "\r\nContent-Length: 5000000\r\n\r\n").getBytes(StandardCharsets.UTF_8));
                socket.getOutputStream().write(head);
                socket.getOutputStream().write(new byte[200_000]);
                socket.getOutputStream().flush();
                Thread.sleep(300);
            } // the browser tab was closed mid-upload
            Thread.sleep(1_500);

            assertThat(log.textLines()).noneMatch(line -> line.contains(" ERROR "));
        }
    }

    @Test
    void anAttachmentWhoseContentTypeHoldsNulIsTakenIn() throws Exception {
        FormClient.Form form = client.open("zh-CN");
        String boundary = "----shouli-nul";
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        List<Map.Entry<String, String>> fields = new ArrayList<>(List.of(Map.entry("token", form.token()),
                Map.entry("csrf", form.csrf())));
        fields.addAll(complaint("收据见附件"));
        for (Map.Entry<String, String> f : fields) {
            body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + f.getKey()
                    + "\"\r\n\r\n" + f.getValue() + "\r\n").getBytes(StandardCharsets.UTF_8));
        }
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"attachments\"; "
                + "filename=\"收\u0000据.jpg\"\r\nContent-Type: image/jp\u0000eg\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.writeBytes(new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, 0});
        body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));

        HttpResponse<String> page = client.postRaw(form.cookie(), "multipart/form-data; boundary=" + boundary,
                body.toByteArray());

        assertThat(client.receiptOf(page).statusCode()).isEqualTo(200);
        assertThat(TestDatabase.queryLong(database, "SELECT count(*) FROM attachment WHERE content_type = 'image/jpeg'"
                + " AND name = '收据.jpg'")).isEqualTo(1);
    }

    @Test
    void aMultipartBodyWithAnEmptyBoundaryIsAnsweredWith400() throws Exception {
        FormClient.Form form = client.open("en");

        HttpResponse<String> page = client.postRaw(form.cookie(), "multipart/form-data; boundary=",
                "--\r\n\r\n--".getBytes(StandardCharsets.UTF_8));

        assertThat(page.statusCode()).isEqualTo(400);
        assertThat(page.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
    }
}
