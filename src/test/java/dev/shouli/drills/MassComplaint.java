package dev.shouli.drills;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shouli.support.Http;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;

/**
 * A mass complaint made as people make one: many people, each with a contact of their own or none, complain about
 * one supermarket's expired milk through the JSON API, a few clients at a time; the incident linker makes one
 * incident of them. Each person's case and contacts are kept for the drill's checks.
 */
final class MassComplaint {

    static final String TRADER = "佳惠超市";

    /** One complainant: their case, their e-mail address and mobile (either may be null). */
    record Member(String reference, String email, String phone) {

        boolean byMail() {
            return email != null;
        }

        /** Only mail goes to a member who gave both (the API's channel: e-mail first, see ReplyRoute). */
        boolean bySms() {
            return email == null && phone != null;
        }

        boolean reachable() {
            return email != null || phone != null;
        }
    }

    private MassComplaint() {
    }

    /** {@code n} complaints, {@code clients} at a time; each a person of their own. */
    static List<Member> intake(Http http, int n, int clients) throws Exception {
        String run = Long.toString(System.nanoTime() % 1_000_000_000L, 36);
        ExecutorService senders = Executors.newFixedThreadPool(clients);
        try {
            List<Future<Member>> made = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int k = i;
                made.add(senders.submit(() -> complain(http, run, k)));
            }
            List<Member> out = new ArrayList<>();
            for (Future<Member> f : made) {
                out.add(f.get());
            }
            return out;
        } finally {
            senders.shutdown();
        }
    }

    /** One in twenty gives no contact, one in five a mobile only, one in five both, the rest an e-mail address. */
    private static Member complain(Http http, String run, int i) {
        boolean none = i % 20 == 0;
        String email = none || i % 5 == 1 ? null : "p" + i + "." + run + "@example.cn";
        String phone = none || i % 5 != 1 && i % 5 != 2 ? null : String.format("+86139%08d", i);
        JsonObject complainant = new JsonObject().put("name", "顾客" + i);
        if (email != null) {
            complainant.put("email", email);
        }
        if (phone != null) {
            complainant.put("phone", phone);
        }
        JsonObject complaint = new JsonObject()
                .put("subject", TRADER + "卖过期牛奶")
                .put("description", TRADER + "人民路店卖的鲜牛奶过期了三天还在货架上，喝了肚子疼。我是第" + i
                        + "位反映的顾客，小票号 XP" + (100_000 + i) + "。")
                .put("complainant", complainant)
                .put("respondent", new JsonObject().put("organisation", TRADER))
                .put("demand", new JsonObject().put("text", "要求退款并下架过期商品"));
        HttpResponse<String> r = http.postJson("/api/v1/complaints", complaint.encode(), "Idempotency-Key",
                "incident-" + run + "-" + i);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return new Member(new JsonObject(r.body()).getString("reference"), email, phone);
    }

    /** The one incident the linker made of them all, as the desk API lists it (call once linking caught up). */
    static long theIncident(Http http, List<Member> members) {
        JsonArray incidents = http.deskJson("/api/v1/incidents").getJsonArray("items");
        assertThat(incidents).as("one incident of them all").hasSize(1);
        long id = incidents.getJsonObject(0).getLong("id");
        Set<String> linked = http.deskJson("/api/v1/incidents/" + id).getJsonArray("cases").stream()
                .map(c -> ((JsonObject) c).getString("reference")).collect(Collectors.toSet());
        assertThat(linked).as("the incident's cases")
                .isEqualTo(members.stream().map(Member::reference).collect(Collectors.toSet()));
        return id;
    }
}
