package dev.shouli.desk.console;

import dev.shouli.config.ShouliConfig;
import dev.shouli.sla.Calendars;
import dev.shouli.store.ConsoleCaseQueries;
import dev.shouli.store.DeskUserStore;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.time.Clock;

/** Builds the console's parts once per gateway; the routes of every HTTP verticle share them. */
public final class Console {

    private final ShouliConfig config;
    private final ConsoleSessions sessions;
    private final SignInHandlers signIn;
    private final CaseListHandler caseList;
    private final DeskUsers users;

    public Console(Vertx vertx, Pool pool, ShouliConfig config, Calendars calendars, Clock clock) {
        this.config = config;
        DeskUserStore userStore = new DeskUserStore(pool);
        this.users = new DeskUsers(vertx, userStore, config.console(), clock);
        this.sessions = new ConsoleSessions(userStore, config.console(), clock);
        this.signIn = new SignInHandlers(users, sessions, config.console());
        Formats formats = new Formats(config.intake().timeZone(), calendars, clock);
        this.caseList = new CaseListHandler(new ConsoleCaseQueries(pool), formats, config.console().pageSize());
    }

    public DeskUsers users() {
        return users;
    }

    ConsoleSessions sessions() {
        return sessions;
    }

    SignInHandlers signIn() {
        return signIn;
    }

    CaseListHandler caseList() {
        return caseList;
    }

    int retryAfterSeconds() {
        return config.http().retryAfterSeconds();
    }
}
