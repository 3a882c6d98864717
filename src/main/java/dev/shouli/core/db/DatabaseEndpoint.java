package dev.shouli.core.db;

import io.vertx.pgclient.PgConnectOptions;

/** Where PostgreSQL is, in the two forms we need: the reactive client's and JDBC's (Flyway). */
public record DatabaseEndpoint(String host, int port, String database, String user, String password) {

    public static DatabaseEndpoint fromUrl(String url) {
        PgConnectOptions o = PgConnectOptions.fromUri(url);
        return new DatabaseEndpoint(o.getHost(), o.getPort(), o.getDatabase(), o.getUser(), o.getPassword());
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://" + host + ":" + port + "/" + database;
    }

    public PgConnectOptions connectOptions() {
        return new PgConnectOptions()
                .setHost(host)
                .setPort(port)
                .setDatabase(database)
                .setUser(user)
                .setPassword(password)
                .setCachePreparedStatements(true)
                .setPipeliningLimit(256);
    }

    @Override
    public String toString() {
        return "postgresql://" + user + "@" + host + ":" + port + "/" + database;
    }
}
