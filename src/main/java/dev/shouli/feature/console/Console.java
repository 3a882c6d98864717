package dev.shouli.feature.console;

import dev.shouli.core.cases.CaseFeedStore;
import dev.shouli.core.cases.CaseQueries;
import dev.shouli.core.intake.SubmissionReplay;
import dev.shouli.core.module.ModuleContext;
import dev.shouli.core.sla.Calendars;
import dev.shouli.feature.bulk.CaseBatches;
import dev.shouli.feature.dedup.IncidentActions;
import dev.shouli.feature.dedup.Incidents;
import dev.shouli.feature.report.Reports;
import dev.shouli.feature.dedup.PossibleDuplicates;
import dev.shouli.feature.dedup.Unmerge;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import java.util.List;
import java.util.function.Supplier;

/** Builds the console's parts once per gateway; the routes of every HTTP verticle share them. */
final class Console {

    private final int retryAfterSeconds;
    private final ConsoleSessions sessions;
    private final SignInHandlers signIn;
    private final CaseListHandler caseList;
    private final DeskUsers users;
    private final CaseHandlers cases;
    private final OperationsHandlers operations;
    private final DashboardHandler dashboard;
    private final ConsoleEvents events;
    private final CaseActionHandlers caseActions;
    private final BulkHandlers bulk;
    private final TemplatesHandlers templates;
    private final ReportsHandlers reports;
    private final DeskAssignees assignees;
    private final UsersHandlers usersPage;
    private final ConsoleExtensions extensions;

    Console(ModuleContext context, ConsoleConfig config, CaseQueries caseQueries, Supplier<Unmerge> unmerge,
            Supplier<PossibleDuplicates> duplicates, Supplier<List<SubmissionReplay>> replays,
            Supplier<CaseBatches> batches, Supplier<IncidentActions> incidentActions, Supplier<Reports> reports,
            ConsoleExtensions extensions) {
        this.extensions = extensions;
        Calendars calendars = context.sla().calendars();
        Pool pool = context.pool();
        Clock clock = context.clock();
        this.retryAfterSeconds = context.config().http().retryAfterSeconds();
        DeskUserStore userStore = new DeskUserStore(pool);
        this.assignees = new DeskAssignees(userStore);
        this.users = new DeskUsers(context.vertx(), userStore, config, clock);
        this.sessions = new ConsoleSessions(userStore, config, clock);
        this.usersPage = new UsersHandlers(users);
        this.signIn = new SignInHandlers(users, sessions, config);
        Formats formats = new Formats(context.config().intake().timeZone(), calendars, clock);
        ConsoleCaseQueries list = new ConsoleCaseQueries(pool);
        TemplateStore templates = new TemplateStore(pool);
        ActionFormFields fields = new ActionFormFields(formats.zone(), templates);
        this.caseList = new CaseListHandler(list, formats, config.pageSize(), config.dueSoon(),
                new SavedFilterStore(pool), assignees);
        this.cases = new CaseHandlers(caseQueries, new ConsoleCaseStore(pool), unmerge, duplicates, formats,
                context.noticeDelivery(), assignees, templates, new AttentionStore(pool), extensions);
        this.caseActions = new CaseActionHandlers(context.caseActions(), caseQueries, fields, cases);
        this.bulk = new BulkHandlers(batches, incidentActions, caseList, list, assignees, templates, fields, formats);
        this.templates = new TemplatesHandlers(templates, formats, clock);
        this.reports = new ReportsHandlers(reports, new WorkloadStore(pool), formats);
        this.operations = new OperationsHandlers(pool, caseQueries, context.service(Incidents.class),
                new QuarantineRerun(replays, new RerunStore(pool), clock), formats, clock, incidentActions, batches,
                assignees, templates);
        this.dashboard = new DashboardHandler(new DashboardStore(pool), formats);
        this.events = new ConsoleEvents(pool, new CaseFeedStore(), config.streamPollInterval());
    }

    CaseActionHandlers caseActions() {
        return caseActions;
    }

    BulkHandlers bulk() {
        return bulk;
    }

    ReportsHandlers reports() {
        return reports;
    }

    TemplatesHandlers templates() {
        return templates;
    }

    UsersHandlers usersPage() {
        return usersPage;
    }

    DeskAssignees assignees() {
        return assignees;
    }

    DeskUsers users() {
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

    ConsoleExtensions extensions() {
        return extensions;
    }

    int retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
