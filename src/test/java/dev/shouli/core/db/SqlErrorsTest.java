package dev.shouli.core.db;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.pgclient.PgException;
import java.io.IOException;
import java.net.SocketException;
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
}
