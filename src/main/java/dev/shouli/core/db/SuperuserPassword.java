package dev.shouli.core.db;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;

/**
 * The embedded cluster's superuser password, kept in the cluster directory readable by its owner only (mode 0600).
 * The library that runs the cluster creates it with {@code initdb -A trust}: any local account could connect over
 * 127.0.0.1 as {@code postgres} with any password and read every complaint. So at the first start of a cluster —
 * a new one, or one made before this class existed — a random password is drawn and set, and {@code pg_hba.conf}
 * is replaced by one that asks every connection, socket or TCP, for it (SCRAM-SHA-256). Later starts read it back.
 */
final class SuperuserPassword {

    static final String FILE = "shouli-superuser.password";
    /** The first line of the pg_hba.conf we write: a cluster whose file starts otherwise is not secured yet. */
    private static final String HBA_MARK = "# Written by Shouli";
    private static final String HBA = HBA_MARK + """
             (EmbeddedDatabase): every connection needs the superuser's password, kept in shouli-superuser.password
            # beside this file (mode 0600). See docs/operations.md, "The embedded PostgreSQL".
            local   all   all                 scram-sha-256
            host    all   all   127.0.0.1/32  scram-sha-256
            host    all   all   ::1/128       scram-sha-256
            """;
    private static final char[] ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789".toCharArray();

    private SuperuserPassword() {
    }

    /** The password kept in {@code cluster}, or null when none was kept yet. */
    static String read(Path cluster) throws IOException {
        Path file = cluster.resolve(FILE);
        return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8).strip() : null;
    }

    static boolean secured(Path cluster) throws IOException {
        Path hba = cluster.resolve("pg_hba.conf");
        return Files.exists(hba) && Files.readString(hba, StandardCharsets.UTF_8).startsWith(HBA_MARK);
    }

    /**
     * Sets {@code password} (a kept one, or a new one when null) on a running cluster that still trusts every
     * connection, then makes it ask for the password. The file is written first: a crash in between leaves a password
     * on disk that the next start sets again.
     *
     * @return the password now in force
     */
    static String secure(Path cluster, String password, DataSource superuser) throws IOException, SQLException {
        String pw = password != null ? password : random();
        if (password == null) {
            writeOwnerOnly(cluster.resolve(FILE), pw + "\n");
        }
        try (Connection c = superuser.getConnection(); Statement s = c.createStatement()) {
            s.execute("SET password_encryption = 'scram-sha-256'");
            s.execute("ALTER ROLE postgres PASSWORD '" + pw + "'"); // our own alphabet: nothing to quote
            writeOwnerOnly(cluster.resolve("pg_hba.conf"), HBA);
            s.execute("SELECT pg_reload_conf()");
        }
        return pw;
    }

    private static String random() {
        SecureRandom random = new SecureRandom();
        StringBuilder pw = new StringBuilder();
        for (int i = 0; i < 32; i++) {
            pw.append(ALPHABET[random.nextInt(ALPHABET.length)]);
        }
        return pw.toString();
    }

    /** Written beside the target and moved over it, so a reader never sees half a file or looser permissions. */
    private static void writeOwnerOnly(Path target, String content) throws IOException {
        Path temp = Files.createTempFile(target.getParent(), target.getFileName().toString(), ".new",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(temp, content, StandardCharsets.UTF_8);
        Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
