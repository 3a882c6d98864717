package dev.shouli.support;

import dev.shouli.core.db.DatabaseEndpoint;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;

/**
 * Cases held by another transaction, as a desk user's action in progress holds them: whatever locks them waits
 * until {@link #release()} (or close) ends it without changing anything.
 */
public final class HeldCases implements AutoCloseable {

    private final Connection connection;

    private HeldCases(Connection connection) {
        this.connection = connection;
    }

    public static HeldCases hold(DatabaseEndpoint db, List<String> references) {
        try {
            Connection c = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
            c.setAutoCommit(false);
            try (PreparedStatement lock = c.prepareStatement(
                    "SELECT id FROM complaint_case WHERE reference = ANY(?) FOR UPDATE")) {
                lock.setArray(1, c.createArrayOf("text", references.toArray()));
                lock.executeQuery().close();
            }
            return new HeldCases(c);
        } catch (SQLException e) {
            throw new IllegalStateException("could not hold the cases", e);
        }
    }

    /** Ends the holding transaction; the cases are free again. */
    public void release() {
        try {
            if (!connection.isClosed()) {
                connection.rollback();
                connection.close();
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        release();
    }
}
