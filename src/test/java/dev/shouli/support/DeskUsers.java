package dev.shouli.support;

import dev.shouli.core.db.DatabaseEndpoint;

/**
 * Desk users for tests that assign cases (分派 takes only active desk users) but never sign in: a row as the CLI
 * would write it, with a password hash nobody can sign in with.
 */
public final class DeskUsers {

    private DeskUsers() {
    }

    /** An active agent {@code username} shown as {@code displayName}. */
    public static void add(DatabaseEndpoint db, String username, String displayName) {
        TestDatabase.execute(db, "INSERT INTO desk_user (username, display_name, role, password_hash, created_at,"
                + " updated_at) VALUES ('" + username + "', '" + displayName.replace("'", "''")
                + "', 'agent', '$argon2id$v=19$m=19456,t=2,p=1$bm9ib2R5$bm9ib2R5', now(), now())"
                + " ON CONFLICT (username) DO NOTHING");
    }
}
