package dev.shouli.feature.survey;

import dev.shouli.core.cases.PersonalData;
import dev.shouli.core.db.SqlTime;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.util.List;

/**
 * 回访 of erased cases: the number or address asked and the comments go (the verdicts stay, for statistics); a
 * question not asked yet is not asked any more. A hotline platform's evaluations are its work-order record and stay.
 */
final class SurveyPersonalData implements PersonalData {

    private static final String SURVEYS = """
            UPDATE satisfaction_survey
               SET address = NULL, comment = NULL, updated_at = $2,
                   reason = CASE WHEN state = 'scheduled' THEN 'erased' ELSE reason END,
                   state = CASE WHEN state = 'scheduled' THEN 'cancelled' ELSE state END
             WHERE case_id = ANY($1) AND channel <> 'hotline'""";
    private static final String ANSWERS = """
            UPDATE satisfaction_answer SET comment = NULL
             WHERE survey_id IN (SELECT id FROM satisfaction_survey
                                  WHERE case_id = ANY($1) AND channel <> 'hotline')""";

    @Override
    public Future<Void> eraseCases(SqlConnection conn, List<Long> caseIds, Instant now) {
        Long[] ids = caseIds.toArray(new Long[0]);
        return conn.preparedQuery(ANSWERS).execute(Tuple.tuple().addValue(ids))
                .compose(v -> conn.preparedQuery(SURVEYS).execute(Tuple.tuple().addValue(ids)
                        .addValue(SqlTime.utc(now))))
                .mapEmpty();
    }
}
