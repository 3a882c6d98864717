package dev.shouli.feature.console;

import dev.shouli.channel.ChannelAdapter;
import dev.shouli.channel.email.EmailIntake;
import dev.shouli.core.config.ShouliConfig;
import dev.shouli.core.intake.IntakeService;
import dev.shouli.core.cases.CaseFeedStore;
import java.util.List;
import dev.shouli.feature.dedup.Unmerge;
import dev.shouli.core.cases.CaseActionService;
import dev.shouli.feature.dedup.PossibleDuplicates;
import dev.shouli.core.sla.SlaView;
import dev.shouli.core.cases.CaseQueries;
import dev.shouli.core.sla.Calendars;
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
    private final CaseHandlers cases;
    private final OperationsHandlers operations;
    private final DashboardHandler dashboard;
    private final ConsoleEvents events;

    public Console(Vertx vertx, Pool pool, ShouliConfig config, Clock clock, CaseActionService caseActions,
                   Unmerge unmerge, PossibleDuplicates duplicates, IntakeService intake, EmailIntake emailIntake,
                   List<ChannelAdapter> adapters) {
        Calendars calendars = config.sla().calendars();
        this.config = config;
        DeskUserStore userStore = new DeskUserStore(pool);
        this.users = new DeskUsers(vertx, userStore, config.console(), clock);
        this.sessions = new ConsoleSessions(userStore, config.console(), clock);
        this.signIn = new SignInHandlers(users, sessions, config.console());
        Formats formats = new Formats(config.intake().timeZone(), calendars, clock);
        this.caseList = new CaseListHandler(new ConsoleCaseQueries(pool), formats, config.console().pageSize());
        CaseQueries caseQueries = new CaseQueries(pool, new SlaView(calendars, clock));
        this.cases = new CaseHandlers(caseQueries, new ConsoleCaseStore(pool),
                caseActions, unmerge, duplicates, formats, !"none".equals(config.sms().sendProvider()));
        this.operations = new OperationsHandlers(pool, caseQueries,
                new QuarantineRerun(intake, emailIntake, adapters, new RerunStore(pool), clock), formats, clock);
        this.dashboard = new DashboardHandler(new DashboardStore(pool), formats);
        this.events = new ConsoleEvents(pool, new CaseFeedStore(), config.push().streamPollInterval());
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

    CaseHandlers cases() {
        return cases;
    }

    OperationsHandlers operations() {
        return operations;
    }

    DashboardHandler dashboard() {
        return dashboard;
    }

    ConsoleEvents events() {
        return events;
    }

    int retryAfterSeconds() {
        return config.http().retryAfterSeconds();
    }
}
