package dev.shouli.core.db;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shouli.Gateway;
import dev.shouli.support.Http;
import dev.shouli.support.TestDatabase;
import dev.shouli.support.TestGateway;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import java.net.http.HttpResponse;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Readiness means: the database answers and the migrations this build ships are applied. */
class SchemaCheckTest {

    private static <T> T await(io.vertx.core.Future<T> future) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    @Test
    void notReadyBeforeMigrationsAndReadyAfter() throws Exception {
        DatabaseEndpoint db = TestDatabase.freshDatabase();
        Vertx vertx = Vertx.vertx();
        try {
            Pool pool = PgBuilder.pool().connectingTo(db.connectOptions()).using(vertx).build();
            SchemaCheck check = new SchemaCheck(pool, Migrations.latestVersion(db));

            Throwable before = check.check().transform(ar -> io.vertx.core.Future.succeededFuture(ar.cause()))
                    .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
            assertThat(before).hasMessageContaining("not migrated");

            Migrations.migrate(db);

            assertThat(await(check.check())).contains("schema version");
        } finally {
            await(vertx.close());
        }
    }

    @Test
    void readyEndpointReportsTheDatabaseAndSchema() {
        Gateway gateway = TestGateway.start(TestDatabase.freshDatabase());
        try {
            HttpResponse<String> response = new Http(gateway.port()).get("/health/ready");

            assertThat(response.statusCode()).isEqualTo(200);
            JsonObject body = new JsonObject(response.body());
            assertThat(body.getString("status")).isEqualTo("UP");
            assertThat(body.getJsonObject("checks").getJsonObject("database").getString("detail"))
                    .contains("schema version");
            assertThat(new Http(gateway.port()).get("/health/live").statusCode()).isEqualTo(200);
        } finally {
            TestGateway.stop(gateway);
        }
    }

    @Test
    void metricsExposeIntakeCountsLatencyAndPoolUsage() {
        Gateway gateway = TestGateway.start(TestDatabase.freshDatabase());
        try {
            Http http = new Http(gateway.port());
            http.postJson("/api/v1/complaints", dev.shouli.support.Complaints.airConditioner().encode());

            String metrics = http.get("/metrics").body();

            assertThat(metrics).contains("shouli_intake_total{channel=\"api\",outcome=\"created\"");
            assertThat(metrics).contains("shouli_intake_duration_seconds_bucket");
            assertThat(metrics).containsPattern("vertx_pool_(in_use|ratio|usage|queue)");
        } finally {
            TestGateway.stop(gateway);
        }
    }
}
