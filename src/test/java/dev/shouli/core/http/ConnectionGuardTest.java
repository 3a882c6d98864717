package dev.shouli.core.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shouli.Gateway;
import dev.shouli.support.Http;
import dev.shouli.support.TestDatabase;
import dev.shouli.support.TestGateway;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Idle and slow connections are closed in time, and one client cannot hold more than its share of connections. */
class ConnectionGuardTest {

    private static Gateway gateway;
    private static Http http;

    @BeforeAll
    static void start() {
        gateway = TestGateway.start(TestDatabase.freshDatabase(), Map.of(
                "SHOULI_HTTP_HEADER_TIMEOUT", "2s",
                "SHOULI_HTTP_BODY_TIMEOUT", "2s",
                "SHOULI_HTTP_MAX_CONNECTIONS_PER_CLIENT", "4"), Clock.systemUTC());
        http = new Http(gateway.port());
    }

    @AfterAll
    static void stop() {
        TestGateway.stop(gateway);
    }

    private static Socket open() throws IOException {
        Socket socket = new Socket("127.0.0.1", gateway.port());
        socket.setSoTimeout(8_000);
        return socket;
    }

    /** Everything the server sends until it closes the connection; fails the test if it never does. */
    private static String readUntilClosed(Socket socket) throws IOException {
        InputStream in = socket.getInputStream();
        try {
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        } catch (SocketTimeoutException e) {
            throw new AssertionError("the server held the connection open for 8 s");
        }
    }

    @Test
    void aConnectionThatSendsNothingIsClosedAfterTheHeaderTimeout() throws Exception {
        try (Socket socket = open()) {
            long started = System.nanoTime();

            assertThat(readUntilClosed(socket)).isEmpty();
            assertThat((System.nanoTime() - started) / 1_000_000).isBetween(1_900L, 5_000L);
        }
    }

    @Test
    void anAnswerTellsTheClientToLetItsConnectionGoWellBeforeItIsClosed() throws Exception {
        try (Socket socket = open()) {
            socket.getOutputStream().write("GET /health/live HTTP/1.1\r\nHost: a\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            long started = System.nanoTime();

            String answer = readUntilClosed(socket);

            assertThat(answer).startsWith("HTTP/1.1 200").containsIgnoringCase("\r\nkeep-alive: timeout=1\r\n");
            assertThat((System.nanoTime() - started) / 1_000_000).as("closed well after the client was told to let go")
                    .isGreaterThanOrEqualTo(2_000L);
        }
        try (Socket socket = open()) {
            socket.getOutputStream().write("GET /health/live HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));

            assertThat(readUntilClosed(socket)).startsWith("HTTP/1.1 200").doesNotContainIgnoringCase("keep-alive:");
        }
    }

    @Test
    void aRequestHeadSentOneByteAtATimeIsCutOff() throws Exception {
        try (Socket socket = open()) {
            byte[] head = "GET /health/live HTTP/1.1\r\nHost: a\r\nX-Slow: ".getBytes(StandardCharsets.US_ASCII);
            try {
                for (int i = 0; i < 40; i++) {
                    socket.getOutputStream().write(head[i % head.length]);
                    Thread.sleep(200);
                }
            } catch (IOException closed) {
                return; // closed while we wrote: cut off
            }
            assertThat(readUntilClosed(socket)).doesNotContain("200 OK");
        }
    }

    @Test
    void aBodyThatDoesNotArriveInTimeIsAnswered408() throws Exception {
        try (Socket socket = open()) {
            socket.getOutputStream().write(("POST /api/v1/complaints HTTP/1.1\r\nHost: a\r\nContent-Type: "
                    + "application/json\r\nContent-Length: 1000\r\n\r\n{\"description\":").getBytes(StandardCharsets.UTF_8));

            String answer = readUntilClosed(socket);

            assertThat(answer).startsWith("HTTP/1.1 408").contains("request-timeout");
        }
    }

    @Test
    void aClientHoldingItsMostConnectionsHasTheNextOneClosedAtOnce() throws Exception {
        List<Socket> held = new ArrayList<>();
        try {
            for (int i = 0; i < 4; i++) {
                held.add(open());
            }
            Thread.sleep(200); // the server has registered them
            try (Socket extra = open()) {
                extra.setSoTimeout(800);
                long started = System.nanoTime();

                assertThat(readUntilClosed(extra)).isEmpty();
                assertThat((System.nanoTime() - started) / 1_000_000).isLessThan(800);
            }
        } finally {
            for (Socket s : held) {
                s.close();
            }
        }
        Thread.sleep(200);
        assertThat(http.get("/health/live").statusCode()).isEqualTo(200);
    }
}
