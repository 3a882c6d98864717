package dev.shouli.feature.desk;

import dev.shouli.Gateway;
import dev.shouli.core.db.DatabaseEndpoint;
import dev.shouli.core.domain.CaseReference;
import dev.shouli.support.Http;
import dev.shouli.support.TestDatabase;
import dev.shouli.support.TestGateway;
import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.IntFunction;

/**
 * Search that finds people at scale: 100,000 stored cases (the default), as varied as real ones — every complainant a
 * different person with their own phone and address, 2,000 traders, texts in simplified and traditional script,
 * order numbers — then the desk API's {@code GET /api/v1/cases?q=…} asked, as a desk agent would, for a phone whole
 * and in national form, a four-digit fragment, an address, a reference, an order number and a trader in the other
 * script; p50, p95, p99 and max of the answer time over 200 searches of each kind, one at a time (a person waits for
 * each answer). The gateway runs its default configuration.
 * {@code mvn -q test-compile exec:java -Dexec.classpathScope=test -Dmain.class=dev.shouli.feature.desk.SearchBenchmark
 * [-Dexec.args=100000]}
 */
public final class SearchBenchmark {

    private static final int SEARCHES = 200;
    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    private static final String[] TRADERS = {"乐动力健身", "樂動力健身", "华润万家", "美好家电", "旺角電訊行", "顺丰速运", "星辰教育",
            "家乐福", "蓝天物业", "红星美凯龙", "优品手机", "金色年华美容"};
    private static final String[] MATTERS = {"预付卡无法退款", "商品质量问题要求退货", "快递延误三天未送达", "物业费乱收费",
            "培训机构跑路", "手机是翻新机", "空调安装后不制冷", "電飯煲漏電商家不肯退貨", "會員卡餘額被清零", "售后服务态度恶劣"};

    private SearchBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int size = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        DatabaseEndpoint db = TestDatabase.freshDatabase();
        // The default configuration: dedup on, as users run it.
        Gateway gateway = TestGateway.start(db, Map.of("SHOULI_DEDUP_ENABLED", "true"), Clock.systemUTC());
        try {
            long t0 = System.nanoTime();
            List<Stored> stored = load(db, size);
            System.out.printf("loaded %,d cases in %.0f s%n", size, (System.nanoTime() - t0) / 1e9);
            TestDatabase.execute(db, "ANALYZE complaint_case");
            Http http = new Http(gateway.port());
            Random random = new Random(7);
            System.out.println("| search | p50 (ms) | p95 (ms) | p99 (ms) | max (ms) | found its case |");
            System.out.println("|---|---:|---:|---:|---:|---:|");
            measure(http, "phone, whole (E.164)", i -> stored.get(random.nextInt(stored.size())).phoneE164(), stored);
            measure(http, "phone, national form with spaces", i -> national(stored.get(random.nextInt(stored.size()))),
                    stored);
            measure(http, "phone, 4-digit fragment", i -> {
                String p = stored.get(random.nextInt(stored.size())).phoneE164();
                return p.substring(p.length() - 4);
            }, stored);
            measure(http, "e-mail, whole", i -> stored.get(random.nextInt(stored.size())).email(), stored);
            measure(http, "reference", i -> stored.get(random.nextInt(stored.size())).reference(), stored);
            measure(http, "order number", i -> stored.get(random.nextInt(stored.size())).orderNumber(), stored);
            measure(http, "trader, other script (乐动力 ↔ 樂動力)", i -> i % 2 == 0 ? "乐动力" : "樂動力", stored);
        } finally {
            TestGateway.stop(gateway);
        }
    }

    private record Stored(String reference, String phoneE164, String email, String orderNumber) {
    }

    private static String national(Stored s) {
        String n = s.phoneE164().substring(3);
        return n.substring(0, 3) + " " + n.substring(3, 7) + " " + n.substring(7);
    }

    private static void measure(Http http, String label, IntFunction<String> query, List<Stored> stored) {
        List<Double> millis = new ArrayList<>();
        int hits = 0;
        for (int i = 0; i < SEARCHES + 20; i++) {
            String q = query.apply(i);
            long t = System.nanoTime();
            HttpResponse<String> r = http.desk("/api/v1/cases?limit=20&q=" + URLEncoder.encode(q, StandardCharsets.UTF_8));
            double ms = (System.nanoTime() - t) / 1e6;
            if (r.statusCode() != 200) {
                throw new IllegalStateException(label + ": " + r.statusCode() + " " + r.body());
            }
            if (i >= 20) {
                millis.add(ms);
                hits += new JsonObject(r.body()).getJsonArray("items").isEmpty() ? 0 : 1;
            }
        }
        double[] sorted = millis.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        System.out.printf("| %s | %.1f | %.1f | %.1f | %.1f | %d of %d |%n", label, at(sorted, 0.5), at(sorted, 0.95),
                at(sorted, 0.99), sorted[sorted.length - 1], hits, SEARCHES);
    }

    private static double at(double[] sorted, double q) {
        return sorted[Math.min(sorted.length - 1, (int) Math.floor(q * sorted.length))];
    }

    /** Cases over the last two years, 150 a day, inserted in batches of 1,000; the search index is kept up to date. */
    private static List<Stored> load(DatabaseEndpoint db, int size) throws Exception {
        Random random = new Random(42);
        List<Stored> stored = new ArrayList<>(size);
        Instant start = Instant.now().minusSeconds(2L * 365 * 86_400);
        try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password())) {
            c.setAutoCommit(false);
            long first = TestDatabase.queryLong(db, "SELECT nextval('case_number_seq')");
            try (PreparedStatement insert = c.prepareStatement("""
                    INSERT INTO complaint_case (id, reference, kind, channel, received_at, subject, description, language,
                                                urgency, complainant_phone, complainant_email, respondent_name,
                                                complainant, respondent, demand, product, location)
                    VALUES (?, ?, 'complaint', 'api', ?, ?, ?, 'zh-Hans', 'normal', ?, ?, ?, ?::jsonb, ?::jsonb,
                            '{}'::jsonb, ?::jsonb, '{}'::jsonb)""")) {
                for (int i = 0; i < size; i++) {
                    long id = first + i;
                    Instant at = start.plusSeconds((long) i * 576);
                    String reference = new CaseReference("TS", LocalDate.ofInstant(at, SHANGHAI), id).toString();
                    String phone = "+861" + (3 + random.nextInt(7)) + String.format("%09d", random.nextInt(1_000_000_000));
                    String email = "user" + i + "." + Integer.toString(random.nextInt(1 << 20), 36) + "@example"
                            + random.nextInt(50) + ".cn";
                    String order = "DD" + (20240000000L + random.nextInt(1_000_000_000));
                    String trader = TRADERS[random.nextInt(TRADERS.length)] + (i % 2000);
                    String matter = MATTERS[random.nextInt(MATTERS.length)];
                    insert.setLong(1, id);
                    insert.setString(2, reference);
                    insert.setTimestamp(3, Timestamp.from(at));
                    insert.setString(4, trader + matter);
                    insert.setString(5, "我在" + trader + "遇到的问题：" + matter + "，金额" + (100 + random.nextInt(5000))
                            + "元，多次联系无果，要求尽快处理。订单号" + order + "。");
                    insert.setString(6, phone);
                    insert.setString(7, email);
                    insert.setString(8, trader);
                    insert.setString(9, new JsonObject().put("name", "投诉人" + i).put("phone", phone).put("email", email)
                            .encode());
                    insert.setString(10, new JsonObject().put("organisation", trader).encode());
                    insert.setString(11, new JsonObject().put("orderNumber", order).encode());
                    insert.addBatch();
                    stored.add(new Stored(reference, phone, email, order));
                    if (i % 1000 == 999 || i == size - 1) {
                        insert.executeBatch();
                        c.commit();
                    }
                }
            }
            try (var s = c.createStatement()) {
                s.execute("SELECT setval('case_number_seq', " + (first + size) + ")");
            }
            c.commit();
        }
        return stored;
    }
}
