package dev.shouli.feature.console;

import dev.shouli.Gateway;
import dev.shouli.core.db.DatabaseEndpoint;
import dev.shouli.support.TestGateway;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Creates desk users for tests the way the CLI does (through {@link DeskUsers}), on a running gateway's pool. */
final class DeskUsersFixture {

    private final Gateway gateway;

    DeskUsersFixture(Gateway gateway) {
        this.gateway = gateway;
    }

    void add(String username, String role, String password) {
        ConsoleConfig config = TestGateway.config(Map.of()).section(ConsoleConfig.class);
        try {
            new DeskUsers(gateway.vertx(), new DeskUserStore(gateway.pool()), config, Clock.systemUTC())
                    .save(username, null, role, password).toCompletionStage().toCompletableFuture()
                    .get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static String passwordHash(DatabaseEndpoint db, String username) {
        try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
             PreparedStatement s = c.prepareStatement("SELECT password_hash FROM desk_user WHERE username = ?")) {
            s.setString(1, username);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
