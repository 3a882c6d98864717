package dev.shouli.feature.console;

import dev.shouli.core.db.SqlTime;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;

/**
 * What needs a desk user's eyes on a case: citizen input since its assignee last opened it, and re-opens; and
 * when each user last opened each case. Written in the transaction of what caused it (intake, a re-open).
 */
final class AttentionStore {

    private final Pool pool;

    AttentionStore(Pool pool) {
        this.pool = pool;
    }

    /**
     * The citizen added something to the case: a follow-up, a duplicate, a dissatisfied answer, a platform's
     * re-open. A re-open says more than the submission that carried it (a platform's evaluation, an SMS answer to
     * the 回访 question, taken in as appended after the re-open was marked): that submission does not replace it.
     */
    static Future<Void> input(SqlClient conn, long caseId, String kind, Instant at) {
        return conn.preparedQuery("""
                        INSERT INTO desk_case_attention (case_id, input_at, input_kind) VALUES ($1, $2, $3)
                        ON CONFLICT (case_id) DO UPDATE SET input_at = EXCLUDED.input_at,
                                                            input_kind = EXCLUDED.input_kind
                         WHERE NOT coalesce(desk_case_attention.input_kind IN ('dissatisfied', 'platform-reopened')
                                            AND desk_case_attention.input_at >= EXCLUDED.input_at, false)""")
                .execute(Tuple.of(caseId, SqlTime.utc(at), kind)).mapEmpty();
    }

    /** The case was re-opened, by whom (a desk user, {@code survey}, {@code hotline:<source>}). */
    static Future<Void> reopened(SqlClient conn, long caseId, String by, Instant at) {
        return conn.preparedQuery("""
                        INSERT INTO desk_case_attention (case_id, reopened_at, reopened_by) VALUES ($1, $2, $3)
                        ON CONFLICT (case_id) DO UPDATE SET reopened_at = EXCLUDED.reopened_at,
                                                            reopened_by = EXCLUDED.reopened_by""")
                .execute(Tuple.of(caseId, SqlTime.utc(at), by)).mapEmpty();
    }

    /** {@code username} has opened the case now. */
    Future<Void> seen(long caseId, String username, Instant at) {
        return pool.preparedQuery("""
                        INSERT INTO desk_case_seen (case_id, username, seen_at) VALUES ($1, $2, $3)
                        ON CONFLICT (case_id, username) DO UPDATE SET seen_at = EXCLUDED.seen_at""")
                .execute(Tuple.of(caseId, username, SqlTime.utc(at))).mapEmpty();
    }
}
