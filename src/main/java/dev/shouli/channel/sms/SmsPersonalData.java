package dev.shouli.channel.sms;

import dev.shouli.core.cases.PersonalData;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;

/**
 * The SMS channel's records of a number: sent-SMS counters and unassembled parts of long messages. The opt-out list
 * stays: it is what keeps us from texting the person again.
 */
final class SmsPersonalData implements PersonalData {

    @Override
    public Future<JsonObject> erasePerson(SqlConnection conn, Person who) {
        if (!"phone".equals(who.kind())) {
            return Future.succeededFuture(new JsonObject());
        }
        return conn.preparedQuery("DELETE FROM sms_send WHERE phone = $1").execute(Tuple.of(who.value()))
                .compose(sent -> conn.preparedQuery("DELETE FROM sms_concat_part WHERE sender = ANY($1)")
                        .execute(Tuple.tuple().addValue(who.writtenForms().toArray(new String[0])))
                        .map(parts -> new JsonObject().put("channelRecords", sent.rowCount() + parts.rowCount())));
    }
}
