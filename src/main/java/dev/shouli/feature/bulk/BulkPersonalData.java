package dev.shouli.feature.bulk;

import dev.shouli.core.cases.PersonalData;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlConnection;
import java.time.Instant;
import java.util.List;

/**
 * What batches keep that was written for complainants: their parameters (a public note, a result, a reply, a phone
 * reply's summary) and each item's answer. An erased case's items lose their texts, and so does a finished batch it
 * was in; finished batches go after the outbox's time ({@code retention.finishedOutbox}).
 */
final class BulkPersonalData implements PersonalData {

    private final BatchStore store;

    BulkPersonalData(BatchStore store) {
        this.store = store;
    }

    @Override
    public Future<Void> eraseCases(SqlConnection conn, List<Long> caseIds, Instant now) {
        return store.eraseCases(conn, caseIds);
    }

    @Override
    public Future<Integer> deleteFinished(SqlConnection conn, Instant before, int limit) {
        return store.deleteFinished(conn, before, limit);
    }
}
