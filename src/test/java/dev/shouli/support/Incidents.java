package dev.shouli.support;

import dev.shouli.Gateway;
import dev.shouli.core.db.DatabaseEndpoint;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Incidents are linked after intake, off the answer path (dedup.IncidentLinker): tests wait for the linker to
 * catch up before looking at incidents — also before asserting that no incident was made.
 */
public final class Incidents {

    private Incidents() {
    }

    /** An incident made through the API: its id, its cases in the order they came, their complainants' addresses. */
    public record Made(long id, List<String> references, List<String> emails) {
    }

    /**
     * An incident of {@code n} people about one store, each writing with an e-mail address (dedup must be on),
     * once the linker has linked them.
     */
    public static Made make(Gateway gateway, Http http, String store, int n) {
        List<String> references = new ArrayList<>();
        List<String> emails = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String email = store.hashCode() % 1000 + "-" + i + "@example.cn";
            JsonObject complaint = new JsonObject().put("subject", store + "卖过期牛奶")
                    .put("description", store + "人民路店卖的鲜牛奶过期了三天还在货架上，喝了肚子疼。第" + i + "位顾客。")
                    .put("complainant", new JsonObject().put("email", email).put("name", "顾客" + i))
                    .put("respondent", new JsonObject().put("organisation", store));
            references.add(new JsonObject(http.postJson("/api/v1/complaints", complaint.encode(),
                    "Idempotency-Key", UUID.randomUUID().toString()).body()).getString("reference"));
            emails.add(email);
        }
        awaitLinked(gateway);
        long id = http.deskJson("/api/v1/cases/" + references.get(0)).getJsonArray("history").stream()
                .map(JsonObject.class::cast).filter(e -> "incident_linked".equals(e.getString("kind"))).findFirst()
                .orElseThrow().getJsonObject("detail").getLong("incidentId");
        return new Made(id, references, emails);
    }

    /** Waits until every committed case has been through incident linking (at most 60 s). */
    public static void awaitLinked(DatabaseEndpoint db) {
        await(() -> TestDatabase.queryLong(db, "SELECT count(*) FROM incident_queue"));
    }

    /** The same through a gateway's own pool. */
    public static void awaitLinked(Gateway gateway) {
        await(() -> {
            try {
                return gateway.pool().query("SELECT count(*) AS n FROM incident_queue").execute()
                        .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS)
                        .iterator().next().getLong("n");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    private static void await(LongSupplier queued) {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (queued.getAsLong() > 0) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("incident linking did not catch up within 60 s");
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }
}
