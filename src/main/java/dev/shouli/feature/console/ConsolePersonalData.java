package dev.shouli.feature.console;

import dev.shouli.core.cases.PersonalData;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.util.List;

/** Desk notes are free text about the person; the history keeps that a note was added. */
final class ConsolePersonalData implements PersonalData {

    @Override
    public Future<Void> eraseCases(SqlConnection conn, List<Long> caseIds, Instant now) {
        return conn.preparedQuery("DELETE FROM case_note WHERE case_id = ANY($1)")
                .execute(Tuple.tuple().addValue(caseIds.toArray(new Long[0]))).mapEmpty();
    }
}
