package dev.shouli.core.db;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Flyway over JDBC, used only at start-up and off the event loop: it blocks. */
public final class Migrations {

    private static final Logger LOG = LoggerFactory.getLogger(Migrations.class);

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
}
