package dev.shouli.channel.form;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shouli.Gateway;
import dev.shouli.channel.form.FormClient.File;
import dev.shouli.channel.form.FormClient.Form;
import dev.shouli.core.db.EmbeddedDatabase;
import dev.shouli.support.TestDatabase;
import dev.shouli.support.TestGateway;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Failures a person can act on are HTML pages in their language, not problem+json. */
class FormFailurePagesTest {

    private static final List<Map.Entry<String, String>> COMPLAINT = List.of(
            Map.entry("organisation", "华润万家"), Map.entry("phone", "13800138000"),
            Map.entry("description", "牛奶过期，要求退款。"));

    @Test
    void requestOverTheUploadLimitGetsTheTooLargePage() throws Exception {
        Gateway gateway = TestGateway.start(TestDatabase.freshDatabase(),
                Map.of("SHOULI_INTAKE_MAX_UPLOAD_BYTES", "4096"), Clock.systemUTC());
        try {
            FormClient client = new FormClient(gateway.port());
            Form form = client.open("zh-CN");

            HttpResponse<String> page = client.postMultipart(form, COMPLAINT,
                    List.of(new File("大照片.jpg", "image/jpeg", new byte[16 * 1024])));

            assertThat(page.statusCode()).isEqualTo(413);
            assertThat(page.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
            assertThat(page.body()).contains("附件过多或过大", "合计不超过4 KB");
        } finally {
            TestGateway.stop(gateway);
        }
    }

    @Test
    void databaseOutageGetsAFriendlyPageWithRetryAfter(@TempDir Path dir) throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        EmbeddedDatabase database = EmbeddedDatabase.start(dir.resolve("postgres"), port, false);
        Gateway gateway = TestGateway.start(database.endpoint());
        try {
            FormClient client = new FormClient(gateway.port());
            Form form = client.open("zh-CN");
            database.close();

            HttpResponse<String> page = client.postUrlencoded(form, COMPLAINT);

            assertThat(page.statusCode()).isEqualTo(503);
            assertThat(page.headers().firstValue("Retry-After")).hasValue("30");
            assertThat(page.body()).contains("<html lang=\"zh-CN\">", "系统暂时无法保存您的提交", "请在30秒后重新提交",
                    "value=\"华润万家\"");
        } finally {
            TestGateway.stop(gateway);
            database.close();
        }
    }
}
