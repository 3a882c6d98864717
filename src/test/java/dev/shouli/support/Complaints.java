package dev.shouli.support;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** Realistic complaint bodies for the JSON API. */
public final class Complaints {

    private Complaints() {
    }

    /** A consumer complaint in simplified Chinese, as an integrator would send it. */
    public static JsonObject airConditioner() {
        return new JsonObject()
                .put("kind", "complaint")
                .put("subject", "新买的空调三天就坏了")
                .put("description", "11月20日我在华润万家深圳南山分店购买了一台格力空调，安装后第三天就不制冷，"
                        + "联系门店多次无人处理，售后一直推诿。")
                .put("occurredAt", "2026-11-20T15:30:00+08:00")
                .put("complainant", new JsonObject()
                        .put("name", "张伟")
                        .put("phone", "138 0013 8000")
                        .put("email", "ZhangWei@Example.COM"))
                .put("respondent", new JsonObject()
                        .put("organisation", "华润万家")
                        .put("branch", "深圳南山分店")
                        .put("address", "深圳市南山区南海大道3000号"))
                .put("demand", new JsonObject()
                        .put("text", "要求退货并退款2999元")
                        .put("types", new JsonArray().add("return").add("refund"))
                        .put("amount", "2999.00"))
                .put("product", new JsonObject()
                        .put("brand", "格力")
                        .put("model", "KFR-35GW")
                        .put("quantity", 1)
                        .put("price", "2999.00")
                        .put("orderNumber", "DD20261120001"));
    }

    /** A short complaint in traditional Chinese. */
    public static JsonObject traditional() {
        return new JsonObject()
                .put("description", "這家店賣給我的手機是翻新機，要求退款並道歉。")
                .put("complainant", new JsonObject().put("phone", "+852 9123 4567"))
                .put("respondent", new JsonObject().put("organisation", "旺角電訊行"));
    }
}
