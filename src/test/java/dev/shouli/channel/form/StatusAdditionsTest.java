package dev.shouli.channel.form;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shouli.Gateway;
import dev.shouli.core.db.DatabaseEndpoint;
import dev.shouli.support.Http;
import dev.shouli.support.TestDatabase;
import dev.shouli.support.TestGateway;
import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Adding to a case from the status page: only with the proof the page handed out after the contact was proven,
 * once however often it is posted, and only while the case is being worked on.
 */
class StatusAdditionsTest {

    private static final Pattern PROOF = Pattern.compile("name=\"proof\" value=\"([^\"]+)\"");

    private static DatabaseEndpoint db;
    private static Gateway gateway;
    private static Http http;

    @BeforeAll
    static void start() {
        db = TestDatabase.freshDatabase();
        gateway = TestGateway.start(db, Map.of(), Clock.systemUTC());
        http = new Http(gateway.port());
    }

    @AfterAll
    static void stop() {
        TestGateway.stop(gateway);
    }

    @Test
    void postingTheSameAdditionTwiceAddsItOnce() {
        String reference = newCase("13922223333");
        String proof = proof(reference, "3333");

        HttpResponse<String> first = add(proof, "补充：对方已经承认多收费用。");
        HttpResponse<String> second = add(proof, "补充：对方已经承认多收费用。");

        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(second.statusCode()).isEqualTo(200);
        assertThat(http.deskJson("/api/v1/cases/" + reference).getJsonArray("submissions")).hasSize(2);
    }

    @Test
    void aForgedProofIsRefusedAndNothingIsStored() {
        String reference = newCase("13933334444");
        String proof = proof(reference, "4444");
        String forged = proof.substring(0, proof.length() - 2) + (proof.endsWith("AA") ? "BB" : "AA");
        long submissions = TestDatabase.queryLong(db, "SELECT count(*) FROM submission");

        HttpResponse<String> response = add(forged, "我要加到别人的案件里");

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.body()).contains("请重新查询");
        assertThat(TestDatabase.queryLong(db, "SELECT count(*) FROM submission")).isEqualTo(submissions);
    }

    @Test
    void anEmptyAdditionIsAskedForAgainWithTheProofKept() {
        String proof = proof(newCase("13944445555"), "5555");

        HttpResponse<String> response = add(proof, "   ");

        assertThat(response.statusCode()).isEqualTo(422);
        assertThat(response.body()).contains("请填写补充说明，或选择要上传的文件。");
        assertThat(PROOF.matcher(response.body()).find()).isTrue();
    }

    @Test
    void aFinishedCaseTakesNoAdditions() {
        String reference = newCase("13955556666");
        assertThat(act(reference, "acknowledge", new JsonObject()).statusCode()).isEqualTo(200);
        assertThat(act(reference, "resolve", new JsonObject().put("result", "已退还多收的停车费。")).statusCode())
                .isEqualTo(200);

        assertThat(statusPage(reference, "6666")).doesNotContain("补充情况或材料").contains("已办结");
    }

    private static HttpResponse<String> act(String reference, String action, JsonObject parameters) {
        return http.send(http.request("/api/v1/cases/" + reference + "/" + action)
                .header("Authorization", "Bearer " + TestGateway.DESK_TOKEN)
                .header("Content-Type", "application/json")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(parameters.encode())).build());
    }

    private static String newCase(String phone) {
        return new JsonObject(http.postJson("/api/v1/complaints", new JsonObject()
                .put("description", "物业多收停车管理费，没有公示，要求退还。")
                .put("complainant", new JsonObject().put("phone", phone))
                .put("respondent", new JsonObject().put("organisation", "蓝天物业")).encode()).body())
                .getString("reference");
    }

    private static String statusPage(String reference, String contact) {
        HttpResponse<String> page = http.postBytes("/status?lang=zh-CN", "application/x-www-form-urlencoded",
                ("reference=" + reference + "&contact=" + contact).getBytes(StandardCharsets.UTF_8));
        assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
        return page.body();
    }

    private static String proof(String reference, String contact) {
        Matcher m = PROOF.matcher(statusPage(reference, contact));
        assertThat(m.find()).isTrue();
        return m.group(1);
    }

    private static HttpResponse<String> add(String proof, String text) {
        return http.postBytes(StatusAdditions.PATH + "?lang=zh-CN", "application/x-www-form-urlencoded",
                ("proof=" + URLEncoder.encode(proof, StandardCharsets.UTF_8) + "&text="
                        + URLEncoder.encode(text, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8));
    }
}
