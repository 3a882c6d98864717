package dev.shouli.core.db;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Which failures mean "database unavailable, retry later" (503, SMTP 451) rather than a bug (500). */
class SqlErrorsTest {

    @Test
    void aBrokenPipeWritingToADroppedConnectionIsUnavailability() {
        assertThat(SqlErrors.isUnavailable(new IOException("Broken pipe"))).isTrue();
    }

    @Test
    void aResetWhileReadingIsUnavailability() {
        assertThat(SqlErrors.isUnavailable(new SocketException("Connection reset"))).isTrue();
        assertThat(SqlErrors.isUnavailable(new IOException("recvAddress(..) failed: Connection reset by peer")))
                .isTrue();
    }

    @Test
    void aWrappedResetIsUnavailability() {
        assertThat(SqlErrors.isUnavailable(new RuntimeException("intake failed", new IOException("Broken pipe"))))
                .isTrue();
    }

    @Test
    void aStatementOnAPooledConnectionTheDatabaseClosedIsUnavailability() {
        assertThat(SqlErrors.isUnavailable(
                new io.vertx.core.VertxException("Connection is not active now, current status: CLOSED"))).isTrue();
        assertThat(SqlErrors.isUnavailable(new io.vertx.core.VertxException("something else"))).isFalse();
    }

    @Test
    void anAdministratorShutdownIsUnavailability() {
        assertThat(SqlErrors.isUnavailable(new PgException("terminating connection due to administrator command",
                "FATAL", "57P01", null))).isTrue();
    }

    @Test
    void aConstraintViolationIsNotUnavailability() {
        assertThat(SqlErrors.isUnavailable(new PgException("duplicate key", "ERROR", "23505", null))).isFalse();
    }

    @Test
    void anUnrelatedIoErrorIsNotUnavailability() {
        assertThat(SqlErrors.isUnavailable(new IOException("No space left on device"))).isFalse();
    }

    @Test
    void aWriteThatReachedAReadOnlyServerIsUnavailability() {
        // What a failover looks like from a pooled connection that landed on a node not (yet) primary.
        assertThat(SqlErrors.isUnavailable(new PgException("cannot execute INSERT in a read-only transaction",
                "ERROR", "25006", null))).isTrue();
    }

    /**
     * The pool's own timeout, for real: PostgreSQL's address accepts connections and never answers (as a proxy
     * does while it still sends connections to a node that just died), so the request waiting for a connection
     * is failed by the pool after its connection timeout. It must be a 503, not a 500.
     */
    @Test
    void noConnectionWithinThePoolTimeoutIsUnavailability() throws Exception {
        List<Socket> accepted = new ArrayList<>();
        Vertx vertx = Vertx.vertx();
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread acceptor = new Thread(() -> {
                try {
                    while (true) {
                        accepted.add(silent.accept());
                    }
                } catch (IOException closed) {
                    // the test is over
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            Pool pool = PgBuilder.pool()
                    .with(new PoolOptions().setMaxSize(1).setConnectionTimeout(300)
                            .setConnectionTimeoutUnit(TimeUnit.MILLISECONDS))
                    .connectingTo(new PgConnectOptions().setHost("127.0.0.1").setPort(silent.getLocalPort())
                            .setDatabase("shouli").setUser("shouli").setPassword("shouli"))
                    .using(vertx)
                    .build();
            // A statement on the pool fails with one message, a connection asked for (as transactions do) with
            // another; both are the same timeout.
            Throwable query = failureOf(pool.query("SELECT 1").execute());
            Throwable connection = failureOf(pool.getConnection());
            assertThat(SqlErrors.isUnavailable(query)).as(query.toString()).isTrue();
            assertThat(SqlErrors.isUnavailable(connection)).as(connection.toString()).isTrue();
        } finally {
            for (Socket s : accepted) {
                s.close();
            }
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }

    private static Throwable failureOf(io.vertx.core.Future<?> future) throws Exception {
        Throwable failure = future.toCompletionStage().toCompletableFuture()
                .handle((result, error) -> error).get(10, TimeUnit.SECONDS);
        assertThat(failure).as("must fail: nobody answers").isNotNull();
        return failure;
    }
}
