package dev.shouli.bench;

import dev.shouli.core.db.DatabaseEndpoint;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks a load run against the database (bench/run.sh calls it after each run): every 2xx answer's case is
 * stored, nothing was stored that was not asked for, no person's complaint went into another person's case,
 * and — once the incident linker has caught up — how the cases of each trader and story were linked.
 *
 * <pre>LoadDriver verify --db postgresql://… --answers DIR/TAG.answers.tsv [--unique-people true]
 *     [--original DIR/TAG0.answers.tsv]</pre>
 * With {@code --original} (a redelivery storm) every 2xx answer must name the reference the first answer to
 * its key named.
 */
final class Verify {

    /** @param story the story the request told (answers files of older runs have none: empty) */
    private record Answer(String key, int status, String outcome, String reference, String respondent,
                          String story) {
    }

    private Verify() {
    }

    static void main(Map<String, String> args) throws Exception {
        DatabaseEndpoint db = DatabaseEndpoint.fromUrl(LoadDriver.required(args, "db"));
        List<Answer> answers = read(Path.of(LoadDriver.required(args, "answers")));
        boolean uniquePeople = Boolean.parseBoolean(args.getOrDefault("unique-people", "true"));
        try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password())) {
            Set<String> keys = new HashSet<>();
            Set<String> references = new HashSet<>();
            long ok = 0;
            long crossPerson = 0;
            for (Answer a : answers) {
                keys.add(a.key());
                if (a.status() >= 200 && a.status() < 300) {
                    ok++;
                    references.add(a.reference());
                    if (uniquePeople && ("merged".equals(a.outcome()) || "appended".equals(a.outcome()))) {
                        crossPerson++;
                    }
                }
            }
            long storedCases = count(c, "SELECT count(*) FROM complaint_case WHERE reference = ANY(?)", references);
            long storedSubmissions = count(c,
                    "SELECT count(*) FROM submission WHERE channel = 'api' AND external_id = ANY(?)", keys);
            out("answers", answers.size());
            out("answers_2xx", ok);
            out("distinct_keys", keys.size());
            out("distinct_references_2xx", references.size());
            out("references_2xx_not_stored", references.size() - storedCases);
            out("submissions_stored_for_keys", storedSubmissions);
            out("merged_into_another_persons_case", crossPerson);
            if (args.containsKey("original")) {
                Map<String, String> first = new HashMap<>();
                for (Answer a : read(Path.of(args.get("original")))) {
                    if (a.status() >= 200 && a.status() < 300) {
                        first.put(a.key(), a.reference());
                    }
                }
                long differing = answers.stream().filter(a -> a.status() >= 200 && a.status() < 300)
                        .filter(a -> first.containsKey(a.key()) && !first.get(a.key()).equals(a.reference())).count();
                long replayed = answers.stream().filter(a -> first.containsKey(a.key())).count();
                out("redeliveries_of_answered_keys", replayed);
                out("redeliveries_answered_another_reference", differing);
            }

            long waited = awaitLinker(c);
            out("incident_linker_catch_up_ms", waited);
            incidents(c, answers);
        }
    }

    /** Waits (at most 5 minutes) until the incident queue is empty; answers how long that took. */
    private static long awaitLinker(Connection c) throws SQLException, InterruptedException {
        long start = System.nanoTime();
        long deadline = start + 300_000_000_000L;
        while (scalar(c, "SELECT count(*) FROM incident_queue") > 0 && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        out("incident_queue_left", scalar(c, "SELECT count(*) FROM incident_queue"));
        return (System.nanoTime() - start) / 1_000_000;
    }

    /**
     * Per trader and story (one problem: what an incident should gather): the created cases of this run, and the
     * incidents they are in. A trader's story is "whole" when all its cases are in one incident. An incident
     * "mixes traders" when it holds cases about two traders.
     */
    private static void incidents(Connection c, List<Answer> answers) throws SQLException {
        Map<String, Set<String>> casesOf = new HashMap<>();
        Map<String, String> respondentOf = new HashMap<>();
        for (Answer a : answers) {
            if ("created".equals(a.outcome())) {
                casesOf.computeIfAbsent(a.respondent() + " / " + a.story(), k -> new HashSet<>()).add(a.reference());
                respondentOf.put(a.reference(), a.respondent());
            }
        }
        Map<String, Long> incidentOf = new HashMap<>();
        Map<Long, Set<String>> respondentsOf = new HashMap<>();
        Set<String> all = new HashSet<>();
        casesOf.values().forEach(all::addAll);
        try (PreparedStatement s = c.prepareStatement("""
                SELECT cc.reference, m.incident_id FROM complaint_case cc JOIN incident_member m ON m.case_id = cc.id
                 WHERE cc.reference = ANY(?)""")) {
            s.setArray(1, c.createArrayOf("text", all.toArray()));
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    incidentOf.put(rs.getString(1), rs.getLong(2));
                }
            }
        }
        respondentOf.forEach((reference, respondent) -> {
            Long i = incidentOf.get(reference);
            if (i != null) {
                respondentsOf.computeIfAbsent(i, k -> new HashSet<>()).add(respondent);
            }
        });
        long tradersWithSeveral = 0;
        long whole = 0;
        long linkedCases = 0;
        List<String> split = new ArrayList<>();
        for (Map.Entry<String, Set<String>> e : casesOf.entrySet()) {
            Set<Long> ids = new HashSet<>();
            for (String r : e.getValue()) {
                Long i = incidentOf.get(r);
                if (i != null) {
                    linkedCases++;
                }
                ids.add(i);
            }
            if (e.getValue().size() < 2) {
                continue;
            }
            tradersWithSeveral++;
            if (ids.size() == 1 && !ids.contains(null)) {
                whole++;
            } else if (split.size() < 10) {
                split.add(e.getKey() + ": " + e.getValue().size() + " cases in " + ids.size() + " incidents"
                        + (ids.contains(null) ? " (some in none)" : ""));
            }
        }
        long mixed = respondentsOf.values().stream().filter(s -> s.size() > 1).count();
        out("cases_created", all.size());
        out("cases_in_an_incident", linkedCases);
        out("incidents_touched", respondentsOf.size());
        out("trader_stories_with_several_cases", tradersWithSeveral);
        out("trader_stories_all_in_one_incident", whole);
        out("incidents_mixing_traders", mixed);
        split.forEach(s -> System.out.println("BENCH_NOTE split " + s));
    }

    private static long count(Connection c, String sql, Set<String> values) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            s.setArray(1, c.createArrayOf("text", values.toArray()));
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static long scalar(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static List<Answer> read(Path file) throws IOException {
        List<Answer> out = new ArrayList<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            String[] f = line.split("\t", -1);
            if (f.length >= 6) {
                out.add(new Answer(f[1], Integer.parseInt(f[2]), f[3], f[4], f[5], f.length > 6 ? f[6] : ""));
            }
        }
        return out;
    }

    private static void out(String key, Object value) {
        System.out.println("BENCH " + key + "=" + value);
    }
}
