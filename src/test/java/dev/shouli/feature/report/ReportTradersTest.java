package dev.shouli.feature.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shouli.Gateway;
import dev.shouli.support.Http;
import dev.shouli.support.TestDatabase;
import dev.shouli.support.TestGateway;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** By respondent, a trader and its branches are one row (counting them all) with the branches under it. */
class ReportTradersTest {

    private static Gateway gateway;
    private static Http http;

    @BeforeAll
    static void start() {
        gateway = TestGateway.start(TestDatabase.freshDatabase());
        http = new Http(gateway.port());
        List<String> organisations = List.of("乐动力健身", "乐动力健身", "乐动力健身", "乐动力健身民治店", "乐动力健身民治店",
                "万科物业");
        for (int i = 0; i < organisations.size(); i++) {
            String organisation = organisations.get(i);
            http.postJson("/api/v1/complaints", new JsonObject().put("description", "预付年卡无法退款，要求退还剩余费用。")
                    .put("complainant", new JsonObject().put("phone", "139000000" + String.format("%02d", i)))
                    .put("respondent", new JsonObject().put("organisation", organisation)).encode(),
                    "Idempotency-Key", UUID.randomUUID().toString());
        }
    }

    @AfterAll
    static void stop() {
        TestGateway.stop(gateway);
    }

    @Test
    void aTraderIsOneRowWithItsBranchesUnderIt() {
        LocalDate today = LocalDate.now(ZoneId.of("Asia/Shanghai"));
        JsonArray rows = http.deskJson("/api/v1/reports/cases?period=month&by=respondent&from=" + today + "&to=" + today)
                .getJsonArray("rows");

        List<JsonObject> all = rows.stream().map(JsonObject.class::cast).toList();
        JsonObject trader = all.stream().filter(r -> r.getString("parent") == null
                && r.getString("groupLabel").equals("乐动力健身")).findFirst().orElseThrow();
        assertThat(trader.getLong("received")).isEqualTo(5);
        List<JsonObject> branches = all.stream().filter(r -> trader.getString("group").equals(r.getString("parent")))
                .toList();
        assertThat(branches).extracting(r -> r.getString("groupLabel"))
                .containsExactlyInAnyOrder("└ 乐动力健身", "└ 乐动力健身民治店");
        assertThat(branches).extracting(r -> r.getLong("received")).containsExactlyInAnyOrder(3L, 2L);
        assertThat(all.indexOf(branches.get(0))).isGreaterThan(all.indexOf(trader));
        assertThat(all).filteredOn(r -> r.getString("parent") == null).extracting(r -> r.getString("groupLabel"))
                .containsExactlyInAnyOrder("乐动力健身", "万科物业");
    }
}
