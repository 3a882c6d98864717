package dev.shouli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every table belongs to one module (the core's tables to the core), and a module's SQL reaches another module's
 * tables only through that module's public interface: the rule of docs/architecture.md ("Modules and import
 * rules"), checked on the SQL in the main sources. Reading the core's case store (cases, submissions, history,
 * deadlines, the outbox) is every module's right; writing it is the core's, with the exceptions named below.
 * Every exception has its reason here and in docs/architecture.md.
 */
class TableOwnershipTest {

    private static final Path SOURCES = Path.of("src/main/java/dev/shouli");
    private static final Path MIGRATIONS = Path.of("src/main/resources/db/migration");

    /** Who owns each table; a table created by a migration and missing here fails the test. */
    private static final Map<String, String> OWNER = owners(Map.ofEntries(
            Map.entry("core", "attachment case_event case_event_default case_submission complaint_case submission "
                    + "outbox sla_deadline gateway_setting rate_limit_hit desk_feed_cursor outbox_pace refused_input_day"),
            Map.entry("channel/email", "email_auto_mail email_mailbox email_mailbox_gap email_message"),
            Map.entry("channel/form", "form_held_upload form_receipt"),
            Map.entry("channel/hotline", "hotline_ticket"),
            Map.entry("channel/open311", "open311_request"),
            Map.entry("channel/sms", "sms_concat_group sms_concat_part sms_opt_out sms_send"),
            Map.entry("feature/bulk", "case_batch case_batch_item"),
            Map.entry("feature/console", "desk_session desk_sign_in_failure desk_user case_note submission_rerun "
                    + "desk_case_attention desk_case_seen desk_saved_filter desk_template"),
            Map.entry("feature/dedup", "dedup_band dedup_case dedup_identity dedup_joined_submission dedup_person "
                    + "dedup_place incident incident_member incident_queue incident_standing possible_duplicate"),
            Map.entry("feature/retention", "erasure_request retention_run"),
            Map.entry("feature/routing", "routing_queue routing_case routing_dispatch routing_member routing_rotation "
                    + "routing_label routing_model routing_shadow routing_rule_set"),
            Map.entry("feature/survey", "satisfaction_answer satisfaction_survey survey_token")));

    /** Another module's table read in a module's SQL: "module table" → why. */
    private static final Map<String, String> READS = Map.of(
            "feature/report satisfaction_survey", "a report counts 回访 verdicts per period in the same query as cases",
            "feature/report dedup_case", "a report groups by the respondent key dedup derived (a trader and its "
                    + "branches as one row), in the same query as cases",
            "feature/console dedup_case", "the dashboard counts recent cases per incident in one query",
            "feature/console incident", "the dashboard and case page show incidents in the same query as cases",
            "feature/console incident_member", "as incident",
            "feature/console possible_duplicate", "the case page marks submissions a confirmed possible duplicate "
                    + "joined, in the one query that lists a case's submissions",
            "feature/console dedup_joined_submission", "as possible_duplicate: which submissions can be split off",
            "channel/form possible_duplicate", "the status page of a case merged by a confirmed possible duplicate "
                    + "shows the case it joined, found in the one query that proves the contact");

    /** A write to the core's tables from a module's SQL: "module table" → why. */
    private static final Map<String, String> CORE_WRITES = Map.ofEntries(
            Map.entry("feature/retention case_event", "retention detaches and drops old history partitions"),
            Map.entry("feature/retention case_event_default", "as case_event"),
            Map.entry("feature/retention submission", "retention blanks old verbatim bodies and deletes refused input"),
            Map.entry("feature/retention outbox", "retention deletes finished outbox items after their time"),
            Map.entry("feature/dedup case_event", "a possible duplicate is recorded on both cases in the intake's one "
                    + "statement (the intake path's round trips)"),
            Map.entry("feature/dedup outbox", "the confirmation question is queued in that same statement"),
            Map.entry("feature/dedup case_submission", "joining and splitting move a submission between cases"),
            Map.entry("feature/dedup attachment", "its evidence moves with it"),
            Map.entry("feature/dedup complaint_case", "a confirmed join marks the new case merged"),
            Map.entry("channel/hotline case_event", "a ticket's messages are recorded in the intake's statement"),
            Map.entry("channel/hotline complaint_case", "a platform's reassignment restarts the case's clock columns"),
            Map.entry("feature/survey case_event", "answers are recorded with the survey row in one statement"),
            Map.entry("feature/console case_event", "a re-run of quarantined input names where it came from"),
            Map.entry("feature/routing complaint_case", "routing sets the category and assignee it decided, only where "
                    + "none was set, in the statement that records its decision"),
            Map.entry("feature/console complaint_case", "a note or reply marks the case changed for the feed"));

    private static final Pattern TABLE_USE = Pattern.compile(
            "\\b(FROM|JOIN|INTO|UPDATE|TABLE)\\s+([a-z_][a-z0-9_]*)\\b");
    private static final Pattern CREATED = Pattern.compile(
            "CREATE TABLE (?:IF NOT EXISTS )?([a-z_][a-z0-9_]*)", Pattern.CASE_INSENSITIVE);

    @Test
    void everyTableHasAnOwner() throws IOException {
        List<String> unowned = new ArrayList<>();
        try (Stream<Path> files = Files.list(MIGRATIONS)) {
            for (Path f : files.toList()) {
                Matcher m = CREATED.matcher(Files.readString(f));
                while (m.find()) {
                    if (!OWNER.containsKey(m.group(1)) && !m.group(1).startsWith("case_event_")) {
                        unowned.add(m.group(1) + " (" + f.getFileName() + ")");
                    }
                }
            }
        }
        assertThat(unowned).as("tables no module owns: add them to OWNER").isEmpty();
    }

    @Test
    void aModulesSqlReachesOnlyItsOwnTablesAndReadsTheCore() throws IOException {
        List<String> violations = new ArrayList<>();
        Set<String> used = new java.util.HashSet<>();
        try (Stream<Path> files = Files.walk(SOURCES)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                String module = moduleOf(SOURCES.relativize(f));
                if (module == null || module.equals("core")) {
                    continue;
                }
                String source = Files.readString(f);
                Matcher m = TABLE_USE.matcher(source);
                while (m.find()) {
                    String table = m.group(2);
                    String owner = OWNER.get(table.startsWith("case_event_") ? "case_event" : table);
                    if (owner == null || owner.equals(module)) {
                        continue;
                    }
                    boolean write = !m.group(1).equals("JOIN") && !m.group(1).equals("FROM")
                            || source.substring(Math.max(0, m.start() - 8), m.start()).contains("DELETE");
                    String key = module + " " + table;
                    used.add(key);
                    boolean allowed = owner.equals("core")
                            ? !write || CORE_WRITES.containsKey(key)
                            : READS.containsKey(key) && !write;
                    if (!allowed) {
                        violations.add(SOURCES.relativize(f) + ": " + m.group(1) + " " + table + " (owned by "
                                + owner + (write ? ", written" : ", read") + ")");
                    }
                }
            }
        }
        assertThat(violations).as("SQL reaching another module's tables; go through that module's public "
                + "interface, or name the exception with its reason in this test and docs/architecture.md").isEmpty();
        List<String> stale = Stream.concat(READS.keySet().stream(), CORE_WRITES.keySet().stream())
                .filter(key -> !used.contains(key)).sorted().toList();
        assertThat(stale).as("exceptions no SQL needs any more: remove them here and in docs/architecture.md")
                .isEmpty();
    }

    /** {@code channel/email} for {@code channel/email/EmailStore.java}; {@code core} for the core; null for the root. */
    private static String moduleOf(Path relative) {
        if (relative.getNameCount() < 3) {
            return relative.getNameCount() == 2 && relative.getName(0).toString().equals("core") ? "core" : null;
        }
        String first = relative.getName(0).toString();
        return first.equals("core") ? "core" : first + "/" + relative.getName(1);
    }

    private static Map<String, String> owners(Map<String, String> byModule) {
        Map<String, String> out = new TreeMap<>();
        byModule.forEach((module, tables) -> Set.of(tables.split(" ")).forEach(t -> out.put(t, module)));
        return out;
    }
}
