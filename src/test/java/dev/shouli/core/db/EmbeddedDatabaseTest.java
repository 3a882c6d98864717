package dev.shouli.core.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded cluster asks for a random password kept beside its data, and clusters made before keep working. */
class EmbeddedDatabaseTest {

    @TempDir
    Path dir;

    private static Connection connect(EmbeddedDatabase db, String password) throws SQLException {
        DatabaseEndpoint e = db.endpoint();
        return DriverManager.getConnection(e.jdbcUrl(), e.user(), password);
    }

    @Test
    void aNewClusterRefusesTheOldFixedPasswordAndTakesTheKeptOne() throws Exception {
        try (EmbeddedDatabase db = EmbeddedDatabase.start(dir.resolve("postgres"), 0, false)) {
            assertThatThrownBy(() -> connect(db, "postgres").close()).isInstanceOf(SQLException.class)
                    .hasMessageContaining("password authentication failed");
            String kept = Files.readString(db.passwordFile()).strip();
            try (Connection c = connect(db, kept)) {
                assertThat(c.isValid(5)).isTrue();
            }
            assertThat(db.endpoint().password()).isEqualTo(kept).hasSizeGreaterThanOrEqualTo(32);
        }
    }

    @Test
    void thePasswordFileIsReadableByItsOwnerOnly() throws Exception {
        try (EmbeddedDatabase db = EmbeddedDatabase.start(dir.resolve("postgres"), 0, false)) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(db.passwordFile())))
                    .isEqualTo("rw-------");
        }
    }

    @Test
    void aRestartKeepsThePassword() throws Exception {
        String first;
        try (EmbeddedDatabase db = EmbeddedDatabase.start(dir.resolve("postgres"), 0, false)) {
            first = db.endpoint().password();
        }
        try (EmbeddedDatabase db = EmbeddedDatabase.start(dir.resolve("postgres"), 0, false);
             Connection c = connect(db, first)) {
            assertThat(db.endpoint().password()).isEqualTo(first);
            assertThat(c.isValid(5)).isTrue();
        }
    }

    @Test
    void aClusterMadeWithTheOldTrustDefaultsGetsAPasswordAtItsNextStartAndKeepsItsData() throws Exception {
        Path cluster = dir.resolve("postgres");
        try (EmbeddedDatabase db = EmbeddedDatabase.start(cluster, 0, false);
             Connection c = connect(db, db.endpoint().password());
             Statement s = c.createStatement()) {
            s.execute("CREATE TABLE kept (v text)");
            s.execute("INSERT INTO kept VALUES ('投诉')");
        }
        // What a cluster made before looked like: the library's trust-everyone pg_hba.conf and no password file.
        Files.writeString(cluster.resolve("pg_hba.conf"), "local all all trust\nhost all all 127.0.0.1/32 trust\n");
        Files.delete(cluster.resolve(SuperuserPassword.FILE));

        try (EmbeddedDatabase db = EmbeddedDatabase.start(cluster, 0, false);
             Connection c = connect(db, db.endpoint().password());
             Statement s = c.createStatement()) {
            var rows = s.executeQuery("SELECT v FROM kept");
            assertThat(rows.next()).isTrue();
            assertThat(rows.getString(1)).isEqualTo("投诉");
            assertThatThrownBy(() -> connect(db, "postgres").close()).isInstanceOf(SQLException.class);
        }
    }
}
