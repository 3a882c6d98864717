package dev.shouli.feature.routing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shouli.Gateway;
import dev.shouli.core.db.DatabaseEndpoint;
import dev.shouli.support.Http;
import dev.shouli.support.TestDatabase;
import dev.shouli.support.TestGateway;
import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two gateway instances on one database route and assign at once: every case is assigned exactly once, no member
 * gets two in a row while another is on duty, absent members are skipped, and fewest-open picks the lightest load.
 */
class RoundRobinTest {

    private static DatabaseEndpoint db;
    private static Gateway first;
    private static Gateway second;

    @BeforeAll
    static void start() {
        db = TestDatabase.freshDatabase();
        var file = RoutingFixture.file("""
                routing:
                  units:
                    - {code: desk, names: {zh-CN: 受理组}, policy: round_robin, calendar: always}
                    - {code: parcels, names: {zh-CN: 快递组}, policy: fewest_open, calendar: always}
                    - {code: holding, names: {zh-CN: 暂存}, policy: none, calendar: always}
                  rules:
                    - {name: parcels, when: {keywords: [快递]}, unit: parcels}
                    - {name: held, when: {keywords: [暂存]}, unit: holding}
                    - {name: everything-else, unit: desk}
                """);
        first = TestGateway.start(db, TestGateway.config(file, RoutingFixture.env()), Clock.systemUTC());
        second = TestGateway.start(db, TestGateway.config(file, RoutingFixture.env()), Clock.systemUTC());
        sql("INSERT INTO desk_user (username, display_name, role, password_hash, created_at, updated_at) "
                + "SELECT u, u, 'agent', 'x', now(), now() FROM unnest(array['ana','bo','chen','dan','eve']) AS u");
        sql("INSERT INTO routing_member (unit, username, position, added_at, added_by) VALUES "
                + "('desk','ana',1,now(),'t'), ('desk','bo',2,now(),'t'), ('desk','chen',3,now(),'t'), "
                + "('parcels','dan',1,now(),'t'), ('parcels','eve',2,now(),'t')");
    }

    @AfterAll
    static void stop() {
        TestGateway.stop(first);
        TestGateway.stop(second);
    }

    @Test
    void twoInstancesAssignEveryCaseExactlyOnceInTurn() throws Exception {
        List<String> references = postConcurrently(60, "路灯不亮");

        List<JsonObject> cases = RoutingFixture.routedAll(new Http(first.port()), references, true);

        for (JsonObject c : cases) {
            assertThat(c.getJsonObject("routing").getString("assignee")).isEqualTo(c.getString("assignee"));
            long events = c.getJsonArray("history").stream()
                    .filter(e -> "routed".equals(((JsonObject) e).getString("kind"))).count();
            assertThat(events).as("routing events of %s", c.getString("reference")).isEqualTo(1);
        }
        List<String> order = assignmentOrder("desk");
        for (int i = 1; i < order.size(); i++) {
            assertThat(order.get(i)).as("assignment %d after %s", i, order.get(i - 1)).isNotEqualTo(order.get(i - 1));
        }
        Map<String, Long> perMember = cases.stream().map(c -> c.getString("assignee"))
                .collect(Collectors.groupingBy(s -> s, Collectors.counting()));
        assertThat(perMember).containsExactlyInAnyOrderEntriesOf(Map.of("ana", 20L, "bo", 20L, "chen", 20L));
    }

    @Test
    void anAbsentMemberIsSkipped() throws Exception {
        sql("UPDATE routing_member SET absent = true WHERE unit = 'desk' AND username = 'bo'");
        try {
            List<String> references = postConcurrently(10, "井盖缺失");
            List<JsonObject> cases = RoutingFixture.routedAll(new Http(second.port()), references, true);

            assertThat(cases).extracting(c -> c.getString("assignee")).doesNotContain("bo")
                    .containsOnly("ana", "chen");
        } finally {
            sql("UPDATE routing_member SET absent = false WHERE unit = 'desk' AND username = 'bo'");
        }
    }

    @Test
    void fewestOpenPicksTheMemberWithTheLightestLoad() {
        Http http = new Http(first.port());
        for (int i = 0; i < 2; i++) {
            String held = RoutingFixture.complaint(http, "暂存件", "暂存的案件 " + i, null);
            RoutingFixture.routed(http, held, false);
            assertThat(RoutingFixture.post(http, "/api/v1/cases/" + held + "/assign",
                    new JsonObject().put("assignee", "dan").encode(), TestGateway.DESK_TOKEN).statusCode()).isEqualTo(200);
        }

        String a = RoutingFixture.complaint(http, "快递丢件", "快递显示签收但没收到。", null);
        String b = RoutingFixture.complaint(http, "快递延误", "快递一周还没到。", null);

        assertThat(RoutingFixture.routedAll(http, List.of(a, b), true)).extracting(c -> c.getString("assignee"))
                .containsExactly("eve", "eve");
    }

    /** Cases posted from several threads, alternately to the two instances. */
    private static List<String> postConcurrently(int n, String subject) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<String>> posted = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                Http http = new Http((i % 2 == 0 ? first : second).port());
                int k = i;
                posted.add(pool.submit(() -> RoutingFixture.complaint(http, subject, subject + "，第 " + k + " 处", null)));
            }
            List<String> references = new ArrayList<>();
            for (Future<String> f : posted) {
                references.add(f.get());
            }
            return Collections.unmodifiableList(references);
        } finally {
            pool.shutdown();
        }
    }

    /** The members of a unit in the order routing assigned them (its events' order: one router at a time). */
    private static List<String> assignmentOrder(String unit) {
        List<String> out = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT detail ->> 'assignee' FROM case_event WHERE kind = 'routed' "
                     + "AND detail ->> 'unit' = '" + unit + "' AND detail ->> 'assignee' IS NOT NULL ORDER BY id")) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return out;
    }

    private static void sql(String statement) {
        TestDatabase.execute(db, statement);
    }
}
