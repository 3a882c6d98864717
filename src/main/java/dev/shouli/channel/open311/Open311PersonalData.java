package dev.shouli.channel.open311;

import dev.shouli.core.cases.PersonalData;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.util.List;

/** What a GeoReport client sent about the person that the case has no place for: its text, address, media. */
final class Open311PersonalData implements PersonalData {

    @Override
    public Future<Void> eraseCases(SqlConnection conn, List<Long> caseIds, Instant now) {
        return conn.preparedQuery("""
                        UPDATE open311_request SET description = NULL, address_string = NULL, address_id = NULL,
                                                   account_id = NULL, media_url = NULL, latitude = NULL, longitude = NULL
                         WHERE case_id = ANY($1)""")
                .execute(Tuple.tuple().addValue(caseIds.toArray(new Long[0]))).mapEmpty();
    }
}
