package dev.shouli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shouli.support.TestDatabase;
import dev.shouli.support.TestGateway;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class GatewayStartTest {

    @Test
    void aPortInUseFailsStartUpAtOnceWithTheCause() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
            var config = TestGateway.config(Map.of("SHOULI_HTTP_PORT", String.valueOf(taken.getLocalPort())));

            long started = System.nanoTime();
            assertThatThrownBy(() -> Gateway.start(config, TestDatabase.freshDatabase(), Clock.systemUTC())
                    .toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class)
                    .hasMessageContaining("Address already in use");
            assertThat(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started)).isLessThan(30);
        }
    }
}
