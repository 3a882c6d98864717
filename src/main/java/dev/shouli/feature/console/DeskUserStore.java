package dev.shouli.feature.console;

import dev.shouli.core.db.SqlTime;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Desk users of the console, their sessions, and failed sign-ins (throttling). */
final class DeskUserStore {

    private static final String USER_COLUMNS = "id, username, display_name, role, password_hash, active";

    private static final String UPSERT_USER = """
            INSERT INTO desk_user (username, display_name, role, password_hash, created_at, updated_at)
            VALUES ($1, $2, $3, $4, $5, $5)
            ON CONFLICT (username) DO UPDATE
               SET display_name = EXCLUDED.display_name, role = EXCLUDED.role,
                   password_hash = EXCLUDED.password_hash, active = true, updated_at = EXCLUDED.updated_at
            RETURNING (xmax = 0) AS created""";

    private static final String INSERT_IF_MISSING = """
            INSERT INTO desk_user (username, display_name, role, password_hash, created_at, updated_at)
            VALUES ($1, $2, $3, $4, $5, $5)
            ON CONFLICT (username) DO NOTHING""";

    /** A session is found only while both its idle and its absolute limit hold; finding it extends the idle one. */
    private static final String TOUCH_SESSION = """
            UPDATE desk_session s SET last_seen_at = $2, expires_at = least($3, s.created_at + $4 * interval '1 second')
              FROM desk_user u
             WHERE s.token_sha256 = $1 AND u.id = s.user_id AND u.active AND s.expires_at > $2
            RETURNING u.id, u.username, u.display_name, u.role, s.csrf_token, s.language""";

    /** A desk user as the console knows them. */
    public record DeskUser(long id, String username, String displayName, String role, String passwordHash,
                           boolean active) {
        @Override
        public String toString() {
            return "DeskUser[" + username + ", " + role + "]";
        }
    }

    /** A live session: who, their anti-forgery token, their language. */
    public record Session(long userId, String username, String displayName, String role, String csrfToken,
                          String language) {
    }

    private final Pool pool;

    public DeskUserStore(Pool pool) {
        this.pool = pool;
    }

    /** Creates the user, or replaces the role, name and password of an existing one; true when created. */
    public Future<Boolean> upsert(String username, String displayName, String role, String passwordHash, Instant now) {
        return pool.preparedQuery(UPSERT_USER)
                .execute(Tuple.of(username, displayName, role, passwordHash, SqlTime.utc(now)))
                .map(rows -> rows.iterator().next().getBoolean("created"));
    }

    /** Creates the user unless one of that name exists; true when created. */
    public Future<Boolean> createIfMissing(String username, String displayName, String role, String passwordHash,
                                           Instant now) {
        return pool.preparedQuery(INSERT_IF_MISSING)
                .execute(Tuple.of(username, displayName, role, passwordHash, SqlTime.utc(now)))
                .map(rows -> rows.rowCount() == 1);
    }

    /**
     * Changes one user: display name, role, whether active, password hash (null leaves each as it is). A
     * deactivated user or a new password ends the user's sessions (whoever held the old one is signed out).
     * @return whether the user exists
     */
    public Future<Boolean> change(String username, String displayName, String role, Boolean active,
                                  String passwordHash, Instant now) {
        return pool.withTransaction(conn -> conn.preparedQuery("""
                        UPDATE desk_user SET display_name = coalesce($2, display_name), role = coalesce($3, role),
                               active = coalesce($4, active), password_hash = coalesce($5, password_hash),
                               updated_at = $6
                         WHERE username = $1 RETURNING id, active""")
                .execute(Tuple.of(username, displayName, role, active, passwordHash, SqlTime.utc(now)))
                .compose(rows -> {
                    if (!rows.iterator().hasNext()) {
                        return Future.succeededFuture(false);
                    }
                    Row r = rows.iterator().next();
                    boolean signOut = passwordHash != null || !r.getBoolean("active");
                    return !signOut ? Future.succeededFuture(true)
                            : conn.preparedQuery("DELETE FROM desk_session WHERE user_id = $1")
                                    .execute(Tuple.of(r.getLong("id"))).map(true);
                }));
    }

    public Future<Optional<DeskUser>> byUsername(String username) {
        return pool.preparedQuery("SELECT " + USER_COLUMNS + " FROM desk_user WHERE username = $1")
                .execute(Tuple.of(username))
                .map(rows -> rows.iterator().hasNext() ? Optional.of(user(rows.iterator().next())) : Optional.empty());
    }

    public Future<List<DeskUser>> all() {
        return pool.query("SELECT " + USER_COLUMNS + " FROM desk_user ORDER BY username").execute().map(rows -> {
            List<DeskUser> out = new ArrayList<>();
            rows.forEach(r -> out.add(user(r)));
            return out;
        });
    }

    /** Failures for the account and for the client within the window, counted in one round trip. */
    public Future<int[]> recentFailures(String account, String client, Instant since) {
        return pool.preparedQuery("""
                        SELECT count(*) FILTER (WHERE account = $1) AS by_account,
                               count(*) FILTER (WHERE client = $2) AS by_client
                          FROM desk_sign_in_failure
                         WHERE (account = $1 OR client = $2) AND at > $3""")
                .execute(Tuple.of(account, client, SqlTime.utc(since)))
                .map(rows -> {
                    Row r = rows.iterator().next();
                    return new int[] {r.getInteger("by_account"), r.getInteger("by_client")};
                });
    }

    public Future<Void> recordFailure(String account, String client, Instant at) {
        return pool.preparedQuery("INSERT INTO desk_sign_in_failure (account, client, at) VALUES ($1, $2, $3)")
                .execute(Tuple.of(account, client, SqlTime.utc(at))).mapEmpty();
    }

    /** After a successful sign-in the account's count starts again; old rows of anyone are pruned too. */
    public Future<Void> clearFailures(String account, Instant olderThan) {
        return pool.preparedQuery("DELETE FROM desk_sign_in_failure WHERE account = $1 OR at < $2")
                .execute(Tuple.of(account, SqlTime.utc(olderThan))).mapEmpty();
    }

    public Future<Void> createSession(String tokenSha256, long userId, String csrfToken, String language, Instant now,
                                      Instant expiresAt) {
        return pool.preparedQuery("""
                        INSERT INTO desk_session (token_sha256, user_id, csrf_token, language, created_at, last_seen_at,
                                                  expires_at)
                        VALUES ($1, $2, $3, $4, $5, $5, $6)""")
                .execute(Tuple.of(tokenSha256, userId, csrfToken, language, SqlTime.utc(now),
                        SqlTime.utc(expiresAt)))
                .mapEmpty();
    }

    /**
     * The live session of a token, its idle expiry moved to {@code now + idle} (never past {@code maxSeconds}
     * after sign-in); empty when unknown, expired or its user deactivated.
     */
    public Future<Optional<Session>> touchSession(String tokenSha256, Instant now, Instant idleUntil, long maxSeconds) {
        return pool.preparedQuery(TOUCH_SESSION)
                .execute(Tuple.of(tokenSha256, SqlTime.utc(now), SqlTime.utc(idleUntil), maxSeconds))
                .map(rows -> {
                    if (!rows.iterator().hasNext()) {
                        return Optional.empty();
                    }
                    Row r = rows.iterator().next();
                    return Optional.of(new Session(r.getLong("id"), r.getString("username"),
                            r.getString("display_name"), r.getString("role"), r.getString("csrf_token"),
                            r.getString("language")));
                });
    }

    public Future<Void> setLanguage(String tokenSha256, String language) {
        return pool.preparedQuery("UPDATE desk_session SET language = $2 WHERE token_sha256 = $1")
                .execute(Tuple.of(tokenSha256, language)).mapEmpty();
    }

    public Future<Void> deleteSession(String tokenSha256) {
        return pool.preparedQuery("DELETE FROM desk_session WHERE token_sha256 = $1")
                .execute(Tuple.of(tokenSha256)).mapEmpty();
    }

    /** Expired sessions are useless; removed now and then by the instance that signs someone in. */
    public Future<Void> deleteExpiredSessions(Instant now) {
        return pool.preparedQuery("DELETE FROM desk_session WHERE expires_at <= $1")
                .execute(Tuple.of(SqlTime.utc(now))).mapEmpty();
    }

    private static DeskUser user(Row r) {
        return new DeskUser(r.getLong("id"), r.getString("username"), r.getString("display_name"),
                r.getString("role"), r.getString("password_hash"), r.getBoolean("active"));
    }
}
