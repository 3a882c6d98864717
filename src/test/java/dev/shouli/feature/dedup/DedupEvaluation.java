package dev.shouli.feature.dedup;

import dev.shouli.Gateway;
import dev.shouli.ShouliConfig;
import dev.shouli.core.domain.Complainant;
import dev.shouli.core.domain.ComplaintDraft;
import dev.shouli.core.domain.Location;
import dev.shouli.core.domain.Product;
import dev.shouli.core.domain.Respondent;
import dev.shouli.core.domain.Submission;
import dev.shouli.core.intake.IntakeMetrics;
import dev.shouli.core.intake.IntakeResult;
import dev.shouli.core.intake.IntakeService;
import dev.shouli.core.intake.IntakeStore;
import dev.shouli.core.intake.Normaliser;
import dev.shouli.core.intake.ParseWorkers;
import dev.shouli.core.intake.PhoneNumbers;
import dev.shouli.core.sla.DeadlinePolicy;
import dev.shouli.support.Incidents;
import dev.shouli.support.TestDatabase;
import dev.shouli.support.TestGateway;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * Runs the labelled set ({@code src/test/resources/dedup/labelled-submissions.jsonl}) through the real intake
 * path (normaliser, dedup matcher and hook, PostgreSQL) in time order and scores the result on pairs:
 * merge precision/recall (two submissions of one complaint end in one case) and incident precision/recall
 * (two complaints about one problem end in one incident). Prints the scores and every pair it got wrong.
 *
 * <p>Submissions that have not proven their contact (the web form; the set has no partner-less API items) are
 * never merged outright: a match becomes a possible duplicate, joined once the existing case's contact (or the
 * desk) confirms it. So merges are scored twice: as the cases stand now (nothing confirmed yet), and counting a
 * pair joined by pending possible duplicates as found ("merged or pending confirmation": what the merges become
 * if every confirmation is answered yes). Incident links likewise: a case that a pending possible duplicate would
 * join to a case in an incident counts, in "linked or pending confirmation", as in that incident.
 * {@code mvn -q test-compile exec:java -Dexec.classpathScope=test -Dmain.class=dev.shouli.feature.dedup.DedupEvaluation}
 */
public final class DedupEvaluation {

    public static final String SET = "/dedup/labelled-submissions.jsonl";
    /** One night of 311 / 12345 reports: templated words, places by coordinates (NightOfReportsGenerator). */
    public static final String NIGHT = "/dedup/labelled-night-of-reports.jsonl";
    private static final Instant START = Instant.parse("2026-06-01T01:00:00Z");

    record Item(String id, String group, String incident, long minute, String channel, String note, JsonObject body) {
    }

    public record Scored(long truePositives, long falsePositives, long falseNegatives) {
        public double precision() {
            return truePositives + falsePositives == 0 ? 1 : (double) truePositives / (truePositives + falsePositives);
        }

        public double recall() {
            return truePositives + falseNegatives == 0 ? 1 : (double) truePositives / (truePositives + falseNegatives);
        }

        @Override
        public String toString() {
            return String.format("precision %.3f, recall %.3f (tp %d, fp %d, fn %d)", precision(), recall(),
                    truePositives, falsePositives, falseNegatives);
        }
    }

    /**
     * @param mergesOrPending merges counting cases joined by pending possible duplicates as one
     * @param possibleDuplicates how many possible duplicates were recorded (all pending: nobody confirms here)
     * @param incidentsOrPending incident links counting a case as in the incident of the case it would join
     */
    public record Result(int submissions, int groups, int cases, Map<String, Integer> outcomes, Scored merges,
                         Scored mergesOrPending, int possibleDuplicates, Scored incidents, Scored incidentsOrPending,
                         List<String> mistakes) {
    }

    public static List<Item> load(String set) throws IOException {
        List<Item> items = new ArrayList<>();
        try (InputStream in = DedupEvaluation.class.getResourceAsStream(set)) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (line.isBlank()) {
                    continue;
                }
                JsonObject o = new JsonObject(line);
                items.add(new Item(o.getString("id"), o.getString("group"), o.getString("incident"),
                        o.getLong("minute"), o.getString("channel"), o.getString("note"), o.getJsonObject("body")));
            }
        }
        items.sort(Comparator.comparingLong(Item::minute));
        return items;
    }

    public static Result run() throws Exception {
        return run(SET, Map.of());
    }

    /** @param env settings to evaluate with, over the defaults (SHOULI_DEDUP_INCIDENT_RADIUS_METRES=…) */
    public static Result run(String set, Map<String, String> env) throws Exception {
        Map<String, String> all = new HashMap<>(env);
        all.put("SHOULI_DEDUP_ENABLED", "true");
        Gateway gateway = TestGateway.start(TestDatabase.freshDatabase(), all, java.time.Clock.systemUTC());
        try {
            return run(gateway, TestGateway.config(all), set);
        } finally {
            TestGateway.stop(gateway);
        }
    }

    static Result run(Gateway gateway, ShouliConfig config, String set) throws Exception {
        PhoneNumbers phones = new PhoneNumbers(config.intake().defaultRegion());
        ProfileStore store = new ProfileStore();
        Profiler profiler = new Profiler(new IdentityKeys(phones),
                new RespondentKey.Normaliser(config.section(DedupConfig.class).respondentAliases()));
        DedupRules rules = new DedupRules(config.section(DedupConfig.class), profiler.respondents());
        IntakeService intake = new IntakeService(gateway.pool(), new IntakeStore(), new Normaliser(phones),
                new DeadlinePolicy(config.sla()), config.intake(), new IntakeMetrics(new SimpleMeterRegistry()),
                new ParseWorkers(gateway.vertx(), 1, Duration.ofSeconds(5)),
                List.of(new DuplicateMatcher(config.section(DedupConfig.class), profiler, rules, new PersonStore(), store)),
                List.of(new DedupHook(config.section(DedupConfig.class), profiler, store), new PossibleDuplicateHook(
                        new PossibleDuplicateStore(), new ConfirmLinks(new byte[32], URI.create("http://localhost"),
                                Duration.ofDays(14)), java.time.Clock.systemUTC())));

        List<Item> items = load(set);
        Map<String, String> referenceOf = new HashMap<>();
        Map<String, Integer> outcomes = new TreeMap<>();
        for (Item item : items) {
            byte[] raw = item.body().encode().getBytes(StandardCharsets.UTF_8);
            Submission s = new Submission(item.channel(), "http", item.id(), START.plus(Duration.ofMinutes(item.minute())),
                    "application/json", Map.of(), raw);
            IntakeResult r = intake.submit(s, draft(item.body())).toCompletionStage().toCompletableFuture()
                    .get(30, TimeUnit.SECONDS);
            referenceOf.put(item.id(), r.reference());
            outcomes.merge(r.outcome().code(), 1, Integer::sum);
        }
        // The gateway's incident linker takes the queued cases in order, as it does for live traffic.
        Incidents.awaitLinked(gateway);
        Map<String, Long> incidentOf = new HashMap<>();
        gateway.pool().query("SELECT c.reference, m.incident_id FROM incident_member m "
                        + "JOIN complaint_case c ON c.id = m.case_id").execute()
                .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS)
                .forEach(row -> incidentOf.put(row.getString("reference"), row.getLong("incident_id")));

        // Cases a pending possible duplicate would join, as one: union of the pair's two references.
        Map<String, String> joinedTo = new HashMap<>();
        List<String[]> pending = new ArrayList<>();
        gateway.pool().query("SELECT n.reference, e.reference AS existing FROM possible_duplicate p "
                        + "JOIN complaint_case n ON n.id = p.case_id JOIN complaint_case e ON e.id = p.existing_case_id "
                        + "WHERE p.state = 'pending'").execute()
                .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS)
                .forEach(row -> pending.add(new String[] {row.getString("reference"), row.getString("existing")}));
        pending.forEach(pair -> joinedTo.put(root(joinedTo, pair[0]), root(joinedTo, pair[1])));
        Map<String, Long> incidentOfJoined = new HashMap<>();
        incidentOf.forEach((reference, incident) -> incidentOfJoined.putIfAbsent(root(joinedTo, reference), incident));

        long mTp = 0, mFp = 0, mFn = 0, pTp = 0, pFp = 0, pFn = 0, iTp = 0, iFp = 0, iFn = 0, jTp = 0, jFp = 0, jFn = 0;
        List<String> mistakes = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            for (int j = i + 1; j < items.size(); j++) {
                Item a = items.get(i);
                Item b = items.get(j);
                String ra = referenceOf.get(a.id());
                String rb = referenceOf.get(b.id());
                boolean sameGroup = a.group().equals(b.group());
                boolean sameCase = ra.equals(rb);
                boolean sameOrPending = sameCase || root(joinedTo, ra).equals(root(joinedTo, rb));
                if (sameGroup && sameOrPending) {
                    pTp++;
                } else if (sameOrPending) {
                    pFp++;
                } else if (sameGroup) {
                    pFn++;
                }
                if (sameGroup && sameCase) {
                    mTp++;
                } else if (sameCase) {
                    mFp++;
                    mistakes.add("false merge: " + a.id() + " [" + a.note() + "] + " + b.id() + " [" + b.note() + "]");
                } else if (sameGroup) {
                    mFn++;
                    mistakes.add((sameOrPending ? "missed merge, pending confirmation: " : "missed merge: ") + a.id()
                            + " [" + a.note() + "] + " + b.id() + " [" + b.note() + "]");
                }
                if (sameGroup || sameCase) {
                    continue;
                }
                boolean sameIncident = a.incident() != null && a.incident().equals(b.incident());
                Long ia = incidentOf.get(ra);
                boolean linked = ia != null && ia.equals(incidentOf.get(rb));
                if (sameIncident && linked) {
                    iTp++;
                } else if (linked) {
                    iFp++;
                    mistakes.add("false incident link: " + a.id() + " [" + a.note() + "] + " + b.id() + " [" + b.note() + "]");
                } else if (sameIncident) {
                    iFn++;
                    mistakes.add("missed incident link: " + a.id() + " + " + b.id() + " [" + a.incident() + "]");
                }
                Long ja = ia != null ? ia : incidentOfJoined.get(root(joinedTo, ra));
                Long jb = incidentOf.get(rb) != null ? incidentOf.get(rb) : incidentOfJoined.get(root(joinedTo, rb));
                boolean linkedOrPending = ja != null && ja.equals(jb);
                if (sameIncident && linkedOrPending) {
                    jTp++;
                } else if (linkedOrPending) {
                    jFp++;
                } else if (sameIncident) {
                    jFn++;
                }
            }
        }
        int groups = (int) items.stream().map(Item::group).distinct().count();
        int cases = (int) referenceOf.values().stream().distinct().count();
        return new Result(items.size(), groups, cases, outcomes, new Scored(mTp, mFp, mFn), new Scored(pTp, pFp, pFn),
                pending.size(), new Scored(iTp, iFp, iFn), new Scored(jTp, jFp, jFn), mistakes);
    }

    /** The representative of a reference among those joined by pending possible duplicates. */
    private static String root(Map<String, String> joinedTo, String reference) {
        String r = reference;
        while (joinedTo.containsKey(r) && !joinedTo.get(r).equals(r)) {
            r = joinedTo.get(r);
        }
        return r;
    }

    static ComplaintDraft draft(JsonObject b) {
        JsonObject c = b.getJsonObject("complainant", new JsonObject());
        JsonObject r = b.getJsonObject("respondent");
        JsonObject l = b.getJsonObject("location");
        JsonObject p = b.getJsonObject("product");
        return new ComplaintDraft(null, b.getString("subject"), b.getString("description"), null, null,
                new Complainant(c.getString("name"), c.getString("phone"), c.getString("email"), null,
                        c.getString("customerId"), c.getBoolean("confidential", false)),
                r == null ? null : new Respondent(r.getString("organisation"), null, null, null),
                null, b.getString("category"), null,
                p == null ? null : new Product(null, null, null, null, null, p.getString("orderNumber")),
                l == null ? null : new Location(l.getString("address"), l.getDouble("lat"), l.getDouble("long")),
                List.of());
    }

    /** Arguments: the set (default the labelled set; "night" for the night of reports), most mistakes shown. */
    public static void main(String[] args) throws Exception {
        String set = args.length > 0 ? ("night".equals(args[0]) ? NIGHT : args[0]) : SET;
        Map<String, String> env = new HashMap<>();
        System.getenv().forEach((k, v) -> {
            if (k.startsWith("SHOULI_DEDUP_")) {
                env.put(k, v);
            }
        });
        Result r = run(set, env);
        System.out.println("Dedup evaluation on " + set + (env.isEmpty() ? "" : " with " + env));
        System.out.println("  submissions " + r.submissions() + ", complaint groups " + r.groups()
                + ", cases made " + r.cases() + ", outcomes " + r.outcomes());
        System.out.println("  merges (pairs in one case):       " + r.merges());
        System.out.println("  merged or pending confirmation:   " + r.mergesOrPending() + "; possible duplicates "
                + r.possibleDuplicates());
        System.out.println("  incident links (pairs of cases):  " + r.incidents());
        System.out.println("  linked or pending confirmation:   " + r.incidentsOrPending());
        r.mistakes().stream().limit(args.length > 1 ? Integer.parseInt(args[1]) : 60)
                .forEach(m -> System.out.println("  " + m));
        System.exit(0);
    }
}
