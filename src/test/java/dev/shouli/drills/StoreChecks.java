package dev.shouli.drills;

import dev.shouli.core.db.DatabaseEndpoint;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/** What the drills read back from PostgreSQL, over JDBC, after the gateway or the database was taken down. */
final class StoreChecks {

    private StoreChecks() {
    }

    /** @return per Idempotency-Key of the JSON API that is stored: its case's reference (null for none) */
    static Map<String, String> storedReferences(DatabaseEndpoint db, Collection<String> keys) throws SQLException {
        Map<String, String> out = new HashMap<>();
        try (Connection c = connect(db);
             PreparedStatement s = c.prepareStatement("SELECT s.external_id, c.reference FROM submission s"
                     + " LEFT JOIN complaint_case c ON c.id = s.case_id"
                     + " WHERE s.channel = 'api' AND s.external_id = ANY (?)")) {
            s.setArray(1, c.createArrayOf("text", keys.toArray()));
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    out.put(r.getString(1), r.getString(2));
                }
            }
        }
        return out;
    }

    /**
     * Things that are only ever written together, counted where one is missing without the other: a case without
     * the submission that made it, without its deadlines, with a contact but no receipt queued; a submission that
     * says it made or joined a case but has none. All must be 0.
     */
    static Map<String, Long> halfWritten(DatabaseEndpoint db) throws SQLException {
        Map<String, String> checks = new LinkedHashMap<>();
        checks.put("cases without a submission", "SELECT count(*) FROM complaint_case c"
                + " WHERE NOT EXISTS (SELECT 1 FROM submission s WHERE s.case_id = c.id)"
                + "   AND NOT EXISTS (SELECT 1 FROM case_submission l WHERE l.case_id = c.id)");
        checks.put("cases without deadlines", "SELECT count(*) FROM complaint_case c"
                + " WHERE NOT EXISTS (SELECT 1 FROM sla_deadline d WHERE d.case_id = c.id)");
        checks.put("cases with a contact but no receipt queued", "SELECT count(*) FROM complaint_case c"
                + " WHERE (c.complainant_phone IS NOT NULL OR c.complainant_email IS NOT NULL)"
                + "   AND NOT EXISTS (SELECT 1 FROM outbox o WHERE o.case_id = c.id AND o.kind = 'receipt')");
        checks.put("submissions that made or joined a case without one", "SELECT count(*) FROM submission"
                + " WHERE outcome IN ('created', 'merged', 'appended') AND case_id IS NULL");
        Map<String, Long> out = new LinkedHashMap<>();
        try (Connection c = connect(db); Statement s = c.createStatement()) {
            for (Map.Entry<String, String> check : checks.entrySet()) {
                try (ResultSet r = s.executeQuery(check.getValue())) {
                    r.next();
                    out.put(check.getKey(), r.getLong(1));
                }
            }
        }
        return out;
    }

    static long cases(DatabaseEndpoint db) throws SQLException {
        try (Connection c = connect(db); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT count(*) FROM complaint_case")) {
            r.next();
            return r.getLong(1);
        }
    }

    private static Connection connect(DatabaseEndpoint db) throws SQLException {
        return DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
    }
}
