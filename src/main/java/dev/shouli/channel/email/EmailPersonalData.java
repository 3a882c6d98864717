package dev.shouli.channel.email;

import dev.shouli.core.cases.PersonalData;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.util.List;

/** The e-mail channel's records of people: the Message-IDs of their cases' threads and the auto-mail counters. */
final class EmailPersonalData implements PersonalData {

    @Override
    public Future<Void> eraseCases(SqlConnection conn, List<Long> caseIds, Instant now) {
        return conn.preparedQuery("DELETE FROM email_message WHERE case_id = ANY($1)")
                .execute(Tuple.tuple().addValue(caseIds.toArray(new Long[0]))).mapEmpty();
    }

    @Override
    public Future<JsonObject> erasePerson(SqlConnection conn, Person who) {
        if (!"email".equals(who.kind())) {
            return Future.succeededFuture(new JsonObject());
        }
        return conn.preparedQuery("DELETE FROM email_auto_mail WHERE address = $1").execute(Tuple.of(who.value()))
                .map(r -> new JsonObject().put("channelRecords", r.rowCount()));
    }
}
