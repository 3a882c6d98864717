package dev.shouli.core.db;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Flyway over JDBC, used only at start-up and off the event loop: it blocks. */
public final class Migrations {

    private static final Logger LOG = LoggerFactory.getLogger(Migrations.class);

    /**
     * Migrations whose comments were reworded after they had been applied (to cite docs/ rather than a design
     * document and an issue nobody can open): version, checksum before, checksum now. Flyway's checksum covers
     * comments too, so a database migrated before would refuse to start; its recorded checksum is brought
     * forward, and only from exactly the old value, so any other difference still fails validation.
     */
    private record CommentEdit(String version, int before, int now) {
    }

    private static final List<CommentEdit> COMMENT_EDITS = List.of(
            new CommentEdit("6", -299565260, 106624461),
            new CommentEdit("8", -1298453828, 1858657194),
            new CommentEdit("15", 955929050, 461206057));

    private Migrations() {
    }

    private static Flyway flyway(DatabaseEndpoint endpoint) {
        return Flyway.configure()
                .dataSource(endpoint.jdbcUrl(), endpoint.user(), endpoint.password())
                .locations("classpath:db/migration")
                .load();
    }

    /** Applies pending migrations; returns the schema version the code expects (the newest migration). */
    public static String migrate(DatabaseEndpoint endpoint) {
        Flyway flyway = flyway(endpoint);
        acceptCommentEdits(endpoint);
        MigrateResult result = flyway.migrate();
        LOG.info("database schema at version {} ({} migrations applied now)",
                result.targetSchemaVersion != null ? result.targetSchemaVersion : result.initialSchemaVersion,
                result.migrationsExecuted);
        return latestVersion(endpoint);
    }

    /** The newest migration shipped with this build, applied or not. */
    public static String latestVersion(DatabaseEndpoint endpoint) {
        MigrationInfo[] all = flyway(endpoint).info().all();
        if (all.length == 0) {
            throw new IllegalStateException("no migrations found on the classpath under db/migration");
        }
        return all[all.length - 1].getVersion().getVersion();
    }

    private static void acceptCommentEdits(DatabaseEndpoint endpoint) {
        try (Connection c = DriverManager.getConnection(endpoint.jdbcUrl(), endpoint.user(), endpoint.password())) {
            if (!historyExists(c)) {
                return;
            }
            try (PreparedStatement update = c.prepareStatement(
                    "UPDATE flyway_schema_history SET checksum = ? WHERE version = ? AND checksum = ?")) {
                for (CommentEdit edit : COMMENT_EDITS) {
                    update.setInt(1, edit.now());
                    update.setString(2, edit.version());
                    update.setInt(3, edit.before());
                    if (update.executeUpdate() > 0) {
                        LOG.info("migration {}: only its comments changed; its recorded checksum is brought forward",
                                edit.version());
                    }
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not read the schema history: " + e.getMessage(), e);
        }
    }

    private static boolean historyExists(Connection c) throws SQLException {
        try (PreparedStatement q = c.prepareStatement("SELECT to_regclass('flyway_schema_history') IS NOT NULL");
             var rows = q.executeQuery()) {
            return rows.next() && rows.getBoolean(1);
        }
    }
}
