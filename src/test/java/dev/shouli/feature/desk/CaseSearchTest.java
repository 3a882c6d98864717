package dev.shouli.feature.desk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shouli.Gateway;
import dev.shouli.support.Http;
import dev.shouli.support.TestDatabase;
import dev.shouli.support.TestGateway;
import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /api/v1/cases?q=…}: search that finds people, as a desk agent types it — a phone whole, in national form
 * or a fragment, an address, a reference, an order number, a trader in the other script.
 */
class CaseSearchTest {

    private static Gateway gateway;
    private static Http http;
    private static String gym;
    private static String shop;
    private static String confidential;

    @BeforeAll
    static void start() {
        gateway = TestGateway.start(TestDatabase.freshDatabase(), Map.of(), Clock.systemUTC());
        http = new Http(gateway.port());
        gym = submit(new JsonObject()
                .put("subject", "樂動力健身房倒閉，預付卡無法退款")
                .put("description", "我在樂動力健身民治店辦了年卡，3980元，現在門店突然關門，電話也打不通。")
                .put("complainant", new JsonObject().put("name", "陳美玲").put("phone", "+86 139 2233 4455")
                        .put("email", "meiling.chen@example.hk"))
                .put("respondent", new JsonObject().put("organisation", "樂動力健身")));
        shop = submit(new JsonObject()
                .put("subject", "网购的电饭煲漏电")
                .put("description", "订单号JD88776655443，收到的电饭煲一插电就跳闸，商家不肯退货。")
                .put("complainant", new JsonObject().put("name", "刘强").put("phone", "0755-8831 2468")
                        .put("email", "liuqiang@example.cn"))
                .put("respondent", new JsonObject().put("organisation", "美好家电旗舰店"))
                .put("product", new JsonObject().put("orderNumber", "JD88776655443")));
        confidential = submit(new JsonObject()
                .put("description", "小区门口的烧烤摊每晚油烟扰民，希望有关部门处理。")
                .put("complainant", new JsonObject().put("name", "王秀英").put("phone", "13612345678")
                        .put("confidential", true))
                .put("respondent", new JsonObject().put("organisation", "夜宵烧烤摊")));
    }

    @AfterAll
    static void stop() {
        TestGateway.stop(gateway);
    }

    @Test
    void aWholePhoneAsPeopleSayItFindsTheCase() {
        assertThat(found("139 2233 4455")).containsExactly(gym);
        assertThat(found("+8613922334455")).containsExactly(gym);
    }

    @Test
    void aLandlineInNationalFormWithItsLeadingZeroFindsTheCase() {
        assertThat(found("0755-88312468")).containsExactly(shop);
    }

    @Test
    void anyFragmentOfFourDigitsFindsTheCase() {
        assertThat(found("4455")).containsExactly(gym);
        assertThat(found("2233 44")).containsExactly(gym);
    }

    @Test
    void anAddressWholeOrInPartFindsTheCase() {
        assertThat(found("liuqiang@example.cn")).containsExactly(shop);
        assertThat(found("MEILING.CHEN")).containsExactly(gym);
    }

    @Test
    void aReferenceFindsExactlyItsCaseWhateverItsCaseAndWidth() {
        assertThat(found(shop)).containsExactly(shop);
        assertThat(found(shop.toLowerCase())).containsExactly(shop);
    }

    @Test
    void anOrderNumberFindsTheCase() {
        assertThat(found("JD88776655443")).containsExactly(shop);
    }

    @Test
    void simplifiedFindsTraditionalAndTheOtherWayRound() {
        assertThat(found("乐动力")).containsExactly(gym);
        assertThat(found("電飯煲")).containsExactly(shop);
    }

    @Test
    void aConfidentialComplainantIsNotFoundByNameOrPhoneButTheMatterIs() {
        assertThat(found("王秀英")).isEmpty();
        assertThat(found("13612345678")).isEmpty();
        assertThat(found("油烟扰民")).containsExactly(confidential);
    }

    @Test
    void aSearchTooLongIsA400SayingTheLimit() {
        HttpResponse<String> response = http.desk("/api/v1/cases?q=" + "投".repeat(201));

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("200 characters");
    }

    private static List<String> found(String q) {
        HttpResponse<String> response = http.desk("/api/v1/cases?q=" + URLEncoder.encode(q, StandardCharsets.UTF_8));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return new JsonObject(response.body()).getJsonArray("items").stream()
                .map(item -> ((JsonObject) item).getString("reference")).toList();
    }

    private static String submit(JsonObject complaint) {
        HttpResponse<String> response = http.postJson("/api/v1/complaints", complaint.encode());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return new JsonObject(response.body()).getString("reference");
    }
}
