package dev.shouli.feature.desk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shouli.Gateway;
import dev.shouli.core.db.DatabaseEndpoint;
import dev.shouli.support.Complaints;
import dev.shouli.support.Http;
import dev.shouli.support.TestDatabase;
import dev.shouli.support.TestGateway;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Transaction;
import io.vertx.sqlclient.Tuple;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Server-sent case events with resume, and the changes feed for pull integrations. */
class CaseStreamTest {

    private static final Map<String, String> ENV = Map.of("SHOULI_DESK_STREAM_POLL_INTERVAL", "100ms");
    private static Gateway first;
    private static Gateway second;
    private static Http http;

    @BeforeAll
    static void start() {
        DatabaseEndpoint db = TestDatabase.freshDatabase();
        first = TestGateway.start(db, ENV, Clock.systemUTC());
        second = TestGateway.start(db, ENV, Clock.systemUTC());
        http = new Http(first.port());
    }

    @AfterAll
    static void stop() {
        TestGateway.stop(first);
        TestGateway.stop(second);
    }

    private static String newCase() {
        return new JsonObject(http.postJson("/api/v1/complaints", Complaints.airConditioner().encode()).body())
                .getString("reference");
    }

    private static void act(String reference, String action) {
        assertThat(DeskActionsTestSupport.post(http, reference, action).statusCode()).isEqualTo(200);
    }

    /** One open SSE connection, read on its own thread. */
    static final class Stream implements AutoCloseable {

        record Event(String id, String name, JsonObject data) {
        }

        private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
        private final InputStream body;

        Stream(int port, String lastEventId) throws Exception {
            HttpRequest.Builder request = HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/api/v1/cases/stream"))
                    .header("Authorization", "Bearer " + TestGateway.DESK_TOKEN)
                    .header("Accept", "text/event-stream");
            if (lastEventId != null) {
                request.header("Last-Event-ID", lastEventId);
            }
            HttpResponse<InputStream> response = HttpClient.newHttpClient()
                    .send(request.GET().build(), HttpResponse.BodyHandlers.ofInputStream());
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("Content-Type")).get().asString().startsWith("text/event-stream");
            body = response.body();
            Thread reader = new Thread(this::read, "sse-reader");
            reader.setDaemon(true);
            reader.start();
        }

        private void read() {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
                String id = null;
                String name = null;
                String data = null;
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    if (line.isEmpty()) {
                        if (data != null) {
                            events.add(new Event(id, name, new JsonObject(data)));
                        }
                        id = name = data = null;
                    } else if (line.startsWith("id: ")) {
                        id = line.substring(4);
                    } else if (line.startsWith("event: ")) {
                        name = line.substring(7);
                    } else if (line.startsWith("data: ")) {
                        data = line.substring(6);
                    }
                }
            } catch (IOException closed) {
                // the test closed the stream
            }
        }

        /** The next event about {@code reference}, skipping other cases' events. */
        Event next(String reference) throws InterruptedException {
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (System.nanoTime() < deadline) {
                Event e = events.poll(200, TimeUnit.MILLISECONDS);
                if (e != null && reference.equals(e.data().getString("reference"))) {
                    return e;
                }
            }
            throw new AssertionError("no event for " + reference + " within 20 s");
        }

        @Override
        public void close() throws IOException {
            body.close();
        }
    }

    @Test
    void aDeskThatReconnectsWithLastEventIdMissesNothingEvenOnAnotherInstance() throws Exception {
        String firstCase;
        String lastSeen;
        try (Stream stream = new Stream(first.port(), null)) {
            firstCase = newCase();
            Stream.Event received = stream.next(firstCase);
            assertThat(received.name()).isEqualTo("received");
            assertThat(received.data().getString("id")).isEqualTo(received.id());
            lastSeen = received.id();
        }
        // While the desk is away:
        act(firstCase, "acknowledge");
        String secondCase = newCase();

        try (Stream resumed = new Stream(second.port(), lastSeen)) {
            Stream.Event acknowledged = resumed.next(firstCase);
            assertThat(acknowledged.name()).isEqualTo("acknowledge");
            assertThat(acknowledged.data().getString("actor")).isEqualTo("tester");
            assertThat(resumed.next(secondCase).name()).isEqualTo("received");
        }
    }

    @Test
    void aStreamWithoutLastEventIdStartsAtThePresent() throws Exception {
        String earlier = newCase();
        try (Stream stream = new Stream(first.port(), null)) {
            act(earlier, "acknowledge");

            assertThat(stream.next(earlier).name()).as("not the earlier 'received'").isEqualTo("acknowledge");
        }
    }

    @Test
    void aLastEventIdThatWasNeverGivenOutIs400() {
        HttpResponse<String> response = http.send(http.request("/api/v1/cases/stream")
                .header("Authorization", "Bearer " + TestGateway.DESK_TOKEN)
                .header("Last-Event-ID", "yesterday").GET().build());

        assertThat(response.statusCode()).isEqualTo(400);
    }

    @Test
    void theChangesFeedPagesAndShowsACaseAgainWhenItChanges() {
        String since = Instant.now().minusSeconds(1).toString();
        List<String> made = List.of(newCase(), newCase(), newCase());

        JsonObject page = http.deskJson("/api/v1/cases?updatedSince=" + since + "&limit=2");
        List<String> seen = new ArrayList<>(references(page));
        while (page.getBoolean("hasMore")) {
            assertThat(page.getJsonArray("items")).hasSize(2);
            page = http.deskJson("/api/v1/cases?cursor=" + page.getString("nextCursor") + "&limit=2");
            seen.addAll(references(page));
        }
        assertThat(seen).containsAll(made).doesNotHaveDuplicates();

        act(made.get(0), "acknowledge");
        JsonObject next = http.deskJson("/api/v1/cases?cursor=" + page.getString("nextCursor"));

        assertThat(references(next)).containsExactly(made.get(0));
        assertThat(next.getJsonArray("items").getJsonObject(0).getString("status")).isEqualTo("acknowledged");
    }

    @Test
    void theChangesFeedDoesNotSkipAChangeCommittedLateByASlowTransaction() throws Exception {
        String slow = newCase();
        String fast = newCase();
        String cursor = http.deskJson("/api/v1/cases?updatedSince=" + Instant.now().plusSeconds(3600)
                .toString()).getString("nextCursor");

        SqlConnection conn = first.pool().getConnection().toCompletionStage().toCompletableFuture().get();
        try {
            Transaction tx = conn.begin().toCompletionStage().toCompletableFuture().get();
            conn.preparedQuery("UPDATE complaint_case SET updated_at = now() WHERE reference = $1")
                    .execute(Tuple.of(slow)).toCompletionStage().toCompletableFuture().get();
            act(fast, "acknowledge");

            JsonObject whileSlowIsOpen = http.deskJson("/api/v1/cases?cursor=" + cursor);
            assertThat(references(whileSlowIsOpen)).as("held back behind the open transaction").isEmpty();

            tx.commit().toCompletionStage().toCompletableFuture().get();
            JsonObject afterCommit = http.deskJson("/api/v1/cases?cursor=" + whileSlowIsOpen.getString("nextCursor"));
            assertThat(references(afterCommit)).containsExactlyInAnyOrder(slow, fast);
        } finally {
            conn.close();
        }
    }

    private static List<String> references(JsonObject page) {
        JsonArray items = page.getJsonArray("items");
        List<String> out = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            out.add(items.getJsonObject(i).getString("reference"));
        }
        return out;
    }
}
