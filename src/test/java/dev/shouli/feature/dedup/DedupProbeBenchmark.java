package dev.shouli.feature.dedup;

import dev.shouli.Gateway;
import dev.shouli.ShouliConfig;
import dev.shouli.core.db.DatabaseEndpoint;
import dev.shouli.core.intake.PhoneNumbers;
import dev.shouli.support.TestDatabase;
import dev.shouli.support.TestGateway;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * Dedup probe time against 10k, 100k and 1M stored cases. Synthetic cases are bulk-loaded with
 * {@code generate_series} at a constant intake rate (3,000 cases a day, so a bigger store is a longer history,
 * as in production), each with 40 shingles and 16 LSH bands. Two probes, each read-only in a transaction
 * rolled back: what one intake asks of the store before its source is answered (the identity-key look-up,
 * the person's open cases and the duplicate rules over them), and what the incident linker asks for one
 * case afterwards (the incident candidates by respondent, place and LSH bands within the window, and the
 * incident rules over them).
 * {@code mvn -q test-compile exec:java -Dexec.classpathScope=test -Dmain.class=dev.shouli.feature.dedup.DedupProbeBenchmark}
 */
public final class DedupProbeBenchmark {

    private static final int PER_DAY = 3000;
    private static final Instant EPOCH = Instant.parse("2020-01-01T00:00:00Z");
    private static final int PROBES = 300;
    /** Respondent i: two Han characters from i mod 400 (its root), then a company number. */
    private static final String BASE = "chr(19968 + (i % 400) / 20) || chr(19968 + (i % 400) % 20) || 'corp' || (i % 20000)";

    static String base(int i) {
        return "" + (char) (19968 + (i % 400) / 20) + (char) (19968 + (i % 400) % 20) + "corp" + (i % 20000);
    }

    public static void main(String[] args) throws Exception {
        int[] sizes = args.length > 0 ? java.util.Arrays.stream(args).mapToInt(Integer::parseInt).toArray()
                : new int[] {10_000, 100_000, 1_000_000};
        DatabaseEndpoint db = TestDatabase.freshDatabase();
        Map<String, String> env = Map.of("SHOULI_DEDUP_ENABLED", "true");
        Gateway gateway = TestGateway.start(db, env, Clock.systemUTC());
        ShouliConfig config = TestGateway.config(env);
        try {
            int loaded = 0;
            System.out.println("| stored cases | load (s) | before the answer p50 / p95 (ms) | incident linker p50 / p95 (ms)"
                    + " | candidates p50 |");
            System.out.println("|---:|---:|---:|---:|---:|");
            for (int size : sizes) {
                long t0 = System.nanoTime();
                load(db, loaded, size);
                loaded = size;
                double loadSeconds = (System.nanoTime() - t0) / 1e9;
                double[] r = probe(gateway, config, size);
                System.out.printf("| %,d | %.0f | %.2f / %.2f | %.2f / %.2f | %.0f |%n", size, loadSeconds, r[0], r[1],
                        r[2], r[3], r[4]);
            }
        } finally {
            TestGateway.stop(gateway);
        }
        System.exit(0);
    }

    /** Cases {@code from+1 .. to}: persons of two cases each, 20,000 respondents, 5,000 places. */
    private static void load(DatabaseEndpoint db, int from, int to) {
        String at = "timestamptz '" + EPOCH + "' + (i * interval '1 day' / " + PER_DAY + ")";
        TestDatabase.execute(db, "INSERT INTO dedup_person (id) SELECT i FROM generate_series(" + (from / 2 + 1) + ", "
                + (to / 2) + ") i ON CONFLICT DO NOTHING");
        TestDatabase.execute(db, "INSERT INTO dedup_identity (key, person_id, first_seen_at) SELECT 'phone:p' || i, i, now() "
                + "FROM generate_series(" + (from / 2 + 1) + ", " + (to / 2) + ") i ON CONFLICT DO NOTHING");
        TestDatabase.execute(db, """
                INSERT INTO complaint_case (id, reference, kind, channel, received_at, urgency, complainant, respondent,
                                            demand, description, respondent_name)
                SELECT i, 'BENCH-' || i, 'complaint', 'api', %s, 'normal', '{}', '{}', '{}', 'synthetic', %s
                  FROM generate_series(%d, %d) i""".formatted(at, BASE, from + 1, to));
        TestDatabase.execute(db, """
                INSERT INTO dedup_case (case_id, person_id, received_at, respondent_base, respondent_branch, place_key,
                                        order_number, text_chars, shingles, respondent_root, bands)
                SELECT i, (i + 1) / 2, %s, %s, '', CASE WHEN i %% 3 = 0 THEN 'place' || (i %% 5000) END,
                       NULL, 80, ARRAY(SELECT (random() * 4294967295 - 2147483648)::int + i * 0 FROM generate_series(1, 40)),
                       -- 20,000 respondents under 400 roots: a root holds many companies, as 中国… does
                       left(%s, 2),
                       ARRAY(SELECT (random() * 9.2e18)::bigint * (CASE WHEN random() < 0.5 THEN -1 ELSE 1 END) + i * 0
                               FROM generate_series(1, 16))
                  FROM generate_series(%d, %d) i""".formatted(at, BASE, BASE, from + 1, to));
        TestDatabase.execute(db, """
                INSERT INTO dedup_place (place_key, case_id, received_at, names_respondent)
                SELECT 'place' || (i %% 5000), i, %s, true FROM generate_series(%d, %d) i WHERE i %% 3 = 0""".formatted(at, from + 1, to));
        TestDatabase.execute(db, "SELECT setval('case_number_seq', " + to + ")");
        TestDatabase.execute(db, "SELECT setval('dedup_person_id_seq', " + (to / 2 + 1) + ")");
        TestDatabase.execute(db, "ANALYZE");
    }

    /** @return p50 and p95 milliseconds of one probe, and the median number of candidate cases examined */
    private static double[] probe(Gateway gateway, ShouliConfig config, int stored) throws Exception {
        PhoneNumbers phones = new PhoneNumbers("CN");
        Profiler profiler = new Profiler(new IdentityKeys(phones), new RespondentKey.Normaliser(Map.of()));
        DedupRules rules = new DedupRules(config.section(DedupConfig.class), profiler.respondents());
        PersonStore persons = new PersonStore();
        ProfileStore store = new ProfileStore();
        IncidentStore incidents = new IncidentStore();
        Random random = new Random(stored);
        Instant now = EPOCH.plus(Duration.ofMillis((long) stored * 86_400_000L / PER_DAY)).plusSeconds(60);
        List<Double> times = new ArrayList<>();
        List<Double> linkerTimes = new ArrayList<>();
        List<Integer> examined = new ArrayList<>();
        for (int n = 0; n < PROBES + 20; n++) {
            // A recent case's person and respondent, so every probe finds candidates as a real duplicate would.
            int recent = stored - random.nextInt(Math.min(stored, PER_DAY));
            long person = (recent + 1) / 2;
            String respondent = base(recent);
            String text = "在" + respondent + "买的商品有质量问题，要求退款" + random.nextInt(1000);
            CaseProfile profile = new CaseProfile("api", now, List.of("phone:p" + person),
                    new RespondentKey(respondent, ""), recent % 3 == 0 ? "place" + (recent % 5000) : null,
                    recent % 3 == 0 ? List.of("place" + (recent % 5000)) : List.of(), null,
                    TextFingerprint.of(text), text, text.length(), false, null, null, List.of());
            long t0 = System.nanoTime();
            int open = rolledBack(gateway, conn -> persons.personsOf(conn, profile.identityKeys())
                    .compose(keys -> store.openCasesOf(conn, person, now.minus(config.section(DedupConfig.class).duplicateWindow()),
                            config.section(DedupConfig.class).maxCandidates()))
                    .map(cases -> {
                        rules.join(profile, cases, profile.identityKeys());
                        return cases.size();
                    }));
            long t1 = System.nanoTime();
            int others = rolledBack(gateway, conn -> incidents.customPlans(conn)
                    .compose(v -> new IncidentCandidates(incidents, config.section(DedupConfig.class).maxCandidates())
                            .of(conn, List.of(profile), List.of(-1L),
                                    List.of(now.minus(config.section(DedupConfig.class).incidentWindow()))))
                    .compose(ids -> incidents.storedCases(conn, ids.get(0)))
                    .map(cases -> {
                        rules.incidentChoice(profile, person,
                                cases.values().stream().map(IncidentStore.Versioned::stored).toList());
                        return cases.size();
                    }));
            long t2 = System.nanoTime();
            if (n >= 20) {
                times.add((t1 - t0) / 1e6);
                linkerTimes.add((t2 - t1) / 1e6);
                examined.add(open + others);
            }
        }
        Collections.sort(times);
        Collections.sort(linkerTimes);
        Collections.sort(examined);
        return new double[] {times.get(times.size() / 2), times.get(times.size() * 95 / 100),
                linkerTimes.get(linkerTimes.size() / 2), linkerTimes.get(linkerTimes.size() * 95 / 100),
                examined.get(examined.size() / 2)};
    }

    /** Runs a read-only probe in a transaction that is rolled back, so every probe sees the same store. */
    private static int rolledBack(Gateway gateway,
                                  java.util.function.Function<io.vertx.sqlclient.SqlConnection, Future<Integer>> probe)
            throws Exception {
        return gateway.pool().withTransaction(conn -> probe.apply(conn)
                        .compose(count -> Future.<Integer>failedFuture(new Rollback(count))))
                .recover(e -> e instanceof Rollback r ? Future.succeededFuture(r.count) : Future.failedFuture(e))
                .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    private static final class Rollback extends RuntimeException {
        final int count;

        Rollback(int count) {
            super(null, null, false, false);
            this.count = count;
        }
    }
}
