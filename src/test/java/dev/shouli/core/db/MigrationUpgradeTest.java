package dev.shouli.core.db;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shouli.support.TestDatabase;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

/** A database holding data at the schema before this release (V7) upgrades to the latest without losing any. */
class MigrationUpgradeTest {

    @Test
    void historyMovesIntoMonthPartitionsAndEverythingElseStays() {
        DatabaseEndpoint db = TestDatabase.freshDatabase();
        Flyway.configure().dataSource(db.jdbcUrl(), db.user(), db.password()).locations("classpath:db/migration")
                .target("7").load().migrate();
        TestDatabase.execute(db, """
                INSERT INTO complaint_case (id, reference, kind, channel, received_at, urgency, complainant, respondent, demand)
                VALUES (nextval('case_number_seq'), 'TS20250310-000001A', 'complaint', 'api', '2025-03-10T02:00:00Z',
                        'normal', '{"phone": "+8613800138000"}', '{}', '{}'),
                       (nextval('case_number_seq'), 'TS20261125-000002B', 'complaint', 'sms', '2026-11-25T02:00:00Z',
                        'normal', '{}', '{}', '{}');
                INSERT INTO submission (channel, transport, external_id, received_at, body, body_sha256, outcome, case_id)
                VALUES ('api', 'http', 'key-1', '2025-03-10T02:00:00Z', '\\x7b7d', 'x', 'created',
                        (SELECT id FROM complaint_case WHERE reference = 'TS20250310-000001A'));
                INSERT INTO case_event (case_id, at, actor, kind, detail)
                SELECT id, received_at, 'intake', 'received', '{"channel": "api"}' FROM complaint_case;
                INSERT INTO case_event (case_id, at, actor, kind)
                SELECT id, received_at + interval '40 days', 'desk', 'acknowledge' FROM complaint_case;
                INSERT INTO outbox (case_id, kind, channel, payload, idempotency_key)
                SELECT id, 'receipt', 'email', '{}', 'receipt:' || reference FROM complaint_case;
                """);
        long eventsBefore = TestDatabase.queryLong(db, "SELECT count(*) FROM case_event");
        long lastEventId = TestDatabase.queryLong(db, "SELECT max(id) FROM case_event");

        Migrations.migrate(db);

        assertThat(TestDatabase.queryLong(db, "SELECT count(*) FROM case_event")).isEqualTo(eventsBefore);
        assertThat(TestDatabase.queryLong(db, "SELECT count(*) FROM case_event_2025_03")).isEqualTo(1);
        assertThat(TestDatabase.queryLong(db, "SELECT count(*) FROM case_event_2025_04")).isEqualTo(1);
        assertThat(TestDatabase.queryLong(db, "SELECT count(*) FROM case_event_2026_11")).isEqualTo(1);
        assertThat(TestDatabase.queryLong(db, "SELECT count(*) FROM case_event_default")).isZero();
        assertThat(TestDatabase.queryLong(db, "SELECT count(*) FROM pg_partitioned_table p JOIN pg_class c "
                + "ON c.oid = p.partrelid WHERE c.relname = 'case_event'")).as("case_event is partitioned").isEqualTo(1);
        TestDatabase.execute(db, "INSERT INTO case_event (case_id, at, actor, kind) SELECT min(id), now(), 't', 'x' "
                + "FROM complaint_case");
        assertThat(TestDatabase.queryLong(db, "SELECT max(id) FROM case_event"))
                .as("event ids carry on from the old sequence").isGreaterThan(lastEventId);
        assertThat(TestDatabase.queryLong(db, "SELECT count(*) FROM submission WHERE external_id = 'key-1' "
                + "AND request_id IS NULL AND body_erased_at IS NULL")).isEqualTo(1);
        assertThat(TestDatabase.queryLong(db, "SELECT count(*) FROM outbox WHERE request_id IS NULL")).isEqualTo(2);
        assertThat(TestDatabase.queryLong(db, "SELECT count(*) FROM complaint_case WHERE anonymised_at IS NULL"))
                .isEqualTo(2);
    }

    @Test
    void aDatabaseMigratedBeforeThreeMigrationsCommentsWereRewordedStillStarts() {
        DatabaseEndpoint db = TestDatabase.freshDatabase();
        Flyway.configure().dataSource(db.jdbcUrl(), db.user(), db.password()).locations("classpath:db/migration")
                .target("15").load().migrate();
        // The checksums those three files had before their comments changed, as such a database recorded them.
        TestDatabase.execute(db, """
                UPDATE flyway_schema_history SET checksum = -299565260 WHERE version = '6';
                UPDATE flyway_schema_history SET checksum = -1298453828 WHERE version = '8';
                UPDATE flyway_schema_history SET checksum = 955929050 WHERE version = '15';
                """);

        Migrations.migrate(db);

        assertThat(TestDatabase.queryLong(db, "SELECT checksum FROM flyway_schema_history WHERE version = '6'"))
                .isEqualTo(106624461L);
    }

    @Test
    void aChecksumThatDiffersOtherwiseStillFailsValidation() {
        DatabaseEndpoint db = TestDatabase.freshDatabase();
        Flyway.configure().dataSource(db.jdbcUrl(), db.user(), db.password()).locations("classpath:db/migration")
                .target("15").load().migrate();
        TestDatabase.execute(db, "UPDATE flyway_schema_history SET checksum = 12345 WHERE version = '6'");

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Migrations.migrate(db))
                .hasMessageContaining("checksum mismatch");
    }
}
