package dev.shouli.core.db;

import io.vertx.core.VertxException;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.ClosedConnectionException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketException;
import java.nio.channels.ClosedChannelException;
import java.util.Locale;
import java.util.concurrent.TimeoutException;

/** SQL-state mapping in one place: which failures are conflicts and which mean "database unavailable". */
public final class SqlErrors {

    public static final String UNIQUE_VIOLATION = "23505";
    public static final String SERIALIZATION_FAILURE = "40001";
    public static final String DEADLOCK_DETECTED = "40P01";
    public static final String READ_ONLY_SQL_TRANSACTION = "25006";

    private SqlErrors() {
    }

    public static boolean isUniqueViolation(Throwable t) {
        return t instanceof PgException pg && UNIQUE_VIOLATION.equals(pg.getSqlState());
    }

    /**
     * True when the same transaction run again may well succeed: PostgreSQL chose it as a deadlock's victim or
     * cancelled it as a serialization failure.
     */
    public static boolean isRetryable(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof PgException pg && (DEADLOCK_DETECTED.equals(pg.getSqlState())
                    || SERIALIZATION_FAILURE.equals(pg.getSqlState()))) {
                return true;
            }
        }
        return false;
    }

    /**
     * True when the failure says nothing about the request and everything about the database being
     * unreachable, overloaded or shutting down: the source should retry later (503, SMTP 451).
     */
    public static boolean isUnavailable(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof ConnectException || t instanceof ClosedChannelException
                    || t instanceof ClosedConnectionException || t instanceof TimeoutException
                    || t instanceof DatabaseUnavailableException || t instanceof SocketException) {
                return true;
            }
            // A connection the database dropped in the middle of a request: the write fails with a broken pipe,
            // the read with a reset (NIO and native transports say it in the message only).
            if (t instanceof IOException && connectionLost(t.getMessage())) {
                return true;
            }
            // A pooled connection the database closed, handed a statement before the pool noticed (the SQL
            // client refuses it with this message, seen once in the database-crash drill).
            if (t instanceof VertxException && String.valueOf(t.getMessage()).startsWith("Connection is not active")) {
                return true;
            }
            // No pooled connection within the pool's connection timeout: every connection is busy or every attempt
            // to open one hangs (a failover: the proxy in front of PostgreSQL still sends new connections to the
            // node that just died). vertx-sql-client 5.0's pool fails its waiter with a bare "Timeout"
            // (SqlConnectionPool's PoolRequest) or with "Timeout waiting for connection".
            if (t instanceof VertxException
                    && String.valueOf(t.getMessage()).startsWith("Timeout waiting for connection")) {
                return true;
            }
            if (t instanceof PgException pg && pg.getSqlState() != null) {
                String state = pg.getSqlState();
                // 08: connection exception, 53: insufficient resources, 57P0x: shutdown / cannot connect now,
                // 25006: a write reached a server that is read-only right now (during a failover, a standby or a
                // crashed primary starting again in recovery); the transaction did nothing.
                if (state.startsWith("08") || state.startsWith("53") || state.startsWith("57P")
                        || READ_ONLY_SQL_TRANSACTION.equals(state)) {
                    return true;
                }
            }
            String name = t.getClass().getSimpleName();
            if (name.contains("Timeout") || "NoStackTraceThrowable".equals(name)
                    && (String.valueOf(t.getMessage()).contains("onnection") || "Timeout".equals(t.getMessage()))) {
                return true;
            }
        }
        return false;
    }

    private static boolean connectionLost(String message) {
        if (message == null) {
            return false;
        }
        String m = message.toLowerCase(Locale.ROOT);
        return m.contains("broken pipe") || m.contains("connection reset") || m.contains("connection closed")
                || m.contains("connection refused") || m.contains("connection timed out");
    }

    /** Raised by our own code when it knows the database cannot take the work now. */
    public static final class DatabaseUnavailableException extends RuntimeException {
        public DatabaseUnavailableException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
