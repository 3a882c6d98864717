package dev.shouli.channel.open311;

import dev.shouli.core.domain.IntakeOutcome;
import dev.shouli.core.intake.IntakeEvent;
import dev.shouli.core.intake.IntakeHook;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlConnection;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * Records, in the intake transaction, what a GeoReport client sent that the case has no place for (service
 * code, address id, attributes, the token), so GET requests can answer from the same commit.
 */
public final class Open311IntakeHook implements IntakeHook {

    public static final String CHANNEL = "open311";

    private final Open311RequestParser parser;

    public Open311IntakeHook(Open311RequestParser parser) {
        this.parser = parser;
    }

    @Override
    public Future<Void> afterIntake(SqlConnection connection, IntakeEvent event) {
        if (!CHANNEL.equals(event.submission().channel()) || event.outcome() == IntakeOutcome.APPENDED) {
            return Future.succeededFuture();
        }
        // Parsed and checked before intake; parsing again is pure.
        Open311Request r = parser.parse(Open311RequestParser.form(
                new String(event.submission().body(), StandardCharsets.UTF_8)));
        JsonObject attributes = new JsonObject();
        r.attributes().forEach((code, values) -> attributes.put(code, values.size() == 1 ? values.get(0) : values));
        // The client's Idempotency-Key doubles as its token: a client that lost our answer can look it up.
        String token = event.submission().externalId() != null ? event.submission().externalId()
                : UUID.randomUUID().toString();
        return Open311Store.insert(connection, new Open311Store.NewRequest(event.caseId(), r.service().code(), token,
                r.description(), r.addressString(), r.addressId(), r.latitude(), r.longitude(), r.mediaUrl(),
                attributes, r.accountId(), event.complaint().receivedAt()));
    }
}
